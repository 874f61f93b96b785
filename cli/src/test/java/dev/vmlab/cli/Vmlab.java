package dev.vmlab.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs {@link Main#execute} in-process with standard input empty and standard output and
 * error captured, by swapping {@code System.in/out/err} for the duration of the call (the
 * command, its guest console and picocli all use them).
 */
final class Vmlab {
    record Result(int exitCode, String out, String err) {
        /** Standard error split into lines, without a trailing empty line. */
        List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    private Vmlab() {}

    static synchronized Result run(String... args) {
        InputStream in = System.in;
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code;
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
             PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            System.setIn(new ByteArrayInputStream(new byte[0]));
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
}
