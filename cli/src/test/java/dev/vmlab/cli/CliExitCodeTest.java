package dev.vmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmlab.BadInputException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * How {@link Cli} turns a command's outcome into an exit code: an unexpected exception is an
 * internal error (3) with one line, a {@link BadInputException} is bad input (2), and
 * {@code -v} adds the stack trace. Test-only subcommands are added to the real command line.
 */
class CliExitCodeTest {
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("kaboom");
        }
    }

    @Command(name = "bad")
    static final class Bad implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new BadInputException("guest.elf: not an ELF file (bad magic)");
        }
    }

    private record Outcome(int code, String out, List<String> err) {}

    private static Outcome execute(String... args) {
        CommandLine cl = Cli.commandLine();
        cl.addSubcommand("boom", new Boom());
        cl.addSubcommand("bad", new Bad());
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString().lines().toList());
    }

    @Test
    void internalErrorExitsThreeWithOneLine() {
        Outcome o = execute("boom");
        assertEquals(Cli.INTERNAL, o.code());
        assertEquals(3, o.code());
        assertEquals(List.of("vmlab: internal error: java.lang.IllegalStateException: kaboom (run with -v for details)"),
            o.err());
        assertEquals("", o.out());
    }

    @Test
    void internalErrorWithVerboseShowsTheStackTrace() {
        Outcome o = execute("-v", "boom");
        assertEquals(3, o.code());
        assertEquals("vmlab: internal error: java.lang.IllegalStateException: kaboom", o.err().get(0));
        assertTrue(o.err().stream().anyMatch(l -> l.contains("at dev.vmlab.cli.CliExitCodeTest$Boom.call")), o.err().toString());
    }

    @Test
    void badInputExceptionExitsTwoWithItsMessage() {
        Outcome o = execute("bad");
        assertEquals(2, o.code());
        assertEquals(List.of("vmlab: guest.elf: not an ELF file (bad magic)"), o.err());
    }

    @Test
    void versionAndHelpSucceed() {
        Vmlab.Result v = Vmlab.run("--version");
        assertEquals(0, v.exitCode(), v::toString);
        assertEquals("vmlab 0.1.0", v.out().strip());
        Vmlab.Result h = Vmlab.run("run", "--help");
        assertEquals(0, h.exitCode(), h::toString);
        assertTrue(h.out().contains("Usage: vmlab run") && h.out().contains("--max-insns"), h::toString);
        assertEquals("", h.err());
    }
}
