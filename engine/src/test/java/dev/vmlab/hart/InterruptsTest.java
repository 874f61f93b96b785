package dev.vmlab.hart;

import static dev.vmlab.hart.Priv.*;
import static dev.vmlab.testing.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmlab.device.Clint;
import dev.vmlab.machine.Machine;
import dev.vmlab.machine.StopReason;
import dev.vmlab.testing.Asm;
import dev.vmlab.testing.TestMachines;
import dev.vmlab.testing.TestMachines.Run;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Interrupts (privileged spec §3.1.9 mip/mie, §3.1.8 mideleg, §3.1.7 mtvec, §3.3.3 WFI) and the
 * CLINT timer on vmlab's deterministic timebase (mtime = cycles / 10).
 */
class InterruptsTest {
    private static final long CLINT = 0x0200_0000L;

    /**
     * M code from the start (PMP open), then handlers "trap" (M) and "strap" (S). The handlers and
     * the final halt first clear the interrupt enables, since a wfi with an enabled interrupt
     * still pending completes at once and would not stop the run.
     */
    private static Run run(Consumer<Machine> before, Consumer<Asm> body, Consumer<Asm> lower) {
        Asm a = new Asm().mtvec("trap").stvec("strap").pmpAllowAll();
        body.accept(a);
        a.csrw(MIE, ZERO).label(TestMachines.DONE).halt()
            .align(4).label("trap").csrw(MIE, ZERO).halt()
            .align(4).label("strap").csrw(SIE, ZERO).wfi().j("strap");
        lower.accept(a);
        Machine m = TestMachines.load(a);
        before.accept(m);
        StopReason stop = m.run(10_000);
        return new Run(m, a, stop);
    }

    private static Consumer<Machine> pending(int... bits) {
        return m -> { for (int b : bits) m.hart.setPending(b, true); };
    }

    private static void assertMInterrupt(Run r, int code, long epc) {
        assertEquals(r.addr("trap") + 8, r.m().hart.pc, "in the M handler");
        assertEquals(INTERRUPT | code, r.m().hart.mcause, "mcause");
        assertEquals(epc, r.m().hart.mepc, "mepc");
        assertEquals(0, r.m().hart.mtval, "mtval");
    }

    private static void assertSInterrupt(Run r, int code, long epc) {
        assertEquals(r.addr("strap") + 8, r.m().hart.pc, "in the S handler");
        assertEquals(S, r.m().hart.priv);
        assertEquals(INTERRUPT | code, r.m().hart.scause, "scause");
        assertEquals(epc, r.m().hart.sepc, "sepc");
    }

    private static Asm enable(Asm a, int... bits) {
        long m = 0;
        for (int b : bits) m |= 1L << b;
        return a.li(T0, m).csrw(MIE, T0);
    }

    @Test
    void machineInterruptIsTakenOnceMieAndItsEnableAreSet() {
        Run r = run(pending(MEI), a -> enable(a, MEI).csrrsi(ZERO, MSTATUS, 8).label("next").nop(), l -> { });
        assertMInterrupt(r, MEI, r.addr("next"));
        long ms = r.m().hart.mstatus;
        assertEquals(MS_MPIE, ms & (MS_MIE | MS_MPIE), "MPIE = 1, MIE = 0");
        assertEquals(M, mpp(ms));
        assertEquals(1, r.m().interruptCounts[MEI]);
    }

    @Test
    void machineInterruptWaitsWhileMieIsClearInMachineMode() {
        Run r = run(pending(MEI), a -> enable(a, MEI).csrr(A0, MIP), l -> { }).assertCompleted();
        assertEquals(1L << MEI, r.x(A0) & 1L << MEI, "pending in mip");
    }

    @Test
    void machineInterruptWaitsWhileItsMieBitIsClear() {
        run(pending(MEI), a -> enable(a, MTI).csrrsi(ZERO, MSTATUS, 8).nop(), l -> { }).assertCompleted();
    }

    @Test
    void machineInterruptsAreTakenInSupervisorAndUserModeEvenWithMieClear() {
        for (int p : new int[] {S, U}) {
            Run r = run(pending(MEI), a -> enable(a, MEI).enter(p, "low"), l -> l.align(4).label("low").nop());
            assertMInterrupt(r, MEI, r.addr("low"));
            assertEquals(p, mpp(r.m().hart.mstatus));
        }
    }

    @Test
    void delegatedInterruptIsNotTakenInMachineMode() {
        run(pending(SEI), a -> a.li(T0, 1 << SEI).csrw(MIDELEG, T0).apply(x -> enable(x, SEI))
            .li(T0, MS_SIE | MS_MIE).csrs(MSTATUS, T0).nop(), l -> { }).assertCompleted();
    }

