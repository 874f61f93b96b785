package dev.vmlab.hart;

import static dev.vmlab.hart.Priv.*;
import static dev.vmlab.testing.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmlab.machine.Machine;
import dev.vmlab.machine.StopReason;
import dev.vmlab.testing.Asm;
import dev.vmlab.testing.TestMachines;
import dev.vmlab.testing.TestMachines.Run;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Synchronous traps: ecall, ebreak, xRET, and exception delegation (privileged spec §3.1.8, §3.3). */
class TrapsTest {
    private static Run run(Consumer<Asm> body, Consumer<Asm> lower) {
        return PrivilegedHarness.run(body, lower);
    }

    private static void assertAtMHandler(Run r) {
        assertEquals(r.addr("trap") + 4, r.m().hart.pc, "in the M handler");
        assertEquals(M, r.m().hart.priv);
    }

    private static void assertAtSHandler(Run r) {
        assertEquals(r.addr("strap") + 4, r.m().hart.pc, "in the S handler");
        assertEquals(S, r.m().hart.priv);
    }

    @Test
    void ecallFromMachineModeIsCause11() {
        Run r = TestMachines.exec(a -> a.label("e").ecall());
        r.assertTrap(11, r.addr("e"), 0);
    }

    @Test
    void ecallFromSupervisorModeIsCause9() {
        Run r = run(a -> a.enter(S, "s"), l -> l.align(4).label("s").nop().label("e").ecall());
        assertAtMHandler(r);
        assertEquals(9, r.m().hart.mcause);
        assertEquals(r.addr("e"), r.m().hart.mepc);
        assertEquals(S, mpp(r.m().hart.mstatus), "MPP = the privilege the trap came from");
    }

    @Test
    void ecallFromUserModeIsCause8() {
        Run r = run(a -> a.enter(U, "u"), l -> l.align(4).label("u").label("e").ecall());
        assertAtMHandler(r);
        assertEquals(8, r.m().hart.mcause);
        assertEquals(r.addr("e"), r.m().hart.mepc);
        assertEquals(U, mpp(r.m().hart.mstatus));
    }

    @Test
    void ebreakIsCause3WithTheFaultingPcInMtval() {
        Run r = TestMachines.exec(a -> a.nop().label("b").ebreak());
        r.assertTrap(3, r.addr("b"), r.addr("b"));
    }

    @Test
    void trapEntrySavesMieInMpieAndClearsMie() {
        Run r = TestMachines.exec(a -> a.csrrsi(ZERO, MSTATUS, 8).label("e").ecall());
        r.assertTrap(11, r.addr("e"), 0);
        long ms = r.m().hart.mstatus;
        assertEquals(0, ms & MS_MIE, "MIE cleared");
        assertEquals(MS_MPIE, ms & MS_MPIE, "MPIE = old MIE");
        assertEquals(M, mpp(ms));
    }

    @Test
    void trapEntryWithMieClearClearsMpie() {
        Run r = TestMachines.exec(a -> a.li(T0, MS_MPIE).csrs(MSTATUS, T0).ecall());
        assertEquals(0, r.m().hart.mstatus & (MS_MIE | MS_MPIE));
    }

    @Test
    void mretRestoresPrivilegeAndMieFromMpieThenSetsMpieAndMppToU() {
        // MPP = S, MPIE = 1, MIE = 0; mret lands in S at "s", which waits with wfi.
        Run r = run(a -> a.li(T0, MS_MPIE | MS_MPRV).csrs(MSTATUS, T0).enter(S, "s"),
            l -> l.align(4).label("s").wfi());
        assertEquals(S, r.m().hart.priv);
        assertEquals(r.addr("s") + 4, r.m().hart.pc);
        long ms = r.m().hart.mstatus;
        assertEquals(MS_MIE, ms & MS_MIE, "MIE = old MPIE");
        assertEquals(MS_MPIE, ms & MS_MPIE, "MPIE = 1");
        assertEquals(U, mpp(ms), "MPP = U, the least-privileged mode");
        assertEquals(0, ms & MS_MPRV, "MPRV cleared when mret leaves M");
    }

    @Test
    void mretWithMpieClearLeavesMieClear() {
        Run r = run(a -> a.li(T0, MS_MPIE).csrc(MSTATUS, T0).csrrsi(ZERO, MSTATUS, 8).enter(S, "s"),
            l -> l.align(4).label("s").wfi());
        assertEquals(S, r.m().hart.priv);
        assertEquals(0, r.m().hart.mstatus & MS_MIE);
        assertEquals(MS_MPIE, r.m().hart.mstatus & MS_MPIE);
    }

