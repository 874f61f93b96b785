package dev.vmlab.scenario;

import dev.vmlab.machine.StopReason;
import java.util.Locale;

/** How a scenario's run ended, as expectations name it ({@code "result": "pass"}). */
public enum Outcome {
    /** The guest reported success (test finisher pass, HTIF exit 0). */
    PASS,
    /** The guest reported failure with a status code. */
    FAIL,
    /** The instruction limit or the wall-clock limit stopped it. */
    LIMIT,
    /** The guest waits for an interrupt that nothing can raise: scripted input used up, no timer armed. */
    IDLE,
    /** Trap after trap with nothing retired: the guest's trap handler itself faults. */
    TRAP_LOOP,
    /** Someone stopped it (Ctrl-C, or a shell's interrupt); never the result of an unattended run. */
    INTERRUPTED;

    public String label() { return name().toLowerCase(Locale.ROOT); }

    static Outcome of(StopReason why) {
        return switch (why) {
            case PASS -> PASS;
            case FAIL -> FAIL;
            case INSN_LIMIT -> LIMIT;
            case IDLE_FOREVER -> IDLE;
            case TRAP_LOOP -> TRAP_LOOP;
            case INTERRUPTED, BREAKPOINT -> INTERRUPTED; // scenarios set no breakpoints
        };
    }
}
