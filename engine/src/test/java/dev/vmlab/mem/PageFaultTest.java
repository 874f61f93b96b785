package dev.vmlab.mem;

import static dev.vmlab.mem.Paging.*;
import static dev.vmlab.testing.Asm.*;
import static dev.vmlab.testing.PageTables.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmlab.testing.TestMachines;
import org.junit.jupiter.api.Test;

/**
 * Each page-fault rule of the walk (privileged spec §4.3.2 steps 2–8, §4.4.1/§4.5.1 canonical
 * addresses): instruction, load and store/AMO page faults (12, 13, 15) with mtval = the virtual
 * address and mepc = the faulting instruction.
 */
class PageFaultTest {
    private static final int FETCH = 12, LOAD = 13, STORE = 15;
    private static final long MSTATUS_SUM = 1L << 18, MSTATUS_MXR = 1L << 19;

    @Test
    void invalidPteFaultsLoadsStoresAndFetches() {
        sv39(1, (pt, m) -> { }, a -> a.li(T0, VA_DATA).label("x").ld(A0, 8, T0))
            .assertFault(LOAD, "x", VA_DATA + 8);
        sv39(1, (pt, m) -> { }, a -> a.li(T0, VA_DATA).label("x").sw(A0, 4, T0))
            .assertFault(STORE, "x", VA_DATA + 4);
        sv39(1, (pt, m) -> { }, a -> a.li(T0, VA_DATA).label("x").amo(AMOADD, 8, A0, A1, T0))
            .assertFault(STORE, "x", VA_DATA);
        // A jump to an unmapped page: the fault is on the fetch at the target.
        sv39(1, (pt, m) -> { }, a -> a.li(T0, VA_DATA + 0x10).jalr(RA, T0, 0))
            .assertFaultAt(FETCH, VA_DATA + 0x10, VA_DATA + 0x10);
    }

    @Test
    void pteWithValidClearButOtherBitsSetStillFaults() {
        sv39(1, (pt, m) -> pt.setRaw(VA_DATA, 0, (DATA_PA >>> 12) << 10 | R | W | X | A | D),
            a -> a.li(T0, VA_DATA).label("x").ld(A0, 0, T0)).assertFault(LOAD, "x", VA_DATA);
    }

    @Test
    void invalidNonLeafPteFaults() {
        // Level-2 entry present, level-1 entry V = 0.
        sv39(1, (pt, m) -> {
            long slot = pt.map(VA_DATA, DATA_PA, R, 1);
            TestMachines.poke(m, slot, 8, 0);
        }, a -> a.li(T0, VA_DATA).label("x").ld(A0, 0, T0)).assertFault(LOAD, "x", VA_DATA);
    }

    @Test
    void writeWithoutReadIsAReservedEncoding() {
        sv39(1, (pt, m) -> pt.map(VA_DATA, DATA_PA, W), a -> a.li(T0, VA_DATA).label("x").ld(A0, 0, T0))
            .assertFault(LOAD, "x", VA_DATA);
        sv39(1, (pt, m) -> pt.map(VA_DATA, DATA_PA, W), a -> a.li(T0, VA_DATA).label("x").sd(A0, 0, T0))
            .assertFault(STORE, "x", VA_DATA);
        sv39(1, (pt, m) -> pt.map(VA_DATA, DATA_PA, W | X), a -> a.li(T0, VA_DATA).label("x").sd(A0, 0, T0))
            .assertFault(STORE, "x", VA_DATA);
    }

