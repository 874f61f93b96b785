package dev.vmlab.hart;

import static dev.vmlab.hart.PrivilegedHarness.assertIllegalAt;
import static dev.vmlab.hart.PrivilegedHarness.assertReachedEcall;
import static dev.vmlab.hart.PrivilegedHarness.in;
import static dev.vmlab.hart.Priv.*;
import static dev.vmlab.testing.Asm.*;
import static dev.vmlab.testing.TestMachines.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmlab.testing.TestMachines.Run;
import org.junit.jupiter.api.Test;

/** Zicntr counters: values, write semantics, and the mcounteren/scounteren gates (privileged spec §3.1.11). */
class CountersTest {
    private static final int[] COUNTERS = {CYCLE, TIME, INSTRET};

    @Test
    void machineModeReadsCycleTimeAndInstret() {
        exec(a -> a.csrr(A0, CYCLE).csrr(A1, TIME).csrr(A2, INSTRET).csrr(A3, HPMCOUNTER3)).assertCompleted();
    }

    @Test
    void supervisorNeedsTheMcounterenBit() {
        for (int bit = 0; bit < 3; bit++) {
            int csr = COUNTERS[bit];
            assertIllegalAt(in(S, a -> { }, l -> l.label("x").csrr(A0, csr)), "x");
            long enable = 1L << bit;
            Run ok = in(S, a -> a.li(T0, enable).csrw(MCOUNTEREN, T0), l -> l.csrr(A0, csr).ecall());
            assertReachedEcall(ok, S);
            // The other counters stay closed.
            int other = COUNTERS[(bit + 1) % 3];
            assertIllegalAt(in(S, a -> a.li(T0, enable).csrw(MCOUNTEREN, T0), l -> l.label("x").csrr(A0, other)), "x");
        }
    }

    @Test
    void userNeedsBothMcounterenAndScounteren() {
        for (int bit = 0; bit < 3; bit++) {
            int csr = COUNTERS[bit];
            long enable = 1L << bit;
            assertIllegalAt(in(U, a -> a.li(T0, enable).csrw(MCOUNTEREN, T0), l -> l.label("x").csrr(A0, csr)), "x");
            assertIllegalAt(in(U, a -> a.li(T0, enable).csrw(SCOUNTEREN, T0), l -> l.label("x").csrr(A0, csr)), "x");
            Run ok = in(U, a -> a.li(T0, enable).csrw(MCOUNTEREN, T0).csrw(SCOUNTEREN, T0),
                l -> l.csrr(A0, csr).ecall());
            assertReachedEcall(ok, U);
        }
    }

    @Test
    void hpmCountersAreGatedToo() {
        assertIllegalAt(in(S, a -> a.li(T0, 7).csrw(MCOUNTEREN, T0), l -> l.label("x").csrr(A0, HPMCOUNTER3)), "x");
        Run ok = in(S, a -> a.li(T0, 8).csrw(MCOUNTEREN, T0), l -> l.li(A0, -1).csrr(A0, HPMCOUNTER3).ecall());
        assertReachedEcall(ok, S);
        assertEquals(0, ok.x(A0));
    }

    @Test
    void instretCountsRetiredInstructions() {
        Run r = exec(a -> a.csrr(A0, INSTRET).nop().nop().nop().nop().nop().csrr(A1, INSTRET).csrr(A2, MINSTRET))
            .assertCompleted();
        assertEquals(6, r.x(A1) - r.x(A0));
        assertEquals(1, r.x(A2) - r.x(A1));
        assertEquals(r.x(A0), 3, "three instructions (setting mtvec) retired before the first read");
    }

    @Test
    void minstretWriteHoldsOnceTheWritingInstructionRetires() {
        // "a value written to instret by one instruction will be the value read by the following instruction"
        Run r = exec(a -> a.li(T0, 1000).csrrw(A0, MINSTRET, T0).csrr(A1, MINSTRET).csrr(A2, INSTRET)
            .csrr(A3, MINSTRET)).assertCompleted();
        assertEquals(4, r.x(A0), "csrrw reads the value before its own write: li and mtvec setup retired");
        assertEquals(1000, r.x(A1));
        assertEquals(1001, r.x(A2));
        assertEquals(1002, r.x(A3));
    }

    @Test
    void minstretSetBitsAlsoHold() {
        Run r = exec(a -> a.li(T0, 1L << 40).csrs(MINSTRET, T0).csrr(A0, MINSTRET)).assertCompleted();
        assertEquals(1L << 40 | 5, r.x(A0), "the csrs read 5 (mtvec setup, two-instruction li) and wrote 5 | 2^40");
    }

    @Test
    void mcycleWriteHoldsOnceTheWritingInstructionRetires() {
        Run r = exec(a -> a.li(T0, 5000).csrw(MCYCLE, T0).csrr(A1, MCYCLE).csrr(A2, CYCLE)).assertCompleted();
        assertEquals(5000, r.x(A1));
        assertEquals(5001, r.x(A2));
    }

    @Test
    void timeCsrMatchesTheClintMtime() {
        Run r = exec(a -> {
            a.li(T0, 0x0200_bff8L);
            for (int i = 0; i < 40; i++) a.nop();
            a.ld(A0, 0, T0).csrr(A1, TIME);
        }).assertCompleted();
        assertTrue(r.x(A0) >= 4, "mtime advanced with the nops");
        assertTrue(r.x(A1) - r.x(A0) <= 1, "time = mtime: " + r.x(A0) + " vs " + r.x(A1));
    }

    @Test
    void writingMtimeThroughTheClintMovesTimeCsr() {
        Run r = exec(a -> a.li(T0, 0x0200_bff8L).li(T1, 1_000_000).sd(T1, 0, T0).csrr(A0, TIME)).assertCompleted();
        assertTrue(r.x(A0) >= 1_000_000 && r.x(A0) <= 1_000_001, "time " + r.x(A0));
    }
}
