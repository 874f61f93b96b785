package dev.vmlab.hart;

import static dev.vmlab.hart.PrivilegedHarness.assertIllegalAt;
import static dev.vmlab.hart.PrivilegedHarness.assertReachedEcall;
import static dev.vmlab.hart.PrivilegedHarness.in;
import static dev.vmlab.hart.Priv.*;
import static dev.vmlab.testing.Asm.*;
import static dev.vmlab.testing.TestMachines.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmlab.testing.TestMachines.Run;
import org.junit.jupiter.api.Test;

/**
 * CSR access rules (privileged spec §2.1, "CSR Address Mapping Conventions"), the trap-virtualization
 * bits TW, TSR and TVM (§3.1.6.5), the privileged instructions' legality, and WARL fields.
 */
class CsrAccessTest {
    @Test
    void twMakesWfiIllegalInSupervisorMode() {
        Run r = in(S, a -> a.li(T0, MS_TW).csrs(MSTATUS, T0), l -> l.label("w").wfi());
        assertIllegalAt(r, "w");
    }

    @Test
    void wfiIsLegalInSupervisorModeWithoutTw() {
        Run r = in(S, a -> { }, l -> l.label("w").wfi().ecall());
        assertEquals(S, r.m().hart.priv, "waiting in S");
        assertEquals(r.addr("w") + 4, r.m().hart.pc);
    }

    @Test
    void wfiIsIllegalInUserMode() {
        assertIllegalAt(in(U, a -> { }, l -> l.label("w").wfi()), "w");
    }

    @Test
    void twTsrAndTvmDoNotAffectMachineMode() {
        // The body's own wfi waits (nothing can wake it), so the run ends right after it, untrapped.
        Run r = exec(a -> a.li(T0, MS_TW | MS_TSR | MS_TVM).csrs(MSTATUS, T0).csrr(A0, SATP).csrw(SATP, ZERO)
            .sfenceVma(ZERO, ZERO).wfi());
        assertEquals(dev.vmlab.machine.StopReason.IDLE_FOREVER, r.stop());
        assertEquals(r.addr("done"), r.m().hart.pc);
        assertEquals(0, r.m().hart.mcause);
    }

    @Test
    void tsrMakesSretIllegalInSupervisorMode() {
        assertIllegalAt(in(S, a -> a.li(T0, MS_TSR).csrs(MSTATUS, T0), l -> l.label("x").sret()), "x");
    }

    @Test
    void sretIsLegalInSupervisorModeWithoutTsr() {
        Run r = in(S, a -> { }, l -> l.la(T0, "u").csrw(SEPC, T0).sret().align(4).label("u").ecall());
        assertReachedEcall(r, U);
    }

    @Test
    void tvmMakesSatpAccessesAndSfenceVmaIllegalInSupervisorMode() {
        assertIllegalAt(in(S, a -> a.li(T0, MS_TVM).csrs(MSTATUS, T0), l -> l.label("x").csrr(A0, SATP)), "x");
        assertIllegalAt(in(S, a -> a.li(T0, MS_TVM).csrs(MSTATUS, T0), l -> l.label("x").csrw(SATP, ZERO)), "x");
        assertIllegalAt(in(S, a -> a.li(T0, MS_TVM).csrs(MSTATUS, T0), l -> l.label("x").sfenceVma(ZERO, ZERO)), "x");
    }

    @Test
    void withoutTvmSupervisorModeMayUseSatpAndSfenceVma() {
        Run r = in(S, a -> { }, l -> l.csrr(A0, SATP).csrw(SATP, ZERO).sfenceVma(ZERO, ZERO).sfenceVma(A0, A1).ecall());
        assertReachedEcall(r, S);
    }

    @Test
    void mretIsIllegalBelowMachineMode() {
        assertIllegalAt(in(S, a -> { }, l -> l.label("x").mret()), "x");
        assertIllegalAt(in(U, a -> { }, l -> l.label("x").mret()), "x");
    }

    @Test
    void sretAndSfenceVmaAreIllegalInUserMode() {
        assertIllegalAt(in(U, a -> { }, l -> l.label("x").sret()), "x");
        assertIllegalAt(in(U, a -> { }, l -> l.label("x").sfenceVma(ZERO, ZERO)), "x");
    }