    @Test
    void supervisorAccessToUserPagesNeedsSum() {
        sv39(1, (pt, m) -> pt.map(VA_DATA, DATA_PA, R | W | U), a -> a.li(T0, VA_DATA).label("x").ld(A0, 0, T0))
            .assertFault(LOAD, "x", VA_DATA);
        sv39(1, (pt, m) -> pt.map(VA_DATA, DATA_PA, R | W | U), a -> a.li(T0, VA_DATA).label("x").sd(A0, 0, T0))
            .assertFault(STORE, "x", VA_DATA);
        Result ok = run(3, 1, MSTATUS_SUM, (pt, m) -> {
            pt.map(VA_DATA, DATA_PA, R | W | U);
            TestMachines.poke(m, DATA_PA, 8, 42);
        }, a -> a.li(T0, VA_DATA).ld(A0, 0, T0).sd(A0, 8, T0).ecall()).assertReachedEcall();
        assertEquals(42, ok.x(A0));
        assertEquals(42, TestMachines.peek(ok.m(), DATA_PA + 8, 8));
    }

    @Test
    void supervisorNeverExecutesFromUserPagesEvenWithSum() {
        run(3, 1, MSTATUS_SUM, (pt, m) -> pt.map(VA_DATA, CODE_PA, R | X | U),
            a -> a.li(T0, VA_DATA).jalr(ZERO, T0, 0x20)).assertFaultAt(FETCH, VA_DATA + 0x20, VA_DATA + 0x20);
    }

    @Test
    void userModeCannotTouchSupervisorPages() {
        sv39(0, (pt, m) -> pt.map(VA_DATA, DATA_PA, R | W), a -> a.li(T0, VA_DATA).label("x").ld(A0, 0, T0))
            .assertFault(LOAD, "x", VA_DATA);
        sv39(0, (pt, m) -> pt.map(VA_DATA, DATA_PA, R | W), a -> a.li(T0, VA_DATA).label("x").sb(A0, 3, T0))
            .assertFault(STORE, "x", VA_DATA + 3);
        sv39(0, (pt, m) -> pt.map(VA_DATA, CODE_PA, R | X), a -> a.li(T0, VA_DATA).jalr(ZERO, T0, 0))
            .assertFaultAt(FETCH, VA_DATA, VA_DATA);
    }

    @Test
    void sumDoesNotOpenSupervisorPagesToUserMode() {
        run(3, 0, MSTATUS_SUM, (pt, m) -> pt.map(VA_DATA, DATA_PA, R | W),
            a -> a.li(T0, VA_DATA).label("x").ld(A0, 0, T0)).assertFault(LOAD, "x", VA_DATA);
    }

    @Test
    void loadFromExecuteOnlyPageFaultsUnlessMxrIsSet() {
        sv39(1, (pt, m) -> pt.map(VA_DATA, DATA_PA, X), a -> a.li(T0, VA_DATA).label("x").ld(A0, 0, T0))
            .assertFault(LOAD, "x", VA_DATA);
        Result ok = run(3, 1, MSTATUS_MXR, (pt, m) -> {
            pt.map(VA_DATA, DATA_PA, X);
            TestMachines.poke(m, DATA_PA + 16, 8, 99);
        }, a -> a.li(T0, VA_DATA).ld(A0, 16, T0).ecall()).assertReachedEcall();
        assertEquals(99, ok.x(A0));
        // MXR makes X pages readable, not writable.
        run(3, 1, MSTATUS_MXR, (pt, m) -> pt.map(VA_DATA, DATA_PA, X),
            a -> a.li(T0, VA_DATA).label("x").sd(A0, 0, T0)).assertFault(STORE, "x", VA_DATA);
    }

    @Test
    void mxrAppliesToUserModeToo() {
        Result ok = run(3, 0, MSTATUS_MXR, (pt, m) -> {
            pt.map(VA_DATA, DATA_PA, X | U);
            TestMachines.poke(m, DATA_PA, 8, 5);
        }, a -> a.li(T0, VA_DATA).ld(A0, 0, T0).ecall()).assertReachedEcall();
        assertEquals(5, ok.x(A0));
    }

