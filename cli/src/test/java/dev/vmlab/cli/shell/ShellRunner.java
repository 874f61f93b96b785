package dev.vmlab.cli.shell;

import dev.vmlab.cli.Main;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Runs shell scripts for tests: straight through {@link Shell#script} with the repository root
 * as the working directory (so scripts name samples/... as a user at the root would), or
 * through the whole command line ({@link Main#execute}) with standard streams swapped.
 */
final class ShellRunner {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "status " + status + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    private ShellRunner() {}

    static Shell.Options options(boolean stopOnError) {
        return new Shell.Options(true, stopOnError, false, null, ROOT, 128L << 20, 64);
    }

    /** Standard output and standard error apart. */
    static Result script(String commands) {
        return script(commands, options(false));
    }

    static Result script(String commands, Shell.Options options) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(o, true, StandardCharsets.UTF_8), err = new PrintStream(e, true, StandardCharsets.UTF_8);
        int status = Shell.script(options, new BufferedReader(new StringReader(commands)), out, err);
        return new Result(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** Standard output and standard error in one stream, in the order they were written (a transcript). */
    static Result transcript(String commands) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(o, true, StandardCharsets.UTF_8);
        int status = Shell.script(options(false), new BufferedReader(new StringReader(commands)), out, out);
        return new Result(status, o.toString(StandardCharsets.UTF_8), "");
    }

    /** {@code vmlab args...} in-process, with {@code stdin} as standard input. */
    static synchronized Result cli(String stdin, String... args) {
        InputStream in = System.in;
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code;
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
             PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(po);
            System.setErr(pe);
            code = Main.execute(args);
        } finally {
            System.setIn(in);
            System.setOut(out);
            System.setErr(err);
        }
        return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** The host-time line is the one thing in a session that differs between runs. */
    static String normalize(String transcript) {
        return transcript.replaceAll("host time: [0-9.]+ s for ([0-9]+) instructions \\([0-9.]+ MIPS",
                "host time: X s for $1 instructions (X MIPS")
            .replaceAll("\"host_seconds\":[0-9.E-]+,\"mips\":[0-9.E-]+", "\"host_seconds\":X,\"mips\":X");
    }
}