    @Test
    void mretToMachineModeKeepsMprv() {
        Run r = run(a -> a.li(T0, MS_MPRV).csrs(MSTATUS, T0).enter(M, "m2"),
            l -> l.align(4).label("m2").label("end").halt());
        assertEquals(M, r.m().hart.priv);
        assertEquals(r.addr("end") + 4, r.m().hart.pc);
        assertEquals(MS_MPRV, r.m().hart.mstatus & MS_MPRV);
    }

    @Test
    void mretToUserMode() {
        Run r = run(a -> a.enter(U, "u"), l -> l.align(4).label("u").li(A0, 7).ecall());
        assertEquals(8, r.m().hart.mcause, "the ecall came from U");
        assertEquals(7, r.x(A0));
    }

    @Test
    void sretRestoresPrivilegeAndSieFromSpieThenSetsSpieAndSppToU() {
        // In S: SPP = U, SPIE = 1, sepc = "u"; sret enters U, which ecalls into M.
        Run r = run(a -> a.enter(S, "s"),
            l -> l.align(4).label("s").li(T0, MS_SPP).csrc(SSTATUS, T0).li(T0, MS_SPIE).csrs(SSTATUS, T0)
                .la(T0, "u").csrw(SEPC, T0).sret()
                .align(4).label("u").csrr(A0, CYCLE).label("e").ecall());
        assertAtMHandler(r);
        // With mcounteren = 0 the cycle read in U is illegal: that proves U-mode was reached.
        assertEquals(2, r.m().hart.mcause);
        assertEquals(U, mpp(r.m().hart.mstatus));
        long ms = r.m().hart.mstatus;
        assertEquals(MS_SIE, ms & MS_SIE, "SIE = old SPIE");
        assertEquals(MS_SPIE, ms & MS_SPIE, "SPIE = 1");
        assertEquals(0, ms & MS_SPP, "SPP = U");
    }

    @Test
    void sretReturnsToSupervisorWhenSppIsS() {
        Run r = run(a -> a.li(T0, MS_SPP).csrs(MSTATUS, T0).la(T0, "s").csrw(SEPC, T0).sret(),
            l -> l.align(4).label("s").wfi());
        assertEquals(S, r.m().hart.priv, "sret executed in M returns to SPP = S");
        assertEquals(r.addr("s") + 4, r.m().hart.pc);
        assertEquals(0, r.m().hart.mstatus & MS_SPP);
    }

    @Test
    void sretClearsMprv() {
        Run r = run(a -> a.li(T0, MS_MPRV).csrs(MSTATUS, T0).la(T0, "s").csrw(SEPC, T0).li(T0, MS_SPP)
            .csrs(MSTATUS, T0).sret(), l -> l.align(4).label("s").wfi());
        assertEquals(S, r.m().hart.priv);
        assertEquals(0, r.m().hart.mstatus & MS_MPRV);
    }

    @Test
    void delegatedExceptionFromUserGoesToSupervisor() {
        // medeleg bit 2: an illegal instruction in U traps to S with scause, sepc, stval, SPP, SPIE.
        int bad = 0xffffffff;
        Run r = run(a -> a.li(T0, 1 << 2).csrw(MEDELEG, T0).li(T0, MS_SIE).csrs(MSTATUS, T0).li(T0, 0x55)
                .csrw(MCAUSE, T0).enter(U, "u"),
            l -> l.align(4).label("u").nop().label("bad").word(bad));
        assertAtSHandler(r);
        Hart h = r.m().hart;
        assertEquals(2, h.scause);
        assertEquals(r.addr("bad"), h.sepc);
        assertEquals(0xffffffffL, h.stval);
        assertEquals(0, h.mstatus & MS_SPP, "SPP = U");
        assertEquals(MS_SPIE, h.mstatus & MS_SPIE, "SPIE = old SIE");
        assertEquals(0, h.mstatus & MS_SIE, "SIE cleared");
        assertEquals(0x55, h.mcause, "M-mode trap CSRs untouched");
    }

    @Test
    void delegatedEcallFromUserAndFromSupervisor() {
        Run u = run(a -> a.li(T0, 1 << 8).csrw(MEDELEG, T0).enter(U, "u"),
            l -> l.align(4).label("u").label("e").ecall());
        assertAtSHandler(u);
        assertEquals(8, u.m().hart.scause);
        assertEquals(u.addr("e"), u.m().hart.sepc);
        assertEquals(0, u.m().hart.stval);

        Run s = run(a -> a.li(T0, 1 << 9).csrw(MEDELEG, T0).enter(S, "s"),
            l -> l.align(4).label("s").label("e").ecall());
        assertAtSHandler(s);
        assertEquals(9, s.m().hart.scause);
        assertEquals(MS_SPP, s.m().hart.mstatus & MS_SPP, "SPP = S");
    }

