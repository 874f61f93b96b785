package dev.vmlab.asm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The GNU RISC-V binutils, when installed: tests that need them skip cleanly otherwise. */
final class GnuTools {
    static final String PREFIX = "riscv64-unknown-elf-";

    record Result(int exitCode, String out) {}

    private GnuTools() {}

    static Optional<Path> find(String tool) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, PREFIX + tool);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    static boolean available(String... tools) {
        for (String t : tools) if (find(t).isEmpty()) return false;
        return true;
    }

    /** Runs a tool in {@code dir}; stdout and stderr together. */
    static Result run(Path dir, String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(find(tool).orElseThrow().toString());
        cmd.addAll(List.of(args));
        Path out = dir.resolve(tool + ".out");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    static Result check(Path dir, String tool, String... args) throws IOException, InterruptedException {
        Result r = run(dir, tool, args);
        if (r.exitCode() != 0) throw new AssertionError(PREFIX + tool + " " + String.join(" ", args) + " failed:\n" + r.out());
        return r;
    }
}
