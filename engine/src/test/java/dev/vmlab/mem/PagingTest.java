package dev.vmlab.mem;

import static dev.vmlab.mem.Paging.*;
import static dev.vmlab.testing.Asm.*;
import static dev.vmlab.testing.PageTables.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmlab.machine.Machine;
import dev.vmlab.testing.Asm;
import dev.vmlab.testing.PageTables;
import dev.vmlab.testing.TestMachines;
import org.junit.jupiter.api.Test;

/** Sv39 and Sv48 translation (privileged spec §4.3–4.5): 4 KiB pages, superpages, A and D. */
class PagingTest {
    private static final long VALUE = 0x1122334455667788L;

    @Test
    void sv39TranslatesA4KiBPageForLoadsAndStores() {
        Result r = sv39(1, (pt, m) -> {
            pt.map(VA_DATA, DATA_PA + 0x3000, R | W);
            TestMachines.poke(m, DATA_PA + 0x3008, 8, VALUE);
        }, a -> a.li(T0, VA_DATA).ld(A0, 8, T0).addi(A1, A0, 1).sd(A1, 16, T0).ecall()).assertReachedEcall();
        assertEquals(VALUE, r.x(A0));
        assertEquals(VALUE + 1, TestMachines.peek(r.m(), DATA_PA + 0x3010, 8));
    }

    @Test
    void sv39UserModeUsesUserPages() {
        Result r = sv39(0, (pt, m) -> {
            pt.map(VA_DATA, DATA_PA, R | W | U);
            TestMachines.poke(m, DATA_PA, 8, VALUE);
        }, a -> a.li(T0, VA_DATA).ld(A0, 0, T0).ecall()).assertReachedEcall();
        assertEquals(VALUE, r.x(A0));
        assertEquals(8, r.mcause());
    }

    @Test
    void sv39NegativeCanonicalAddressesTranslate() {
        long va = 0xffff_ffc0_0000_5000L; // bits 63..39 all equal bit 38 = 1
        Result r = sv39(1, (pt, m) -> {
            pt.map(va, DATA_PA, R);
            TestMachines.poke(m, DATA_PA + 0x18, 8, VALUE);
        }, a -> a.li(T0, va).ld(A0, 0x18, T0).ecall()).assertReachedEcall();
        assertEquals(VALUE, r.x(A0));
    }

    @Test
    void sv48TranslatesAddressesBeyondSv39() {
        long va = 0x0000_7f12_3456_7000L; // needs 48 bits: not canonical under Sv39
        Result r = run(4, 1, 0, (pt, m) -> {
            pt.map(va, DATA_PA + 0x5000, R | W);
            TestMachines.poke(m, DATA_PA + 0x5ff8, 8, VALUE);
        }, a -> a.li(T0, va + 0xff8).ld(A0, 0, T0).ecall()).assertReachedEcall();
        assertEquals(VALUE, r.x(A0));
    }

    @Test
    void sv48NegativeCanonicalAddressesTranslate() {
        long va = 0xffff_8000_0000_3000L;
        Result r = run(4, 1, 0, (pt, m) -> {
            pt.map(va, DATA_PA, R);
            TestMachines.poke(m, DATA_PA + 8, 8, VALUE);
        }, a -> a.li(T0, va).ld(A0, 8, T0).ecall()).assertReachedEcall();
        assertEquals(VALUE, r.x(A0));
    }

    @Test
    void twoMiBMegapageTranslatesWithTheLowVpnFromTheAddress() {
        long va = 0x0060_0000L; // 2 MiB aligned
        Result r = sv39(1, (pt, m) -> {
            pt.map(va, RAM, R | W, 1);
            TestMachines.poke(m, RAM + 0x4_5678, 8, VALUE);
        }, a -> a.li(T0, va + 0x4_5678).ld(A0, 0, T0).ecall()).assertReachedEcall();
        assertEquals(VALUE, r.x(A0));
    }

    @Test
    void oneGiBGigapageTranslates() {
        long va = 0x4000_0000L; // 1 GiB aligned
        Result r = sv39(1, (pt, m) -> {
            pt.map(va, RAM, R | W, 2);
            TestMachines.poke(m, RAM + 0x4_a000, 8, VALUE);
        }, a -> a.li(T0, va + 0x4_a000).ld(A0, 0, T0).li(A1, 7).sd(A1, 8, T0).ecall()).assertReachedEcall();
        assertEquals(VALUE, r.x(A0));
        assertEquals(7, TestMachines.peek(r.m(), RAM + 0x4_a008, 8));
    }

    @Test
    void sv48TerapageTranslates() {
        long va = 0xffff_8000_0000_0000L; // a 512 GiB leaf at level 3 whose PPN is 0
        Result r = run(4, 1, 0, (pt, m) -> {
            pt.map(va, 0, R | W, 3);
            TestMachines.poke(m, RAM + 0x4_1230, 8, VALUE);
        }, a -> a.li(T0, va + RAM + 0x4_1230).ld(A0, 0, T0).ecall()).assertReachedEcall();
        assertEquals(VALUE, r.x(A0));
    }

