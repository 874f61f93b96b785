package dev.vmlab.machine;

/** Why a run ended. */
public enum StopReason {
    /** The guest reported success through the test finisher or HTIF. */
    PASS,
    /** The guest reported failure with a code. */
    FAIL,
    /** The instruction budget was used up. */
    INSN_LIMIT,
    /** The user interrupted the run (Ctrl-C). */
    INTERRUPTED,
    /** A debugger's breakpoint stopped it: before an instruction at a breakpoint pc, or right after a trap it watches. */
    BREAKPOINT,
    /** The hart waits for an interrupt that nothing can ever raise. */
    IDLE_FOREVER,
    /** Trap after trap with no instruction retired: the trap handler itself faults. */
    TRAP_LOOP;

    /** The process exit code for a run that ended this way (0 success, 1 guest failure or budget, 130 interrupted). */
    public int exitCode() {
        return switch (this) {
            case PASS -> 0;
            case INTERRUPTED, BREAKPOINT -> 130;
            default -> 1;
        };
    }
}