    @Test
    void supervisorModeCannotAccessMachineCsrs() {
        for (int csr : new int[] {MSTATUS, MSCRATCH, MEPC, MTVEC, MIE, MHARTID, MINSTRET, PMPCFG0}) {
            Run r = in(S, a -> { }, l -> l.label("x").csrr(A0, csr));
            assertIllegalAt(r, "x");
        }
    }

    @Test
    void userModeCannotAccessSupervisorOrMachineCsrs() {
        for (int csr : new int[] {SSTATUS, SSCRATCH, SEPC, SATP, SIE, MSTATUS}) {
            assertIllegalAt(in(U, a -> { }, l -> l.label("x").csrr(A0, csr)), "x");
        }
    }

    @Test
    void supervisorModeAccessesItsOwnCsrs() {
        Run r = in(S, a -> { }, l -> l.li(T0, 0x1234).csrw(SSCRATCH, T0).csrr(A0, SSCRATCH).csrr(A1, SSTATUS)
            .csrr(A2, STVEC).ecall());
        assertReachedEcall(r, S);
        assertEquals(0x1234, r.x(A0));
    }

    @Test
    void writesToReadOnlyCsrsAreIllegalEvenInMachineMode() {
        for (int csr : new int[] {MHARTID, MVENDORID, CYCLE, TIME, INSTRET}) {
            Run r = exec(a -> a.label("x").csrw(csr, ZERO));
            r.assertTrap(2, r.addr("x"), r.m().memory.load(r.addr("x"), 4));
        }
        Run i = exec(a -> a.label("x").csrrwi(A0, MHARTID, 0));
        i.assertTrap(2, i.addr("x"), i.m().memory.load(i.addr("x"), 4));
    }

    @Test
    void csrrsWithANonZeroRegisterHoldingZeroStillWrites() {
        // "if rs1 != x0 the instruction will attempt to write the CSR even if the value is 0"
        Run r = exec(a -> a.li(T0, 0).label("x").csrrs(A0, MHARTID, T0));
        r.assertTrap(2, r.addr("x"), r.m().memory.load(r.addr("x"), 4));
        Run c = exec(a -> a.li(T0, 0).label("x").csrrc(A0, MHARTID, T0));
        c.assertTrap(2, c.addr("x"), c.m().memory.load(c.addr("x"), 4));
    }

    @Test
    void readOnlyCsrsReadWithX0OrZeroImmediate() {
        Run r = exec(a -> a.li(A0, -1).csrrs(A0, MHARTID, ZERO).csrrc(A1, MVENDORID, ZERO).csrrsi(A2, MHARTID, 0)
            .csrrci(A3, MARCHID_, 0).csrr(A4, CYCLE)).assertCompleted();
        assertEquals(0, r.x(A0), "mhartid of hart 0");
        assertEquals(0, r.x(A1));
        assertEquals(0, r.x(A2));
        assertEquals(0, r.x(A3));
    }

    private static final int MARCHID_ = 0xf12;

    @Test
    void csrInstructionsReturnTheOldValueAndSetClearOrReplace() {
        Run r = exec(a -> a.li(T0, 0xf0).csrw(MSCRATCH, T0).li(T1, 0x0f).csrrs(A0, MSCRATCH, T1)
            .csrrc(A1, MSCRATCH, T0).csrrw(A2, MSCRATCH, T0).csrrsi(A3, MSCRATCH, 1).csrrci(A4, MSCRATCH, 0x10)
            .csrrwi(A5, MSCRATCH, 7).csrr(A6, MSCRATCH)).assertCompleted();
        assertEquals(0xf0, r.x(A0));
        assertEquals(0xff, r.x(A1));
        assertEquals(0x0f, r.x(A2));
        assertEquals(0xf0, r.x(A3));
        assertEquals(0xf1, r.x(A4));
        assertEquals(0xe1, r.x(A5));
        assertEquals(7, r.x(A6));
    }