    @Test
    void sv48TwoMiBAndOneGiBPagesTranslate() {
        long va2m = 0x0000_1234_0020_0000L, va1g = 0x0000_2000_4000_0000L;
        Result r = run(4, 1, 0, (pt, m) -> {
            pt.map(va2m, RAM, R, 1);
            pt.map(va1g, RAM, R, 2);
            TestMachines.poke(m, RAM + 0x4_0010, 8, VALUE);
        }, a -> a.li(T0, va2m + 0x4_0010).ld(A0, 0, T0).li(T0, va1g + 0x4_0010).ld(A1, 0, T0).ecall())
            .assertReachedEcall();
        assertEquals(VALUE, r.x(A0));
        assertEquals(VALUE, r.x(A1));
    }

    @Test
    void executesCodeFromATranslatedPageAndFollowsJumpsAcrossPages() {
        Result r = sv39(1, (pt, m) -> { }, a -> a.li(A0, 1).j("next").org(CODE_PA + 0x1000).label("next")
            .addi(A0, A0, 1).ecall()).assertReachedEcall();
        assertEquals(2, r.x(A0));
        assertEquals(r.va("next") + 4, r.m().hart.mepc, "the ecall's virtual pc");
    }

    @Test
    void walkerSetsAccessedOnLoadsAndDirtyOnStores() {
        long[] slots = new long[3];
        Result r = sv39(1, (pt, m) -> {
            slots[0] = pt.map(VA_DATA, DATA_PA, R | W);
            slots[1] = pt.map(VA_DATA + 0x1000, DATA_PA + 0x1000, R | W);
            slots[2] = pt.map(VA_DATA + 0x2000, DATA_PA + 0x2000, R | W);
        }, a -> a.li(T0, VA_DATA).ld(A0, 0, T0).li(T0, VA_DATA + 0x1000).sd(A0, 0, T0).ecall())
            .assertReachedEcall();
        assertEquals(A, r.pt().pte(slots[0]) & (A | D), "load: A set, D clear");
        assertEquals(A | D, r.pt().pte(slots[1]) & (A | D), "store: A and D set");
        assertEquals(0, r.pt().pte(slots[2]) & (A | D), "untouched page: neither");
    }

    @Test
    void walkerSetsAccessedOnTheCodePage() {
        Result r = sv39(1, (pt, m) -> { }, a -> a.ecall()).assertReachedEcall();
        // Walk the tables by hand to find the code PTE: VPN[2], VPN[1], VPN[0] of VA_CODE.
        long table = ROOT;
        for (int level = 2; level > 0; level--) {
            long pte = TestMachines.peek(r.m(), table + ((VA_CODE >>> (12 + 9 * level)) & 0x1ff) * 8, 8);
            table = (pte >>> 10) << 12;
        }
        long leaf = TestMachines.peek(r.m(), table + ((VA_CODE >>> 12) & 0x1ff) * 8, 8);
        assertEquals(A, leaf & (A | D), "fetch sets A only");
    }

    @Test
    void preSetAccessedAndDirtyBitsAreKept() {
        long[] slot = new long[1];
        Result r = sv39(1, (pt, m) -> slot[0] = pt.map(VA_DATA, DATA_PA, R | W | A | D),
            a -> a.li(T0, VA_DATA).ld(A0, 0, T0).ecall()).assertReachedEcall();
        assertEquals(A | D, r.pt().pte(slot[0]) & (A | D));
    }

    @Test
    void mprvMakesMachineModeLoadsAndStoresUseMppTranslation() {
        // M-mode with MPRV = 1 and MPP = S: loads and stores are translated as S; fetches are not.
        Asm a = new Asm().mtvec("trap").pmpAllowAll().li(T0, satp(3)).csrw(0x180, T0)
            .li(T0, 1L << 11 | 1L << 17).csrs(0x300, T0).li(T1, VA_DATA).ld(A0, 0, T1).li(A1, 5).sd(A1, 8, T1)
            .li(T0, 1L << 17).csrc(0x300, T0).label("end").halt().align(4).label("trap").halt();
        Machine m = TestMachines.load(a);
        PageTables pt = new PageTables(m, 3, ROOT);
        pt.map(VA_DATA, DATA_PA + 0x2000, R | W);
        TestMachines.poke(m, DATA_PA + 0x2000, 8, VALUE);
        m.run(1000);
        assertEquals(a.addr("end") + 4, m.hart.pc, "no trap: mcause " + m.hart.mcause);
        assertEquals(VALUE, m.hart.x[A0]);
        assertEquals(5, TestMachines.peek(m, DATA_PA + 0x2008, 8));
    }
}