    @Test
    void delegatedInterruptIsTakenInSupervisorModeWhenSieIsSet() {
        Run r = run(pending(SEI), a -> a.li(T0, 1 << SEI).csrw(MIDELEG, T0).apply(x -> enable(x, SEI))
            .li(T0, MS_SIE).csrs(MSTATUS, T0).enter(S, "s"), l -> l.align(4).label("s").nop());
        assertSInterrupt(r, SEI, r.addr("s"));
        long ms = r.m().hart.mstatus;
        assertEquals(MS_SPP, ms & MS_SPP);
        assertEquals(MS_SPIE, ms & (MS_SPIE | MS_SIE), "SPIE = old SIE, SIE = 0");
    }

    @Test
    void sstatusSieGatesDelegatedInterruptsInSupervisorMode() {
        Run r = run(pending(SEI), a -> a.li(T0, 1 << SEI).csrw(MIDELEG, T0).apply(x -> enable(x, SEI)).enter(S, "s"),
            l -> l.align(4).label("s").li(A0, 1).csrrsi(ZERO, SSTATUS, 2).label("next").li(A1, 1));
        assertSInterrupt(r, SEI, r.addr("next"));
        assertEquals(1, r.x(A0), "ran with SIE clear");
        assertEquals(0, r.x(A1), "the interrupt came right after SIE was set");
    }

    @Test
    void delegatedInterruptIsTakenInUserModeEvenWithSieClear() {
        Run r = run(pending(SEI), a -> a.li(T0, 1 << SEI).csrw(MIDELEG, T0).apply(x -> enable(x, SEI)).enter(U, "u"),
            l -> l.align(4).label("u").nop());
        assertSInterrupt(r, SEI, r.addr("u"));
        assertEquals(0, r.m().hart.mstatus & MS_SPP, "SPP = U");
    }

    @Test
    void undelegatedSupervisorInterruptGoesToMachineMode() {
        Run r = run(pending(SEI), a -> enable(a, SEI).li(T0, MS_SIE).csrs(MSTATUS, T0).enter(S, "s"),
            l -> l.align(4).label("s").nop());
        assertMInterrupt(r, SEI, r.addr("s"));
    }

    @Test
    void simultaneousInterruptsAreTakenInPriorityOrder() {
        // MEI > MSI > MTI > SEI > SSI > STI (privileged spec §3.1.9), all destined for M here.
        int[] order = {MEI, MSI, MTI, SEI, SSI, STI};
        for (int first = 0; first < order.length; first++) {
            int from = first;
            Run r = run(m -> {
                for (int k = from; k < order.length; k++) {
                    if (order[k] == MTI) m.clint.write(Clint.MTIMECMP, 8, 0); // mtime >= 0: pending now
                    else if (order[k] == MSI) m.clint.write(0, 4, 1);
                    else m.hart.setPending(order[k], true);
                }
            }, a -> enable(a, MEI, MSI, MTI, SEI, SSI, STI).csrrsi(ZERO, MSTATUS, 8).label("next").nop(), l -> { });
            assertMInterrupt(r, order[first], r.addr("next"));
        }
    }

    @Test
    void machineLevelInterruptsPreemptSupervisorLevelOnes() {
        // SSI is not delegated (M-level), SEI is (S-level); in S with SIE set the M-level one wins
        // although SEI precedes SSI in the code order: higher-privilege interrupts are serviced first.
        Run r = run(pending(SSI, SEI), a -> a.li(T0, 1 << SEI).csrw(MIDELEG, T0).apply(x -> enable(x, SEI, SSI))
            .li(T0, MS_SIE).csrs(MSTATUS, T0).enter(S, "s"), l -> l.align(4).label("s").nop());
        assertMInterrupt(r, SSI, r.addr("s"));
    }

    @Test
    void machineModeWritesToMipStipDeliverSupervisorTimerInterrupts() {
        Run r = run(m -> { }, a -> a.li(T0, 1 << STI).csrw(MIDELEG, T0).apply(x -> enable(x, STI))
            .csrs(MIP, T0).li(T0, MS_SIE).csrs(MSTATUS, T0).enter(S, "s"), l -> l.align(4).label("s").nop());
        assertSInterrupt(r, STI, r.addr("s"));
    }

    @Test
    void supervisorSetsSsipThroughSipWhenDelegated() {
        Run r = run(m -> { }, a -> a.li(T0, 1 << SSI).csrw(MIDELEG, T0).apply(x -> enable(x, SSI))
                .li(T0, MS_SIE).csrs(MSTATUS, T0).enter(S, "s"),
            l -> l.align(4).label("s").csrrsi(ZERO, SIP, 2).label("next").nop());
        assertSInterrupt(r, SSI, r.addr("next"));
        assertEquals(1L << SSI, r.m().hart.mip() & 1L << SSI);
    }

