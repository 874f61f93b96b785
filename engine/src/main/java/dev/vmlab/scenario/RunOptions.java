package dev.vmlab.scenario;

import dev.vmlab.device.Console;

import java.io.PrintStream;

/**
 * How a caller wants a scenario run: who is at the console, whether to record what the
 * expectations need, and whether to write the scenario's trace.
 *
 * @param host          the terminal side of the console (output shown there; input read from
 *                      it when the scenario has no {@code input}), or null for an unattended run
 * @param recordEvents  record the trace events that expectations look for
 * @param writeTrace    write the scenario's {@code trace} section (to its file, or to
 *                      {@code traceConsole} when it names none)
 * @param traceConsole  where a trace without a file goes (standard error), or null to drop it
 * @param traceColour   colour a text trace written to {@code traceConsole}
 * @param captureLimit  bytes of console output to keep in the result
 */
public record RunOptions(Console host, boolean recordEvents, boolean writeTrace, PrintStream traceConsole,
                         boolean traceColour, int captureLimit) {
    /** For grading: no terminal, everything expectations need recorded, no trace written. */
    public static RunOptions grading() {
        return new RunOptions(null, true, false, null, false, CapturingConsole.DEFAULT_CAPTURE);
    }

    /** For watching a run: the console on {@code host}, the scenario's trace written, nothing graded. */
    public static RunOptions interactive(Console host, PrintStream traceConsole, boolean colour) {
        return new RunOptions(host, false, true, traceConsole, colour, 0);
    }
}