    @Test
    void storeToAPageWithoutWriteFaults() {
        sv39(1, (pt, m) -> pt.map(VA_DATA, DATA_PA, R), a -> a.li(T0, VA_DATA).label("x").sd(A0, 0, T0))
            .assertFault(STORE, "x", VA_DATA);
        sv39(1, (pt, m) -> pt.map(VA_DATA, DATA_PA, R | X), a -> a.li(T0, VA_DATA).label("x").sh(A0, 6, T0))
            .assertFault(STORE, "x", VA_DATA + 6);
        // Atomics need write permission even though they also read.
        sv39(1, (pt, m) -> pt.map(VA_DATA, DATA_PA, R), a -> a.li(T0, VA_DATA).label("x").amo(AMOSWAP, 4, A0, A1, T0))
            .assertFault(STORE, "x", VA_DATA);
    }

    @Test
    void fetchFromAPageWithoutExecuteFaults() {
        sv39(1, (pt, m) -> pt.map(VA_DATA, CODE_PA, R | W), a -> a.li(T0, VA_DATA).jalr(ZERO, T0, 4))
            .assertFaultAt(FETCH, VA_DATA + 4, VA_DATA + 4);
    }

    @Test
    void aFaultingStoreDoesNotSetAccessedOrDirty() {
        long[] slot = new long[1];
        Result r = sv39(1, (pt, m) -> slot[0] = pt.map(VA_DATA, DATA_PA, R),
            a -> a.li(T0, VA_DATA).label("x").sd(A0, 0, T0)).assertFault(STORE, "x", VA_DATA);
        assertEquals(0, r.pt().pte(slot[0]) & (A | D));
    }

    @Test
    void misalignedSuperpageFaults() {
        long va = 0x0060_0000L;
        sv39(1, (pt, m) -> pt.map(va, RAM + 0x1000, R | W, 1), a -> a.li(T0, va).label("x").ld(A0, 0, T0))
            .assertFault(LOAD, "x", va);
        long giga = 0x4000_0000L;
        sv39(1, (pt, m) -> pt.map(giga, RAM + 0x20_0000, R | W, 2), a -> a.li(T0, giga + 8).label("x").sd(A0, 0, T0))
            .assertFault(STORE, "x", giga + 8);
    }

    @Test
    void nonCanonicalAddressesFault() {
        long sv39Bad = 1L << 39; // bit 39 differs from bit 38
        sv39(1, (pt, m) -> pt.map(sv39Bad & ((1L << 39) - 1), DATA_PA, R | W | X),
            a -> a.li(T0, sv39Bad).label("x").ld(A0, 0, T0)).assertFault(LOAD, "x", sv39Bad);
        sv39(1, (pt, m) -> { }, a -> a.li(T0, 0x8000_0000_0000_1000L).label("x").sd(A0, 0, T0))
            .assertFault(STORE, "x", 0x8000_0000_0000_1000L);
        sv39(1, (pt, m) -> { }, a -> a.li(T0, 1L << 40).jalr(ZERO, T0, 0)).assertFaultAt(FETCH, 1L << 40, 1L << 40);
        long sv48Bad = 1L << 48;
        run(4, 1, 0, (pt, m) -> pt.map(0, DATA_PA, R | W), a -> a.li(T0, sv48Bad).label("x").ld(A0, 0, T0))
            .assertFault(LOAD, "x", sv48Bad);
    }

    @Test
    void reservedHighPteBitsFault() {
        // Bits 63:54: reserved, PBMT (62:61) and N (63); vmlab implements neither Svpbmt nor Svnapot.
        for (int bit : new int[] {54, 60, 61, 62, 63}) {
            long flags = R | W | 1L << bit;
            sv39(1, (pt, m) -> pt.setRaw(VA_DATA, 0, (DATA_PA >>> 12) << 10 | flags | V),
                a -> a.li(T0, VA_DATA).label("x").ld(A0, 0, T0)).assertFault(LOAD, "x", VA_DATA);
        }
    }

