package dev.vmlab.cli;

import dev.vmlab.BadInputException;
import dev.vmlab.asm.Assembler;
import dev.vmlab.hart.Cause;
import dev.vmlab.machine.GuestImages;
import dev.vmlab.machine.Machine;
import dev.vmlab.machine.MachineConfig;
import dev.vmlab.machine.StopReason;
import dev.vmlab.machine.VirtBoard;
import dev.vmlab.scenario.RunOptions;
import dev.vmlab.scenario.RunResult;
import dev.vmlab.scenario.Scenario;
import dev.vmlab.scenario.ScenarioLoader;
import dev.vmlab.scenario.ScenarioRunner;
import dev.vmlab.scenario.ScenarioSession;
import dev.vmlab.scenario.TraceSpec;
import dev.vmlab.trace.TraceKind;
import dev.vmlab.trace.TraceSinks;
import dev.vmlab.trace.Tracer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code vmlab run}: boots a guest on the virt board and runs it to completion. The guest is an
 * ELF file, configured by the options, or a scenario file, which configures the VM itself (its
 * expectations are for {@code vmlab check} and are not graded here).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a RISC-V guest (an ELF file or an assembly source) on the emulated virt board, or the VM of a scenario (a .json file).",
        "With a scenario, the VM's options come from the file; --max-insns and the --trace options override it."},
    footer = {"", "Exit status: 0 the guest passed or powered off, 1 it failed or hit --max-insns,",
        "2 bad input, 3 internal error, 130 interrupted (Ctrl-C)."})
