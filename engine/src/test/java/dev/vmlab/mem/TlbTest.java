package dev.vmlab.mem;

import static dev.vmlab.mem.Paging.*;
import static dev.vmlab.testing.Asm.*;
import static dev.vmlab.testing.PageTables.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmlab.machine.MachineConfig;
import dev.vmlab.testing.TestMachines;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** sfence.vma (privileged spec §4.2.1) and the TLB model's statistics. */
class TlbTest {
    private static final long A_PA = DATA_PA, B_PA = DATA_PA + 0x1000;

    /** S code that can rewrite the leaf PTE of VA_DATA through the page-table page mapped at VA_PT. */
    private static final long VA_PT = 0x200_0000L;

    private static Result remap(Consumer<dev.vmlab.testing.Asm> fence) {
        long[] slot = new long[1];
        return sv39(1, (pt, m) -> {
            slot[0] = pt.map(VA_DATA, A_PA, R | W | A | D);
            pt.map(VA_PT, slot[0] & ~0xfffL, R | W | A | D);
            TestMachines.poke(m, A_PA, 8, 0xaaaa);
            TestMachines.poke(m, B_PA, 8, 0xbbbb);
            TestMachines.poke(m, CODE_PA + 0x1800, 8, slot[0] & 0xfff); // where the code finds the PTE's offset
            TestMachines.poke(m, CODE_PA + 0x1808, 8, (B_PA >>> 12) << 10 | R | W | A | D | V);
        }, a -> {
            a.li(T0, VA_DATA).li(T1, VA_PT).li(T2, VA_CODE + 0x1800).ld(T3, 0, T2).ld(T4, 8, T2).add(T1, T1, T3)
                .ld(A0, 0, T0)   // caches VA_DATA -> A
                .sd(T4, 0, T1)   // the PTE now says B
                .ld(A1, 0, T0);  // A or B: stale translations may be used until a fence
            fence.accept(a);
            a.ld(A2, 0, T0).ecall();
        });
    }

    @Test
    void sfenceVmaMakesAChangedPteVisible() {
        Result r = remap(a -> a.sfenceVma(ZERO, ZERO)).assertReachedEcall();
        assertEquals(0xaaaa, r.x(A0));
        assertEquals(0xbbbb, r.x(A2));
    }

    @Test
    void addressSpecificSfenceVmaMakesTheChangedPteVisible() {
        Result r = remap(a -> a.sfenceVma(T0, ZERO)).assertReachedEcall();
        assertEquals(0xaaaa, r.x(A0));
        assertEquals(0xbbbb, r.x(A2));
    }

    @Test
    void sfenceVmaForAnAsidMakesTheChangedPteVisible() {
        Result r = remap(a -> a.sfenceVma(T0, ZERO).li(A3, 0).sfenceVma(T0, A3)).assertReachedEcall();
        assertEquals(0xbbbb, r.x(A2));
    }

    /** S code loading VA_DATA {@code k} times in a loop: the same instructions whatever k is. */
    private static Result loadLoop(MachineConfig config, int k) {
        return run(config, 3, 1, 0, (pt, m) -> pt.map(VA_DATA, A_PA, R | W),
            a -> a.li(T0, VA_DATA).li(T1, k).label("loop").ld(A0, 0, T0).addi(T1, T1, -1).bne(T1, ZERO, "loop")
                .ecall()).assertReachedEcall();
    }

    @Test
    void tlbCountsAHitForEveryRepeatedTranslatedLoad() {
        MachineConfig c = TestMachines.config();
        Result one = loadLoop(c, 1), eleven = loadLoop(c, 11);
        assertEquals(10, eleven.m().mmu.tlbHits() - one.m().mmu.tlbHits(), "ten more loads, ten more hits");
        assertEquals(0, eleven.m().mmu.tlbMisses - one.m().mmu.tlbMisses, "and no more misses");
        assertEquals(0, eleven.m().mmu.walks - one.m().mmu.walks);
    }

    @Test
    void withoutATlbEveryTranslatedAccessWalks() {
        MachineConfig c = TestMachines.config().withTlb(0);
        Result one = loadLoop(c, 1), eleven = loadLoop(c, 11);
        // Ten more iterations: ten loads and thirty instruction fetches, every one translated.
        assertEquals(40, eleven.m().mmu.walks - one.m().mmu.walks, "walks");
        assertEquals(40, eleven.m().mmu.tlbMisses - one.m().mmu.tlbMisses, "misses");
        assertEquals(0, eleven.m().mmu.tlbHits(), "no TLB, no hits");
        assertEquals(3 * 40, eleven.m().mmu.walkReads - one.m().mmu.walkReads, "three PTE reads per Sv39 walk");
    }

    @Test
    void firstStoreWalksToSetDirtyThenStoresHit() {
        MachineConfig c = TestMachines.config();
        Result r = run(c, 3, 1, 0, (pt, m) -> pt.map(VA_DATA, A_PA, R | W),
            a -> a.li(T0, VA_DATA).ld(A0, 0, T0).sd(A0, 8, T0).sd(A0, 16, T0).sd(A0, 24, T0).ecall())
            .assertReachedEcall();
        Result loadsOnly = run(c, 3, 1, 0, (pt, m) -> pt.map(VA_DATA, A_PA, R | W),
            a -> a.li(T0, VA_DATA).ld(A0, 0, T0).nop().nop().nop().ecall()).assertReachedEcall();
        assertEquals(1, r.m().mmu.tlbMisses - loadsOnly.m().mmu.tlbMisses, "one walk for the first store (D was 0)");
        assertEquals(2, r.m().mmu.tlbHits() - loadsOnly.m().mmu.tlbHits(), "the other two stores hit");
    }