    @Test
    void reservedBitsInANonLeafPteFault() {
        long va = 0x10_4000_0000L; // its own level-2 entry, apart from the code's
        sv39(1, (pt, m) -> {
            pt.map(va, DATA_PA, R);
            long l2 = ROOT + ((va >>> 30) & 0x1ff) * 8;
            TestMachines.poke(m, l2, 8, TestMachines.peek(m, l2, 8) | 1L << 58);
        }, a -> a.li(T0, va).label("x").ld(A0, 0, T0)).assertFault(LOAD, "x", va);
    }

    @Test
    void pointerPteAtTheLastLevelFaults() {
        sv39(1, (pt, m) -> pt.setRaw(VA_DATA, 0, (DATA_PA >>> 12) << 10 | V),
            a -> a.li(T0, VA_DATA).label("x").ld(A0, 0, T0)).assertFault(LOAD, "x", VA_DATA);
    }

    @Test
    void misalignedLoadIntoAnUnmappedPageFaultsWithoutWritingRd() {
        long boundary = VA_DATA + 0x1000;
        Result r = sv39(1, (pt, m) -> pt.map(VA_DATA, DATA_PA, R | W),
            a -> a.li(A0, 3).li(T0, boundary - 4).label("x").ld(A0, 0, T0));
        assertEquals(LOAD, r.mcause());
        assertEquals(r.va("x"), r.m().hart.mepc);
        long tval = r.m().hart.mtval;
        // mtval: the access's address, or that of the portion that faulted (privileged spec, mtval).
        assertTrue(tval == boundary - 4 || tval == boundary, "mtval 0x" + Long.toHexString(tval));
        assertEquals(3, r.x(A0));
    }

    @Test
    void instructionStraddlingIntoAnUnmappedPageFaultsOnItsSecondHalf() {
        // A 32-bit instruction at the last halfword of the code's second page; the third page is unmapped.
        long lastHalf = CODE_PA + 0x1ffe;
        Result r = sv39(1, (pt, m) -> { }, a -> a.j("edge").org(lastHalf).label("edge").addi(A0, A0, 1));
        r.assertFaultAt(FETCH, r.va("edge"), r.va("edge") + 2);
    }

    @Test
    void accessFaultOnATranslatedAddressReportsTheVirtualAddress() {
        // The page maps to a physical address with neither RAM nor a device behind it: the page
        // walk succeeds and the access faults. mtval is "the faulting virtual address".
        long nowhere = 0x1000_0000L;
        sv39(1, (pt, m) -> pt.map(VA_DATA, nowhere, R | W | A | D), a -> a.li(T0, VA_DATA).label("x").ld(A0, 0x10, T0))
            .assertFault(5, "x", VA_DATA + 0x10);
        sv39(1, (pt, m) -> pt.map(VA_DATA, nowhere, R | W | A | D), a -> a.li(T0, VA_DATA).label("x").sw(A0, 0x20, T0))
            .assertFault(7, "x", VA_DATA + 0x20);
        sv39(1, (pt, m) -> pt.map(VA_DATA, nowhere, R | W | A | D),
            a -> a.li(T0, VA_DATA).label("x").amo(AMOSWAP, 8, A0, A1, T0)).assertFault(7, "x", VA_DATA);
        sv39(1, (pt, m) -> pt.map(VA_DATA, nowhere, R | X | A), a -> a.li(T0, VA_DATA).jalr(ZERO, T0, 8))
            .assertFaultAt(1, VA_DATA + 8, VA_DATA + 8);
    }

    @Test
    void deviceAccessThroughATranslatedPageReportsTheVirtualAddressOnFault() {
        // The CLINT is mapped; a misaligned 8-byte access to it is refused as an access fault.
        long clint = 0x0200_0000L;
        sv39(1, (pt, m) -> pt.map(VA_DATA, clint + 0x4000, R | W | A | D),
            a -> a.li(T0, VA_DATA).label("x").ld(A0, 4, T0)).assertFault(5, "x", VA_DATA + 4);
    }
}
