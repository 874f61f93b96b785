package dev.vmlab.cli;

import dev.vmlab.BadInputException;
import dev.vmlab.machine.MachineConfig;
import dev.vmlab.machine.StopReason;
import dev.vmlab.machine.VirtBoard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code vmlab bench}: runs CPU-bound guests several times on fresh machines and reports guest
 * MIPS (retired instructions over wall-clock seconds). With {@code --qemu}, runs
 * qemu-system-riscv64 on the same ELF and reports its rate using vmlab's exact instruction
 * count, since QEMU's own instret is only an estimate without icount.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure guest MIPS for CPU-bound ELFs (console output is discarded).")
public final class BenchCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(paramLabel = "ELF", arity = "1..*", description = "Guests that run to completion and power off.")
    List<Path> guests;

    @Option(names = "--runs", defaultValue = "3", description = "Measured runs per guest (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "1", description = "Unmeasured runs first, so the JIT has compiled the interpreter (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--max-insns", defaultValue = "0", description = "Stop each run after N instructions (0 = run to completion).")
    long maxInsns;

    @Option(names = "--qemu", description = "Also time qemu-system-riscv64 (if on PATH) on each ELF.")
    boolean qemu;

    @Option(names = "--engine", defaultValue = "interp", paramLabel = "ENGINE",
        description = "interp (default), dbt, or both (interp then dbt, with dbt's speedup over interp).")
    String engine;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FMT", description = "text (default) or json (one object per guest, one per line).")
    String format;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (runs < 1 || warmup < 0) throw new BadInputException("--runs must be at least 1 and --warmup at least 0");
        if (!format.equals("text") && !format.equals("json")) throw new BadInputException("--format " + format + ": must be text or json");
        boolean json = format.equals("json");
        List<MachineConfig.EngineKind> engines = engine.equals("both")
            ? List.of(MachineConfig.EngineKind.INTERP, MachineConfig.EngineKind.DBT)
            : MachineConfig.EngineKind.parse(engine) != null ? List.of(MachineConfig.EngineKind.parse(engine)) : null;
        if (engines == null) throw new BadInputException("--engine " + engine + ": must be interp, dbt or both");
        for (Path g : guests) if (!Files.isRegularFile(g)) throw new BadInputException(g + ": no such file");
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.printf(Locale.ROOT, "%-28s %8s %14s %9s %9s%s%n", "guest", "engine", "instructions", "seconds", "MIPS",
                qemu ? "   vs qemu" : "");
        }
        for (Path g : guests) {
            double q = qemu ? qemuSeconds(g) : -1;
            double interpSeconds = -1;
            for (MachineConfig.EngineKind kind : engines) {
                long insns = 0;
                double[] secs = new double[runs];
                for (int r = -warmup; r < runs; r++) {
                    long t0 = System.nanoTime();
                    long n = runOnce(g, kind);
                    double s = (System.nanoTime() - t0) / 1e9;
                    if (r >= 0) secs[r] = s;
                    insns = n;
                }
                Arrays.sort(secs);
                double median = secs[runs / 2];
                double mips = insns / median / 1e6;
                String name = g.getFileName().toString();
                if (kind == MachineConfig.EngineKind.INTERP) interpSeconds = median;
                double speedup = kind != MachineConfig.EngineKind.INTERP && interpSeconds > 0 ? interpSeconds / median : -1;
                if (json) {
                    var o = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                        .put("guest", g.toString()).put("engine", kind.label()).put("instructions", insns)
                        .put("seconds", median).put("mips", mips).put("runs", runs);
                    if (q > 0) o.put("qemu_seconds", q).put("qemu_mips", insns / q / 1e6).put("ratio_to_qemu", q / median);
                    if (speedup > 0) o.put("speedup_over_interp", speedup);
                    out.println(o);
                    out.flush();
                    continue;
                }
                String vs = !qemu ? "" : q > 0
                    ? String.format(Locale.ROOT, "   %.3fx (qemu %.2f s, %.0f MIPS)", q / median, q, insns / q / 1e6)
                    : "   (qemu not available)";
                String up = speedup > 0 ? String.format(Locale.ROOT, "   %.2fx interp", speedup) : "";
                out.printf(Locale.ROOT, "%-28s %8s %,14d %9.3f %9.1f%s%s%n", name, kind.label(), insns, median, mips, vs, up);
                out.flush();
            }
        }
        return 0;
    }

    /** One run on a fresh board; returns the instructions retired. */
    private long runOnce(Path guest, MachineConfig.EngineKind kind) {
        MachineConfig config = MachineConfig.defaults(VirtBoard.NullConsole.INSTANCE).withEngine(kind);
        try (VirtBoard board = VirtBoard.build(config)) {
            board.load(guest);
            StopReason why = board.machine.run(maxInsns);
            if (why != StopReason.PASS && why != StopReason.INSN_LIMIT) {
                throw new BadInputException(guest + ": the guest did not complete (" + why.name().toLowerCase(Locale.ROOT)
                    + "); bench needs a guest that powers off by itself");
            }
            return board.machine.hart.retired;
        }
    }

    /** Median wall-clock seconds of qemu-system-riscv64 on the ELF, or -1 when it cannot run. */
    private double qemuSeconds(Path guest) {
        List<Double> times = new ArrayList<>();
        for (int r = -warmup; r < runs; r++) {
            ProcessBuilder pb = new ProcessBuilder("qemu-system-riscv64", "-machine", "virt", "-bios", "none", "-m", "128M",
                "-nographic", "-kernel", guest.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.PIPE);
            try {
                long t0 = System.nanoTime();
                Process p = pb.start();
                p.getOutputStream().close();
                if (!p.waitFor(600, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return -1;
                }
                if (r >= 0) times.add((System.nanoTime() - t0) / 1e9);
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        times.sort(null);
        return times.get(times.size() / 2);
    }
}