    @Test
    void delegatedBreakpointCarriesThePcInStval() {
        Run r = run(a -> a.li(T0, 1 << 3).csrw(MEDELEG, T0).enter(S, "s"),
            l -> l.align(4).label("s").nop().label("b").ebreak());
        assertAtSHandler(r);
        assertEquals(3, r.m().hart.scause);
        assertEquals(r.addr("b"), r.m().hart.stval);
    }

    @Test
    void undelegatedExceptionFromUserGoesToMachine() {
        Run r = run(a -> a.li(T0, 1 << 9).csrw(MEDELEG, T0).enter(U, "u"),
            l -> l.align(4).label("u").ecall());
        assertAtMHandler(r);
        assertEquals(8, r.m().hart.mcause);
        assertEquals(0, r.m().hart.scause);
    }

    @Test
    void exceptionsInMachineModeAreNeverDelegated() {
        Run r = run(a -> a.li(T0, -1).csrw(MEDELEG, T0).label("bad").word(0xffffffff), l -> { });
        assertAtMHandler(r);
        assertEquals(2, r.m().hart.mcause);
        assertEquals(r.addr("bad"), r.m().hart.mepc);
        assertEquals(0, r.m().hart.scause);
    }

    @Test
    void medelegCannotDelegateEcallFromMachineMode() {
        Run r = TestMachines.exec(a -> a.li(T0, -1).csrw(MEDELEG, T0).csrr(A0, MEDELEG)).assertCompleted();
        assertEquals(0, r.x(A0) & 1 << 11, "medeleg[11] is read-only zero");
        assertNotEquals(0, r.x(A0) & 1 << 8, "ecall from U is delegable");
    }

    @Test
    void exceptionCountsRecordEachTakenException() {
        Run r = run(a -> a.li(T0, 1 << 2).csrw(MEDELEG, T0).enter(S, "s"),
            l -> l.align(4).label("s").word(0xffffffff));
        assertAtSHandler(r);
        assertEquals(1, r.m().exceptionCounts[2], "the delegated illegal instruction is counted");
        Run e = TestMachines.exec(a -> a.ecall());
        assertEquals(1, e.m().exceptionCounts[11]);
        assertEquals(0, e.m().exceptionCounts[2]);
    }

    @Test
    void fetchOutsideRamIsAnInstructionAccessFault() {
        for (long target : new long[] {0x1000L, 0x0200_0000L /* the CLINT: not executable memory */}) {
            Run r = TestMachines.exec(a -> a.li(T0, target).jalr(RA, T0, 0));
            r.assertTrap(1, target, target);
        }
    }

    @Test
    void aTrapLoopThatRetiresNothingStopsTheRun() {
        // mtvec points at an illegal instruction: every trap traps again and nothing retires.
        Asm a = new Asm().mtvec("bad").ecall().align(4).label("bad").word(0xffffffff);
        Machine m = TestMachines.load(a);
        assertEquals(StopReason.TRAP_LOOP, m.run(1000));
        assertEquals(3, m.hart.retired, "la (auipc, addi) and csrw retired; the ecall and the handler never do");
        assertEquals(1, m.exceptionCounts[11]);
        assertEquals(dev.vmlab.machine.Machine.TRAP_LOOP_LIMIT, m.exceptionCounts[2], "then illegal instruction, over and over");
    }

    @Test
    void anInterruptRequestStopsTheRunAtTheNextInstructionBoundary() {
        // A device write asks the machine to stop, as Ctrl-C does from another thread.
        Asm a = new Asm().li(T0, 0x10_0000).sw(ZERO, 0, T0).label("stop").addi(A0, ZERO, 1).halt();
        Machine m = TestMachines.load(a);
        m.map(0x10_0000, new dev.vmlab.device.Device() {
            public String name() { return "stop"; }
            public long size() { return 0x1000; }
            public long read(long offset, int size) { return 0; }
            public void write(long offset, int size, long value) { m.interrupt(); }
        });
        assertEquals(StopReason.INTERRUPTED, m.run(1000));
        assertEquals(0, m.hart.x[A0], "the instruction after the store did not run");
        assertEquals(a.addr("stop"), m.hart.pc, "the hart waits at the instruction after the store");
    }
}