    @Test
    void machineModeAccessesAreNotCounted() {
        var a = new dev.vmlab.testing.Asm().li(T0, DATA_PA);
        for (int i = 0; i < 20; i++) a.ld(A0, 0, T0).sd(A0, 8, T0);
        a.halt();
        var m = TestMachines.load(a);
        m.run(1000);
        assertEquals(0, m.mmu.tlbHits());
        assertEquals(0, m.mmu.tlbMisses);
        assertEquals(0, m.mmu.walks);
    }

    @Test
    void sfenceVmaFlushesSoTheNextAccessMisses() {
        // Same instructions, except that one fences VA_DATA between two loads of it.
        MachineConfig c = TestMachines.config();
        Result fenced = run(c, 3, 1, 0, (pt, m) -> pt.map(VA_DATA, A_PA, R | W),
            a -> a.li(T0, VA_DATA).ld(A0, 0, T0).sfenceVma(T0, ZERO).ld(A0, 0, T0).ecall()).assertReachedEcall();
        Result plain = run(c, 3, 1, 0, (pt, m) -> pt.map(VA_DATA, A_PA, R | W),
            a -> a.li(T0, VA_DATA).ld(A0, 0, T0).fence(3, 3).ld(A0, 0, T0).ecall()).assertReachedEcall();
        assertEquals(1, fenced.m().mmu.tlbMisses - plain.m().mmu.tlbMisses, "the fenced load misses");
        assertEquals(-1, fenced.m().mmu.tlbHits() - plain.m().mmu.tlbHits(), "where the unfenced one hits");
        assertEquals(1, fenced.m().mmu.tlbFlushes - plain.m().mmu.tlbFlushes);
    }

    @Test
    void writingSatpFlushesTheTlb() {
        MachineConfig c = TestMachines.config();
        Result r = run(c, 3, 1, 0, (pt, m) -> pt.map(VA_DATA, A_PA, R | W),
            a -> a.li(T0, VA_DATA).ld(A0, 0, T0).csrr(T1, 0x180).csrw(0x180, T1).ld(A0, 0, T0).ecall())
            .assertReachedEcall();
        Result plain = run(c, 3, 1, 0, (pt, m) -> pt.map(VA_DATA, A_PA, R | W),
            a -> a.li(T0, VA_DATA).ld(A0, 0, T0).csrr(T1, 0x180).mv(T1, T1).ld(A0, 0, T0).ecall())
            .assertReachedEcall();
        assertEquals(true, r.m().mmu.walks > plain.m().mmu.walks, "the load after the satp write walks again");
    }

    @Test
    void aCachedReadOnlyTranslationDoesNotLetStoresThrough() {
        Result r = sv39(1, (pt, m) -> pt.map(VA_DATA, A_PA, R | A),
            a -> a.li(T0, VA_DATA).ld(A0, 0, T0).ld(A0, 0, T0).label("x").sd(A0, 0, T0));
        r.assertFault(15, "x", VA_DATA);
    }

    @Test
    void clearingSumRevokesCachedAccessToUserPages() {
        // S reads a user page with SUM set (the translation is now cached), clears SUM, reads again.
        Result r = run(3, 1, 1L << 18, (pt, m) -> pt.map(VA_DATA, A_PA, R | W | U | A | D),
            a -> a.li(T0, VA_DATA).ld(A0, 0, T0).sd(A0, 8, T0).li(T1, 1L << 18).csrc(0x100, T1)
                .label("x").ld(A0, 0, T0));
        r.assertFault(13, "x", VA_DATA);
    }

    @Test
    void clearingMxrRevokesCachedReadsOfExecuteOnlyPages() {
        Result r = run(3, 1, 1L << 19, (pt, m) -> pt.map(VA_DATA, A_PA, X | A),
            a -> a.li(T0, VA_DATA).ld(A0, 0, T0).li(T1, 1L << 19).csrc(0x100, T1).label("x").ld(A0, 0, T0));
        r.assertFault(13, "x", VA_DATA);
    }

    @Test
    void translationsCachedInSupervisorModeAreNotUsedInUserMode() {
        // S reads a supervisor page, then srets to U code that reads it: U must fault.
        Result r = sv39(1, (pt, m) -> {
            pt.map(VA_DATA, A_PA, R | W | A | D);
            pt.map(VA_CODE + 0x2000, CODE_PA + 0x1000, R | X | U | A);
        }, a -> a.li(T0, VA_DATA).ld(A0, 0, T0).li(T1, VA_CODE + 0x2000).csrw(0x141, T1).li(T1, 1L << 8)
            .csrc(0x100, T1).sret().org(CODE_PA + 0x1000).label("u").label("x").ld(A0, 0, T0));
        r.assertFaultAt(13, VA_CODE + 0x2000, VA_DATA);
        assertEquals(0, r.m().hart.mstatus >>> 11 & 3, "the fault came from U");
    }
}
