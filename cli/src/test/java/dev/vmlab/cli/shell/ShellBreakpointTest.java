package dev.vmlab.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Breakpoints stop exactly before the instruction at their address, with exactly the
 * instructions before it retired, whether the address starts a basic block or lies inside
 * one; trap breakpoints stop at the handler with the faulting instruction not retired.
 */
class ShellBreakpointTest {
    /** Retired count when the pc first reaches {@code target}, found by single-stepping. */
    private static long stepsTo(String guest, long target) {
        Driver d = new Driver();
        d.run("load " + guest);
        while (d.hart().pc != target) {
            d.run("step");
            assertTrue(d.hart().retired < 100_000, "never reached");
        }
        return d.hart().retired;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"_start+0x8", "_start+0x10", "next", "next+0x4", "wait+0xc", "done", "done+0x4"})
    void aBreakpointStopsWhereSteppingFirstArrives(String where) {
        Driver d = new Driver();
        d.run("load samples/shell/hello.elf");
        d.run("break " + where);
        String out = d.run("continue");
        long pc = d.hart().pc;
        assertEquals(d.session.breakpoints.get(0).condition, new Breakpoint.AtPc(pc), out);
        assertEquals(stepsTo("samples/shell/hello.elf", pc), d.hart().retired, out);
        assertTrue(out.contains("breakpoint 1 at " + Values.where(d.session, pc) + ", retired "), out);
        assertTrue(out.contains(", retired " + d.hart().retired + "\n=> "), out);
    }

    @Test
    void insideABlockTheInstructionsBeforeRanAndTheOneAtTheBreakpointDidNot() {
        Driver d = new Driver();
        d.run("load samples/shell/hello.elf");
        d.run("break _start+0x8"); // lui s1, 0x10000, the third instruction of the first block
        d.run("continue");
        assertEquals(2, d.hart().retired);
        assertEquals(d.symbol("message"), d.hart().x[8], "s0 = message: auipc and addi ran");
        assertEquals(0, d.hart().x[9], "s1 not yet set: lui did not run");
        d.run("step");
        assertEquals(0x1000_0000L, d.hart().x[9]);
    }

    @Test
    void aLoopBreakpointIsHitOncePerIterationWithAConstantStride() {
        Driver d = new Driver();
        d.run("load samples/shell/hello.elf");
        d.run("break next");
        long[] retired = new long[4];
        for (int i = 0; i < retired.length; i++) {
            d.run("continue");
            assertEquals(d.symbol("next"), d.hart().pc);
            retired[i] = d.hart().retired;
        }
        assertEquals(5, retired[0]);
        for (int i = 1; i < retired.length; i++) assertEquals(8, retired[i] - retired[i - 1], "one character per lap");
        assertEquals(4, d.session.breakpoints.get(0).hits);
    }

    @Test
    void hotLoopBreakpointsUnderSv39() {
        Driver d = new Driver();
        d.run("load samples/bench/bench-sv39.elf");
        d.run("until s_entry");
        d.run("continue 100000");
        long loop = d.hart().pc; // somewhere in bench_main's first loop, in S-mode with Sv39 on
        d.run("break " + loop);
        long last = d.hart().retired;
        long stride = -1;
        for (int i = 0; i < 3; i++) {
            String out = d.run("continue");
            assertEquals(loop, d.hart().pc, out);
            long delta = d.hart().retired - last;
            if (stride >= 0) assertEquals(stride, delta, "same loop, same length");
            stride = delta;
            last = d.hart().retired;
        }
        assertEquals(1, d.hart().priv, "S-mode");
    }

    @Test
    void untilAndBreakAgree() {
        Driver a = new Driver(), b = new Driver();
        a.run("load samples/bench/bench-sv39.elf");
        b.run("load samples/bench/bench-sv39.elf");
        a.run("until bench_main");
        b.run("break bench_main");
        b.run("continue");
        assertEquals(a.hart().retired, b.hart().retired);
        assertEquals(a.hart().pc, b.hart().pc);
        assertEquals(stepsTo("samples/bench/bench-sv39.elf", a.symbol("bench_main")), a.hart().retired);
    }

    @Test
    void aTrapBreakpointStopsAtTheHandlerBeforeItsFirstInstruction() {
        Driver d = new Driver();
        d.run("load samples/shell/traps.elf");
        d.run("break trap environment_call_from_u_mode");
        String out = d.run("continue");
        long ecall = d.symbol("user") + 4; // li a0, 'h' (4 bytes: addi), then the ecall
        assertEquals(d.symbol("trap_handler"), d.hart().pc, out);
        assertEquals(ecall, d.hart().mepc);
        assertEquals(8, d.hart().mcause);
        assertEquals(stepsTo("samples/shell/traps.elf", ecall), d.hart().retired, "the ecall did not retire");
        assertTrue(out.startsWith("trap breakpoint 1: environment call from U-mode at 0x" + Long.toHexString(ecall)
            + ", to M-mode, retired " + d.hart().retired + "\n=> 0x" + String.format("%016x", d.hart().pc)), out);
        assertEquals(1, d.session.breakpoints.get(0).hits);
    }

    @Test
    void aStepOverAFaultEndsAtTheHandlerAndPrintsTheTrap() {
        Driver d = new Driver();
        d.run("load samples/shell/traps.elf");
        d.run("until user+4");
        long before = d.hart().retired;
        String out = d.run("step");
        assertEquals(before, d.hart().retired, "the ecall did not retire");
        assertEquals(d.symbol("trap_handler"), d.hart().pc);
        String[] lines = out.split("\n");
        assertEquals(3, lines.length, out);
        assertTrue(lines[0].contains("insn  0x0000000080000036  00000073  U  ecall"), out);
        assertTrue(lines[1].contains("trap") && lines[1].contains("environment call from U-mode"), out);
        assertTrue(lines[2].startsWith("=> 0x0000000080000050"), out);
    }

    @Test
    void aMultiInstructionStepStopsAtABreakpoint() {
        Driver d = new Driver();
        d.run("load samples/shell/hello.elf");
        d.run("break next");
        String out = d.run("step 100");
        assertEquals(5, d.hart().retired);
        assertTrue(out.contains("breakpoint 1 at 0x0000000080000012 <next>, retired 5\n"), out);
    }
}
