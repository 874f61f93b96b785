package dev.vmlab.machine;

import static dev.vmlab.testing.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmlab.testing.Asm;
import dev.vmlab.testing.TestMachines;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Breakpoints and trap stops for the shell: a run stops exactly before the instruction at a
 * breakpoint, even in the middle of a basic block, with exactly the instructions before it
 * retired; it resumes by executing that instruction; a trap stop leaves the hart at the
 * handler with the faulting instruction not retired.
 */
class DebugStopTest {
    /** Twenty addi in one basic block, then a halt; "mid" is the 8th addi. */
    private static Asm straightLine() {
        Asm a = new Asm();
        for (int i = 0; i < 20; i++) {
            if (i == 7) a.label("mid");
            if (i == 15) a.label("late");
            a.addi(A0, A0, 1);
        }
        return a.label("done").halt();
    }

    @Test
    void breakpointInsideABlockStopsBeforeThatInstruction() {
        Asm a = straightLine();
        Machine m = TestMachines.load(a);
        m.setBreakpoints(List.of(a.addr("mid")));
        assertEquals(StopReason.BREAKPOINT, m.run(1000));
        assertEquals(a.addr("mid"), m.hart.pc);
        assertEquals(7, m.hart.retired);
        assertEquals(7, m.hart.x[A0]);
    }

    @Test
    void resumingExecutesTheInstructionAtTheBreakpointThenStopsAtTheNext() {
        Asm a = straightLine();
        Machine m = TestMachines.load(a);
        m.setBreakpoints(List.of(a.addr("mid"), a.addr("late")));
        assertEquals(StopReason.BREAKPOINT, m.run(1000));
        assertEquals(StopReason.BREAKPOINT, m.run(1000));
        assertEquals(a.addr("late"), m.hart.pc);
        assertEquals(15, m.hart.retired);
        m.setBreakpoints(List.of());
        assertEquals(StopReason.IDLE_FOREVER, m.run(100), "ran on to the final wfi");
        assertEquals(20, m.hart.x[A0]);
    }

    @Test
    void aBreakpointAtTheStartIsHitOnlyWhenReachedAgain() {
        Asm a = new Asm().label("top").addi(A0, A0, 1).addi(A1, A1, 1).j("top");
        Machine m = TestMachines.load(a);
        m.setBreakpoints(List.of(a.addr("top")));
        for (int lap = 1; lap <= 5; lap++) {
            assertEquals(StopReason.BREAKPOINT, m.run(1000));
            assertEquals(a.addr("top"), m.hart.pc);
            assertEquals(3L * lap, m.hart.retired);
            assertEquals(lap, m.hart.x[A0]);
        }
    }

    @Test
    void aOneInstructionRunFromABreakpointExecutesIt() {
        Asm a = straightLine();
        Machine m = TestMachines.load(a);
        m.setBreakpoints(List.of(a.base()));
        assertEquals(StopReason.INSN_LIMIT, m.run(1));
        assertEquals(1, m.hart.retired);
    }

    @Test
    void breakpointsElsewhereDoNotChangeWhatTheGuestComputes() {
        Asm a = new Asm().li(A1, 100).label("loop").add(A0, A0, A1).addi(A1, A1, -1).bne(A1, ZERO, "loop")
            .label("done").halt();
        Machine plain = TestMachines.load(a);
        plain.run(2000);
        Machine watched = TestMachines.load(a);
        watched.setBreakpoints(List.of(a.addr("done") + 0x1000));
        watched.run(2000);
        assertEquals(plain.hart.x[A0], watched.hart.x[A0]);
        assertEquals(plain.hart.retired, watched.hart.retired);
        assertEquals(5050, watched.hart.x[A0]);
    }

    @Test
    void trapStopLeavesTheHartAtTheHandlerWithTheEcallNotRetired() {
        Asm a = new Asm().mtvec("trap").addi(A0, ZERO, 1).label("call").ecall().addi(A0, ZERO, 2)
            .align(4).label("trap").addi(A2, ZERO, 7).halt();
        Machine m = TestMachines.load(a);
        List<Integer> seen = new ArrayList<>();
        m.setTrapStop((irq, cause) -> seen.add(cause) && !irq && cause == 11);
        assertEquals(StopReason.BREAKPOINT, m.run(1000));
        assertEquals(a.addr("trap"), m.hart.pc);
        assertEquals(a.addr("call"), m.hart.mepc);
        assertEquals(0, m.hart.x[A2], "the handler's first instruction has not run");
        long retired = m.hart.retired;
        assertEquals((a.addr("call") - a.base()) / 4, retired, "instructions before the ecall, the ecall not retired");
        assertEquals(List.of(11), seen);
    }

    @Test
    void trapStopsCatchInterruptsTakenBetweenInstructions() {
        Asm a = new Asm().mtvec("trap").pmpAllowAll().li(T0, 8).csrw(0x304, T0).csrs(0x300, T0) // mie.MSIE, MIE
            .label("spin").j("spin").align(4).label("trap").halt();
        Machine m = TestMachines.load(a);
        m.setTrapStop((irq, cause) -> irq && cause == 3);
        m.run(20); // reaches the spin loop
        m.hart.setPending(3, true);
        assertEquals(StopReason.BREAKPOINT, m.run(1000));
        assertEquals(a.addr("trap"), m.hart.pc);
        assertTrue(m.hart.mcause < 0, "an interrupt");
    }

    @Test
    void aBreakpointAtTheHandlerIsHitAfterTheTrap() {
        Asm a = new Asm().mtvec("trap").ecall().align(4).label("trap").addi(A2, ZERO, 7).halt();
        Machine m = TestMachines.load(a);
        m.setBreakpoints(Set.of(a.addr("trap")));
        assertEquals(StopReason.BREAKPOINT, m.run(1000));
        assertEquals(a.addr("trap"), m.hart.pc);
        assertEquals(11, m.hart.mcause);
    }
}
