package dev.vmlab.scenario;

import dev.vmlab.machine.Machine;
import dev.vmlab.machine.StopReason;
import dev.vmlab.machine.VirtBoard;
import dev.vmlab.trace.Tracer;

import java.util.List;

/**
 * A scenario's VM, built and loaded, ready to run: what {@link ScenarioRunner#start} returns.
 * {@link #run} runs it within the scenario's limits; a caller that steps or sets breakpoints can
 * drive {@link #machine()} itself and ask for a {@link #result} whenever it likes. Closing the
 * session finishes the trace (moving a trace file into place) and releases the disk.
 */
public final class ScenarioSession implements AutoCloseable {
    private final Scenario scenario;
    private final VirtBoard board;
    private final CapturingConsole console;
    private final Tracer tracer;
    private final EventRecorder recorder;
    private volatile boolean wallLimitHit;
    private double seconds;
    private boolean closed;

    ScenarioSession(Scenario scenario, VirtBoard board, CapturingConsole console, Tracer tracer, EventRecorder recorder) {
        this.scenario = scenario;
        this.board = board;
        this.console = console;
        this.tracer = tracer;
        this.recorder = recorder;
    }

    public Scenario scenario() { return scenario; }

    public Vm vm() { return scenario.vm(); }

    public VirtBoard board() { return board; }

    public Machine machine() { return board.machine; }

    /** The console: scripted input, captured output. */
    public CapturingConsole console() { return console; }

    /** Stops a running {@link #run} at the next instruction boundary. Thread-safe. */
    public void interrupt() { board.machine.interrupt(); }

    /**
     * Runs until the guest stops, the instruction limit (counted from boot, so a run that was
     * stepped before still stops at the same instruction), the wall-clock limit, or
     * {@link #interrupt}.
     */
    public RunResult run() {
        Machine m = board.machine;
        Scenario.Limits limits = scenario.limits();
        long budget = 0;
        if (limits.instructions() > 0) {
            budget = limits.instructions() - m.hart.retired;
            if (budget <= 0) return result(StopReason.INSN_LIMIT);
        }
        Thread watchdog = limits.wallSeconds() > 0 ? startWatchdog(limits.wallSeconds()) : null;
        long t0 = System.nanoTime();
        StopReason why;
        try {
            why = m.run(budget);
        } finally {
            seconds += (System.nanoTime() - t0) / 1e9;
            if (watchdog != null) watchdog.interrupt();
            console.flush();
        }
        return result(why);
    }

    private Thread startWatchdog(double wallSeconds) {
        wallLimitHit = false;
        Thread t = new Thread(() -> {
            try {
                Thread.sleep((long) (wallSeconds * 1000));
                wallLimitHit = true;
                board.machine.interrupt();
            } catch (InterruptedException e) {
                // The run ended first.
            }
        }, "vmlab-wall-limit");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The result as of now, for a run that stopped for {@code why}. */
    public RunResult result(StopReason why) {
        Machine m = board.machine;
        Outcome outcome = Outcome.of(why);
        boolean wall = why == StopReason.INTERRUPTED && wallLimitHit;
        if (wall) outcome = Outcome.LIMIT;
        String detail = switch (outcome) {
            case PASS -> "guest passed";
            case FAIL -> "guest failed, status " + m.exitStatus();
            case LIMIT -> wall
                ? "wall-clock limit reached (" + java.math.BigDecimal.valueOf(scenario.limits().wallSeconds()).stripTrailingZeros().toPlainString() + " s)"
                : "instruction limit reached";
            case IDLE -> "guest waits for an interrupt that can never come";
            case TRAP_LOOP -> "guest is stuck in a trap loop at pc 0x" + Long.toHexString(m.hart.pc)
                + " (its trap handler faults before retiring anything)";
            case INTERRUPTED -> "interrupted";
        };
        int status = outcome == Outcome.PASS ? 0 : outcome == Outcome.FAIL ? m.exitStatus() : -1;
        List<RunResult.EventObservation> events = recorder == null ? List.of() : recorder.observations();
        return new RunResult(scenario.name(), scenario.vm().name(), scenario.vm().mode(), outcome, detail, status, seconds,
            console.output(), console.truncated(), Counters.measure(board, console), events);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            tracer.close();
        } finally {
            board.close();
        }
    }
}