    @Test
    void sieAndSipOnlyShowDelegatedBits() {
        Run r = run(pending(MEI, SEI), a -> a.li(T0, 1 << SEI).csrw(MIDELEG, T0).li(T0, -1).csrw(MIE, T0)
            .csrr(A0, SIE).csrr(A1, SIP).csrr(A2, MIE), l -> { }).assertCompleted();
        assertEquals(1L << SEI, r.x(A0));
        assertEquals(1L << SEI, r.x(A1));
        assertEquals(0xaaaL, r.x(A2), "mie holds exactly the six standard enables");
    }

    @Test
    void vectoredMtvecSendsInterruptsToBasePlusFourTimesCause() {
        Asm a = new Asm().la(T0, "vec").addi(T0, T0, 1).csrw(MTVEC, T0).li(T0, 1 << MEI).csrw(MIE, T0)
            .csrrsi(ZERO, MSTATUS, 8).label("next").nop().label("done").halt()
            .align(64).label("vec").j("exc");
        for (int c = 1; c < 16; c++) a.j(c == MEI ? "mei" : "wrong");
        a.label("exc").li(A0, 1).halt().label("mei").li(A0, 11).halt().label("wrong").li(A0, -1).halt();
        Machine m = TestMachines.load(a);
        m.hart.setPending(MEI, true);
        m.run(1000);
        assertEquals(11, m.hart.x[A0]);
        assertEquals(a.addr("next"), m.hart.mepc);
        assertEquals(a.addr("vec") | 1, m.hart.mtvec);
    }

    @Test
    void vectoredMtvecSendsExceptionsToBase() {
        Asm a = new Asm().la(T0, "vec").addi(T0, T0, 1).csrw(MTVEC, T0).ecall().halt()
            .align(64).label("vec").j("exc");
        for (int c = 1; c < 16; c++) a.j("wrong");
        a.label("exc").li(A0, 1).halt().label("wrong").li(A0, -1).halt();
        Machine m = TestMachines.load(a);
        m.run(1000);
        assertEquals(1, m.hart.x[A0]);
        assertEquals(11, m.hart.mcause);
    }

    @Test
    void vectoredStvecSendsDelegatedInterruptsToBasePlusFourTimesCause() {
        Asm a = new Asm().mtvec("trap").pmpAllowAll().la(T0, "svec").addi(T0, T0, 1).csrw(STVEC, T0)
            .li(T0, 1 << STI).csrw(MIDELEG, T0).csrw(MIE, T0).csrs(MIP, T0).li(T0, MS_SIE).csrs(MSTATUS, T0)
            .enter(S, "s").align(4).label("trap").halt()
            .align(4).label("s").nop()
            .align(64).label("svec");
        for (int c = 0; c < 16; c++) a.j(c == STI ? "sti" : "wrong");
        a.label("sti").li(A0, 5).csrw(SIE, ZERO).wfi().label("wrong").li(A0, -1).wfi();
        Machine m = TestMachines.load(a);
        m.run(1000);
        assertEquals(5, m.hart.x[A0]);
        assertEquals(INTERRUPT | STI, m.hart.scause);
    }

    @Test
    void interruptIsTakenRightAfterMretEnablesIt() {
        Run r = run(pending(MEI), a -> enable(a, MEI).li(T0, MS_MPIE).csrs(MSTATUS, T0).enter(M, "m2"),
            l -> l.align(4).label("m2").nop());
        assertMInterrupt(r, MEI, r.addr("m2"));
    }

    /** Programs mtimecmp through the CLINT and spins; the handler records minstret and time first thing. */
    private static Machine timerRun(long mtimecmp) {
        Asm a = new Asm().mtvec("h").li(T0, CLINT + 0x4000).li(T1, mtimecmp).sd(T1, 0, T0).li(T0, 1 << MTI)
            .csrw(MIE, T0).csrrsi(ZERO, MSTATUS, 8).li(A0, 0).label("loop").addi(A0, A0, 1).j("loop")
            .align(4).label("h").csrr(A1, MINSTRET).csrr(A2, TIME).csrw(MIE, ZERO).halt();
        Machine m = TestMachines.load(a);
        m.run(100_000);
        return m;
    }

    @Test
    void clintTimerInterruptArrivesWhenMtimeReachesMtimecmp() {
        Machine m = timerRun(50);
        assertEquals(INTERRUPT | MTI, m.hart.mcause);
        assertEquals(50, m.clint.mtimecmp(0));
        // mtime = cycles / 10 reaches 50 at cycle 500; nothing idles, so that is retired instruction 500.
        assertEquals(500, m.hart.x[A1], "minstret at the handler's first instruction");
        assertEquals(50, m.hart.x[A2], "time at the handler's second instruction");
        Machine again = timerRun(50);
        assertEquals(m.hart.x[A0], again.hart.x[A0], "same guest, same loop count: time is deterministic");
        assertEquals(m.hart.mepc, again.hart.mepc);
        assertEquals(m.hart.x[A1], again.hart.x[A1]);
    }