public final class RunCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(paramLabel = "GUEST", description = "The guest: a RISC-V ELF executable, an assembly source (.s, .S) "
        + "that vmlab assembles first, or a scenario file (.json).")
    Path guest;

    @Spec
    CommandSpec spec;

    @Option(names = "-D", paramLabel = "NAME[=VALUE]",
        description = "Define an assembler symbol for an assembly GUEST (visible to .ifdef and expressions; default value 1).")
    List<String> defines = new ArrayList<>();

    /** Options that describe the VM: a scenario says these itself. */
    private static final List<String> VM_OPTIONS = List.of("--mode", "--engine", "--memory", "--disk", "--disk-readonly",
        "--realtime", "--tlb", "--bootargs", "-D");

    @Option(names = "--mode", defaultValue = "isa", paramLabel = "MODE",
        description = "Virtualization technique: isa (default; the guest runs on the emulated machine).")
    String mode;

    @Option(names = "--engine", defaultValue = "interp", paramLabel = "ENGINE",
        description = "How instructions execute on the JVM: interp (default) or dbt (hot blocks translated to JVM bytecode; same guest behaviour).")
    String engine;

    @Option(names = {"-m", "--memory"}, defaultValue = "128M", paramLabel = "SIZE",
        description = "Guest RAM at 0x80000000, e.g. 64M, 1G (default ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--disk", paramLabel = "IMAGE", description = "Raw disk image for the virtio block device.")
    Path disk;

    @Option(names = "--disk-readonly", description = "Attach the disk read-only (guest writes fail with an I/O error).")
    boolean diskReadOnly;

    @Option(names = "--max-insns", defaultValue = "0", paramLabel = "N",
        description = "Stop after N retired instructions (exit 1); 0 = no limit.")
    long maxInsns;

    @Option(names = "--realtime", description = "Let mtime follow the wall clock instead of retired instructions.")
    boolean realtime;

    @Option(names = "--tlb", defaultValue = "64", paramLabel = "N",
        description = "TLB entries per privilege level (power of two; 0 = no TLB, every access walks).")
    int tlbEntries;

    @Option(names = "--bootargs", defaultValue = "", paramLabel = "ARGS", description = "Kernel command line for the device tree's /chosen.")
    String bootargs;

    @Option(names = "--trace", paramLabel = "KINDS",
        description = "Comma-separated trace kinds: insn, trap, irq, csr, pagewalk, tlb, mmio, or all.")
    String trace;

    @Option(names = "--trace-file", paramLabel = "FILE", description = "Write the trace to FILE instead of standard error.")
    Path traceFile;

    @Option(names = "--trace-format", defaultValue = "text", paramLabel = "FMT", description = "text (default) or jsonl.")
    String traceFormat;

    @Option(names = "--trace-limit", defaultValue = "0", paramLabel = "N", description = "Stop tracing after N events (0 = no limit).")
    long traceLimit;

    @Option(names = "--trace-pc", paramLabel = "LO:HI", description = "Trace instructions only with LO <= pc < HI (hex or symbols not yet).")
    String tracePc;

    @Option(names = "--trace-window", paramLabel = "FROM:TO",
        description = "Trace only events at instruction counts FROM <= n < TO (either side may be empty).")
    String traceWindow;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the run summary.")
    boolean quiet;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FMT", description = "Summary format: text (default) or json.")
    String format;

    @Override
    public Integer call() {
        validate();
        if (guest.toString().endsWith(".json")) return runScenario();
        long ram = Sizes.parse(memory, "--memory");
        if (ram < (1 << 20) || ram > (2040L << 20) || ram % 4096 != 0) {
            throw new BadInputException("--memory " + memory + ": must be between 1M and 2040M and a multiple of 4K");
        }
        TraceSpec traceSpec = traceSpec();
        Tracer tracer = traceSpec == null ? Tracer.off() : traceSpec.tracer(openSink());
        RawTerminal raw = RawTerminal.openIfInteractive();
        HostConsole console = raw != null ? new HostConsole(raw.input(), System.out, true)
            : new HostConsole(System.in, System.out, System.console() != null);
        MachineConfig config = new MachineConfig("vm0", ram, tlbEntries, realtime, disk, diskReadOnly, console, bootargs,
            MachineConfig.EngineKind.parse(engine));
        try (VirtBoard board = VirtBoard.build(config)) {
            board.load(GuestImages.load(guest, Assembler.parseDefines(defines), System.err::println));
            Machine m = board.machine;
            m.setTracer(tracer);
            return withInterruptHook(m::interrupt, () -> {
                long t0 = System.nanoTime();
                StopReason why = m.run(maxInsns);
                double seconds = (System.nanoTime() - t0) / 1e9;
                console.flush();
                tracer.close();
                RunSummary summary = new RunSummary(why, null, m.exitStatus(), m, seconds);
                if (!quiet) summary.print(System.err, "json".equals(format));
                return why;
            });
        } finally {
            console.close();
            if (raw != null) raw.close();
        }
    }

    /**
     * Runs the VM of a scenario file with the console on the terminal, or fed from the
     * scenario's {@code input} when it has one (then the terminal's input is not read).
     */
    private Integer runScenario() {
        for (String option : VM_OPTIONS) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new BadInputException(option + ": " + guest + " is a scenario, which sets the VM itself; edit its \"vms\" entry");
            }
        }
        Scenario s = ScenarioLoader.load(guest);
        TraceSpec traceSpec = traceSpec();
        if (traceSpec != null) s = s.withTrace(traceSpec);
        if (maxInsns > 0) s = s.withLimits(new Scenario.Limits(maxInsns, s.limits().wallSeconds()));
        boolean scripted = !s.input().isEmpty();
        RawTerminal raw = scripted ? null : RawTerminal.openIfInteractive();
        // With scripted input the terminal is never read: the scenario's console takes its bytes instead.
        HostConsole console = raw != null ? new HostConsole(raw.input(), System.out, true)
            : new HostConsole(System.in, System.out, !scripted && System.console() != null);
        try (ScenarioSession session = ScenarioRunner.start(s, RunOptions.interactive(console, System.err, Style.detect().on()))) {
            return withInterruptHook(session::interrupt, () -> {
                RunResult r = session.run();
                console.flush();
                session.close(); // finishes the trace before the summary
                StopReason why = switch (r.outcome()) {
                    case PASS -> StopReason.PASS;
                    case FAIL -> StopReason.FAIL;
                    case LIMIT -> StopReason.INSN_LIMIT;
                    case IDLE -> StopReason.IDLE_FOREVER;
                    case INTERRUPTED -> StopReason.INTERRUPTED;
                    case TRAP_LOOP -> StopReason.TRAP_LOOP;
                };
                // A wall-clock limit ends the run like the instruction limit, but says so.
                String wall = r.detail().startsWith("wall-clock") ? r.detail() : null;
                RunSummary summary = new RunSummary(why, wall, Math.max(r.exitStatus(), 0), session.machine(), r.seconds());
                if (!quiet) summary.print(System.err, "json".equals(format));
                return why;
            });
        } finally {
            console.close();
            if (raw != null) raw.close();
        }
    }

    /**
     * Runs {@code body} with a shutdown hook that stops the guest on Ctrl-C and waits for the
     * summary to be printed; returns the exit code for how the run ended.
     */
    private static int withInterruptHook(Runnable interrupt, Supplier<StopReason> body) {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interrupt.run();
            try {
                done.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vmlab-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            StopReason why = body.get();
            done.countDown();
            if (why != StopReason.INTERRUPTED) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down
                }
            }
            return why.exitCode();
        } finally {
            done.countDown();
        }
    }

    private void validate() {
        if (!mode.equals("isa")) {
            throw new BadInputException("--mode " + mode + ": not available in this version (available: isa)");
        }
        if (MachineConfig.EngineKind.parse(engine) == null) {
            throw new BadInputException("--engine " + engine + ": must be interp or dbt");
        }
        if (tlbEntries < 0 || tlbEntries > 65536 || (tlbEntries != 0 && Integer.bitCount(tlbEntries) != 1)) {
            throw new BadInputException("--tlb " + tlbEntries + ": must be 0 or a power of two up to 65536");
        }
        if (!format.equals("text") && !format.equals("json")) {
            throw new BadInputException("--format " + format + ": must be text or json");
        }
        if (!Files.exists(guest)) throw new BadInputException(guest + ": no such file");
    }

    /** The trace the options ask for, or null without {@code --trace}. */
    private TraceSpec traceSpec() {
        if (trace == null) {
            if (traceFile != null || tracePc != null || traceLimit != 0 || traceWindow != null) {
                throw new BadInputException("--trace-file, --trace-pc, --trace-window and --trace-limit need --trace KINDS");
            }
            return null;
        }
        var kinds = parseKinds(trace);
        String f = traceFormat.toLowerCase(Locale.ROOT);
        if (!TraceSinks.FORMATS.contains(f)) {
            throw new BadInputException("--trace-format: unknown trace format '" + traceFormat + "' (valid: "
                + String.join(", ", TraceSinks.FORMATS) + ")");
        }
        long pcLo = 0, pcHi = -1, from = 0, to = Long.MAX_VALUE;
        if (tracePc != null) {
            String[] p = tracePc.split(":", -1);
            if (p.length != 2) throw new BadInputException("--trace-pc " + tracePc + ": expected LO:HI, e.g. 0x80000000:0x80001000");
            pcLo = Sizes.address(p[0], "--trace-pc");
            pcHi = Sizes.address(p[1], "--trace-pc");
        }
        if (traceWindow != null) {
            String[] w = traceWindow.split(":", -1);
            if (w.length != 2) throw new BadInputException("--trace-window " + traceWindow + ": expected FROM:TO, e.g. 1000000:2000000");
            from = w[0].isBlank() ? 0 : Sizes.count(w[0], "--trace-window");
            to = w[1].isBlank() ? Long.MAX_VALUE : Sizes.count(w[1], "--trace-window");
            if (from >= to) throw new BadInputException("--trace-window " + traceWindow + ": FROM must be below TO");
        }
        return new TraceSpec(kinds, f, traceFile == null ? null : traceFile.toAbsolutePath(), traceLimit, pcLo, pcHi, from, to);
    }

    private static java.util.Set<TraceKind> parseKinds(String list) {
        try {
            return TraceKind.parseList(list);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--trace: " + e.getMessage());
        }
    }

    private dev.vmlab.trace.TraceSink openSink() {
        String f = traceFormat.toLowerCase(Locale.ROOT);
        try {
            return TraceSinks.open(f, traceFile, System.err, traceFile == null && Style.detect().on(), false);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--trace-format: " + e.getMessage());
        }
    }

    private static String lastCause(Machine m) {
        long c = m.hart.mcause;
        return Cause.name(c < 0, c & 0xff);
    }

    /**
     * What a finished run reports; {@code wallLimit} describes a wall-clock limit (scenarios
     * only), which otherwise reads as the instruction limit.
     */
    record RunSummary(StopReason why, String wallLimit, int status, Machine m, double seconds) {
        void print(PrintStream out, boolean json) {
            long n = m.hart.retired;
            double mips = seconds > 0 ? n / seconds / 1e6 : 0;
            if (json) {
                StringBuilder b = new StringBuilder();
                b.append("{\"result\":\"").append(wallLimit != null ? "wall_limit" : why.name().toLowerCase(Locale.ROOT)).append("\",\"exit_status\":").append(status)
                    .append(",\"instructions\":").append(n).append(",\"seconds\":").append(String.format(Locale.ROOT, "%.3f", seconds))
                    .append(",\"mips\":").append(String.format(Locale.ROOT, "%.1f", mips)).append(",\"traps\":{");
                boolean first = true;
                for (int i = 0; i < 16; i++) {
                    for (boolean irq : new boolean[] {false, true}) {
                        long c = irq ? m.interruptCounts[i] : m.exceptionCounts[i];
                        if (c == 0) continue;
                        if (!first) b.append(',');
                        first = false;
                        b.append('"').append(Cause.id(irq, i)).append("\":").append(c);
                    }
                }
                b.append("},\"tlb\":{\"hits\":").append(m.mmu.tlbHits()).append(",\"misses\":").append(m.mmu.tlbMisses)
                    .append("}}");
                out.println(b);
                return;
            }
            out.println();
            out.println("vmlab: " + describe());
            out.printf(Locale.ROOT, "  %,d instructions in %.2f s (%.1f MIPS)%n", n, seconds, mips);
            for (int i = 0; i < 16; i++) {
                if (m.exceptionCounts[i] > 0) out.printf(Locale.ROOT, "  %,10d  %s%n", m.exceptionCounts[i], Cause.name(false, i));
                if (m.interruptCounts[i] > 0) out.printf(Locale.ROOT, "  %,10d  %s%n", m.interruptCounts[i], Cause.name(true, i));
            }
            if (m.mmu.tlbMisses > 0) {
                out.printf(Locale.ROOT, "  TLB: %,d hits, %,d misses (%,d page-table reads)%n", m.mmu.tlbHits(), m.mmu.tlbMisses,
                    m.mmu.walkReads);
            }
        }

        private String describe() {
            if (wallLimit != null) return wallLimit;
            return switch (why) {
                case PASS -> "guest passed";
                case FAIL -> "guest reported failure, code " + status;
                case INSN_LIMIT -> "instruction limit reached";
                case INTERRUPTED -> "interrupted";
                case BREAKPOINT -> "stopped at a breakpoint";
                case IDLE_FOREVER -> "guest is waiting for an interrupt that can never come (wfi with no timer and no input)";
                case TRAP_LOOP -> "guest is stuck in a trap loop: its trap handler at pc 0x" + Long.toHexString(m.hart.pc)
                    + " faults again before retiring anything (last cause: " + lastCause(m) + ")";
            };
        }
    }
}