    @Test
    void csrrwWithRdEqualToRs1SwapsRegisterAndCsr() {
        Run r = exec(a -> a.li(T0, 5).csrw(MSCRATCH, T0).li(A0, 9).csrrw(A0, MSCRATCH, A0).csrr(A1, MSCRATCH))
            .assertCompleted();
        assertEquals(5, r.x(A0));
        assertEquals(9, r.x(A1));
    }

    @Test
    void misaReportsRv64WithIMACSU() {
        Run r = exec(a -> a.csrr(A0, MISA)).assertCompleted();
        long misa = r.x(A0);
        assertEquals(2, misa >>> 62, "MXL = 64");
        for (char ext : "IMACSU".toCharArray()) assertEquals(1, misa >>> (ext - 'A') & 1, "extension " + ext);
        for (char ext : "FDHV".toCharArray()) assertEquals(0, misa >>> (ext - 'A') & 1, "no extension " + ext);
    }

    @Test
    void mtvecIgnoresReservedModes() {
        Run r = exec(a -> a.csrr(S1, MTVEC).li(T0, RAM + 0x102).csrw(MTVEC, T0).csrr(A0, MTVEC).li(T0, RAM + 0x101)
            .csrw(MTVEC, T0).csrr(A1, MTVEC).csrw(MTVEC, S1)).assertCompleted();
        assertEquals(r.addr("trap"), r.x(A0), "MODE 2 is reserved: the write is ignored");
        assertEquals(RAM + 0x101, r.x(A1), "MODE 1: vectored");
    }

    @Test
    void mstatusMppIgnoresTheReservedEncoding() {
        Run r = exec(a -> a.li(T0, MS_MPP).csrc(MSTATUS, T0).li(T0, 1L << 11).csrs(MSTATUS, T0).li(T0, 2L << 11)
            .csrrw(ZERO, MSTATUS, T0).csrr(A0, MSTATUS)).assertCompleted();
        assertEquals(S, mpp(r.x(A0)), "MPP = 2 is reserved (no H): the field keeps S");
    }

    @Test
    void mepcAndSepcClearBitZero() {
        Run r = exec(a -> a.li(T0, RAM + 0x103).csrw(MEPC, T0).csrr(A0, MEPC).csrw(SEPC, T0).csrr(A1, SEPC))
            .assertCompleted();
        assertEquals(RAM + 0x102, r.x(A0), "IALIGN = 16: only bit 0 is cleared");
        assertEquals(RAM + 0x102, r.x(A1));
    }

    @Test
    void satpIgnoresWritesWithAnUnsupportedMode() {
        Run r = exec(a -> a.li(T0, 8L << 60 | 0x80).csrw(SATP, T0).li(T1, 10L << 60 | 0x99).csrw(SATP, T1)
            .csrr(A0, SATP)).assertCompleted();
        assertEquals(8L << 60 | 0x80, r.x(A0), "Sv57 is not implemented: the write has no effect");
    }

    @Test
    void midelegHoldsOnlySupervisorInterruptBits() {
        Run r = exec(a -> a.li(T0, -1).csrw(MIDELEG, T0).csrr(A0, MIDELEG)).assertCompleted();
        assertEquals(1L << SSI | 1L << STI | 1L << SEI, r.x(A0));
    }

    @Test
    void sstatusIsARestrictedViewOfMstatus() {
        Run r = exec(a -> a.li(T0, -1).csrw(SSTATUS, T0).csrr(A0, SSTATUS).csrr(A1, MSTATUS)).assertCompleted();
        long view = MS_SIE | MS_SPIE | MS_SPP | MS_SUM | MS_MXR;
        assertEquals(view, r.x(A0) & view, "the supervisor fields were written");
        assertEquals(0, r.x(A0) & (MS_MIE | MS_MPIE | MS_MPP | MS_MPRV | MS_TVM | MS_TW | MS_TSR),
            "machine fields are invisible in sstatus");
        assertEquals(0, r.x(A1) & (MS_MIE | MS_MPIE | MS_MPRV | MS_TVM | MS_TW | MS_TSR),
            "and were not written through it");
        assertEquals(2, r.x(A0) >>> 32 & 3, "UXL = 64");
        assertEquals(2, r.x(A1) >>> 34 & 3, "SXL = 64");
    }
}
