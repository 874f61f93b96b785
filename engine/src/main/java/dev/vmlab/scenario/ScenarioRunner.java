package dev.vmlab.scenario;

import dev.vmlab.BadInputException;
import dev.vmlab.machine.MachineConfig;
import dev.vmlab.machine.VirtBoard;
import dev.vmlab.trace.TraceEvent;
import dev.vmlab.trace.TraceKind;
import dev.vmlab.trace.TraceSink;
import dev.vmlab.trace.TraceSinks;
import dev.vmlab.trace.Tracer;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a scenario: builds the board its VM describes, loads the guest, wires the console and
 * the trace, and runs within the limits.
 *
 * <pre>{@code
 * Scenario s = ScenarioLoader.load(Path.of("scenarios/hello.json"));
 * RunResult r = ScenarioRunner.run(s, RunOptions.grading());
 * Grade g = Grader.grade(s, r);
 * }</pre>
 *
 * A caller that wants to drive the machine itself (a shell that steps) uses {@link #start} and
 * the {@link ScenarioSession} it returns.
 */
public final class ScenarioRunner {
    private ScenarioRunner() {}

    /** Runs {@code s} to its end (the guest stops, a limit, or {@link ScenarioSession#interrupt}). */
    public static RunResult run(Scenario s, RunOptions options) {
        try (ScenarioSession session = start(s, options)) {
            return session.run();
        }
    }

    /**
     * Builds and loads the scenario's VM without running it. Anything this version cannot run
     * (a second VM, a mode or engine still to come, an assembly source) is a
     * {@link BadInputException} pointing at the field that asked for it.
     */
    public static ScenarioSession start(Scenario s, RunOptions options) {
        checkRunnable(s);
        Vm vm = s.vm();
        var image = Guests.image(s, 0);
        CapturingConsole console = new CapturingConsole(s.input().isEmpty() ? null : s.input(), options.host(),
            options.captureLimit());
        MachineConfig config = new MachineConfig(vm.name(), vm.memory(), vm.tlbEntries(), vm.realtime(),
            vm.disk() == null ? null : vm.disk().image(), vm.disk() != null && vm.disk().readOnly(), console, vm.bootargs(),
            vm.engine() == Vm.Engine.DBT ? MachineConfig.EngineKind.DBT : MachineConfig.EngineKind.INTERP);
        VirtBoard board;
        try {
            board = VirtBoard.build(config);
        } catch (BadInputException e) {
            throw new BadInputException(s.origin().at("vms[0].disk.image") + ": " + e.getMessage(), e);
        }
        try {
            try {
                board.load(image);
            } catch (BadInputException e) {
                // The board speaks to command-line users; here the size comes from the scenario.
                String m = e.getMessage().replace("use more --memory", "raise vms[0].memory");
                throw new BadInputException(s.origin().at("vms[0].memory") + ": " + m, e);
            }
            EventRecorder recorder = null;
            List<EventPattern> patterns = new ArrayList<>(s.expect().mustAppear());
            patterns.addAll(s.expect().mustNotAppear());
            if (options.recordEvents() && !patterns.isEmpty()) recorder = new EventRecorder(patterns);
            Tracer tracer = tracer(s, options, recorder);
            board.machine.setTracer(tracer);
            return new ScenarioSession(s, board, console, tracer, recorder);
        } catch (RuntimeException e) {
            board.close();
            throw e;
        }
    }

    /** The features the format accepts but this version cannot run yet, each named where it is asked for. */
    public static void checkRunnable(Scenario s) {
        Origin o = s.origin();
        if (s.vms().size() > 1) {
            throw new BadInputException(o.message("vms", "running " + s.vms().size()
                + " VMs at once is not available yet; this version runs one VM"));
        }
        Vm vm = s.vm();
        if (vm.vcpus() > 1) {
            throw new BadInputException(o.message("vms[0].vcpus", vm.vcpus() + " vCPUs are not available yet (available: 1)"));
        }
        if (vm.mode() != Vm.Mode.ISA) {
            throw new BadInputException(o.message("vms[0].mode", "mode \"" + vm.mode().label()
                + "\" is not available yet (available: isa)"));
        }
        if (vm.profile() != Vm.Profile.CLASSIC) {
            throw new BadInputException(o.message("vms[0].profile", "ISA profile \"" + vm.profile().label()
                + "\" is not available yet (available: classic)"));
        }
    }

    /**
     * One tracer for both consumers: the user's trace with its filters, and the recorder, which
     * must see every event of its kinds whatever the user's filters say.
     */
    private static Tracer tracer(Scenario s, RunOptions options, EventRecorder recorder) {
        TraceSpec spec = s.trace();
        TraceSink user = null;
        if (options.writeTrace() && spec.enabled() && (spec.file() != null || options.traceConsole() != null)) {
            try {
                user = TraceSinks.open(spec.format(), spec.file(), options.traceConsole(),
                    options.traceColour() && spec.file() == null, false);
            } catch (BadInputException e) {
                throw new BadInputException(s.origin().at("trace.file") + ": " + e.getMessage(), e);
            }
        }
        if (recorder == null) return user == null ? Tracer.off() : spec.tracer(user);
        if (user == null) return Tracer.to(recorder).kinds(recorder.kinds()).build();
        Set<TraceKind> kinds = EnumSet.copyOf(recorder.kinds());
        kinds.addAll(spec.kinds());
        return Tracer.to(new Tee(recorder, user, spec)).kinds(kinds).build();
    }

    /** Feeds the recorder everything, and the user's sink what the user's filters select. */
    private static final class Tee implements TraceSink {
        private final TraceSink recorder, user;
        private final TraceSpec spec;
        private long remaining;

        Tee(TraceSink recorder, TraceSink user, TraceSpec spec) {
            this.recorder = recorder;
            this.user = user;
            this.spec = spec;
            this.remaining = spec.limit() <= 0 ? Long.MAX_VALUE : spec.limit();
        }

        @Override
        public void accept(TraceEvent e) {
            recorder.accept(e);
            if (remaining > 0 && spec.selects(e)) {
                user.accept(e);
                remaining--;
            }
        }

        @Override
        public void close() {
            recorder.close();
            user.close();
        }
    }
}