    @Test
    void clintTimerDeadlineScalesWithMtimecmp() {
        assertEquals(300, timerRun(30).hart.x[A1]);
        assertEquals(1230, timerRun(123).hart.x[A1]);
    }

    @Test
    void guestWritesToClintMsipRaiseAndClearTheMachineSoftwareInterrupt() {
        Run r = run(m -> { }, a -> a.li(T0, CLINT).li(T1, 1).sw(T1, 0, T0).csrr(A0, MIP).sw(ZERO, 0, T0)
            .csrr(A1, MIP).sw(T1, 0, T0).apply(x -> enable(x, MSI)).csrrsi(ZERO, MSTATUS, 8).label("next").nop(),
            l -> { });
        assertEquals(1L << MSI, r.x(A0) & 1L << MSI, "msip = 1 sets mip.MSIP");
        assertEquals(0, r.x(A1) & 1L << MSI, "msip = 0 clears it");
        assertMInterrupt(r, MSI, r.addr("next"));
    }

    @Test
    void mtimecmpMayBeWrittenAsTwo32BitHalves() {
        // High word first (so the timer never fires early), then the low word: mtimecmp = 40.
        Asm a = new Asm().mtvec("h").li(T0, CLINT + 0x4000).li(T1, -1).sw(T1, 0, T0).sw(ZERO, 4, T0).li(T1, 40)
            .sw(T1, 0, T0).li(T0, 1 << MTI).csrw(MIE, T0).csrrsi(ZERO, MSTATUS, 8).label("loop").j("loop")
            .align(4).label("h").csrr(A1, MINSTRET).csrw(MIE, ZERO).halt();
        Machine m = TestMachines.load(a);
        m.run(10_000);
        assertEquals(40, m.clint.mtimecmp(0));
        assertEquals(400, m.hart.x[A1]);
    }

    @Test
    void mtimeReadsCyclesDividedByTen() {
        Asm a = new Asm().li(T0, CLINT + 0xbff8);
        for (int i = 0; i < 123; i++) a.nop();
        a.label("rd").ld(A0, 0, T0).csrr(A1, MINSTRET).csrr(A2, TIME).halt();
        Machine m = TestMachines.load(a);
        m.run(1000);
        long retiredAtLoad = m.hart.x[A1] - 1;
        assertEquals(retiredAtLoad / 10, m.hart.x[A0]);
        assertEquals((retiredAtLoad + 2) / 10, m.hart.x[A2]);
    }

    @Test
    void pastMtimecmpFiresAsSoonAsEnabled() {
        Run r = run(m -> { }, a -> a.li(T0, CLINT + 0x4000).sd(ZERO, 0, T0).apply(x -> enable(x, MTI))
            .csrrsi(ZERO, MSTATUS, 8).label("next").nop(), l -> { });
        assertMInterrupt(r, MTI, r.addr("next"));
    }

    @Test
    void wfiWaitsForTheTimerAndThenContinuesWhenInterruptsAreGloballyOff() {
        Run r = run(m -> { }, a -> a.li(T0, CLINT + 0x4000).li(T1, 100).sd(T1, 0, T0).apply(x -> enable(x, MTI))
            .wfi().csrr(A0, TIME).csrr(A1, MINSTRET).csrr(A2, MCYCLE), l -> { }).assertCompleted();
        assertTrue(r.x(A0) >= 100, "time advanced to the deadline: " + r.x(A0));
        assertTrue(r.x(A1) < 20, "no instructions spent waiting");
        assertTrue(r.x(A2) >= 1000, "the wait counts as cycles");
        assertTrue(r.m().hart.idle > 0);
    }

    @Test
    void wfiThenInterruptTrapsWithMepcAfterTheWfi() {
        Run r = run(m -> { }, a -> a.li(T0, CLINT + 0x4000).li(T1, 100).sd(T1, 0, T0).apply(x -> enable(x, MTI))
            .csrrsi(ZERO, MSTATUS, 8).label("w").wfi().nop(), l -> { });
        assertMInterrupt(r, MTI, r.addr("w") + 4);
    }

    @Test
    void wfiCompletesAtOnceWhenAnEnabledInterruptIsPending() {
        Run r = run(pending(MEI), a -> enable(a, MEI).wfi().li(A0, 1), l -> { }).assertCompleted();
        assertEquals(1, r.x(A0));
        assertEquals(0, r.m().hart.idle);
    }

    @Test
    void wfiWithNothingThatCanWakeItEndsTheRun() {
        Machine m = TestMachines.load(new Asm().wfi().li(A0, 1));
        assertEquals(StopReason.IDLE_FOREVER, m.run(1000));
        assertEquals(0, m.hart.x[A0]);
    }
}
