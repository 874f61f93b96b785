package dev.vmlab.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmlab.cli.render.Style;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell on a dumb terminal (what {@code TERM=dumb} or an unknown terminal
 * gets): prompts show VM, mode, privilege and pc; errors are one line and never end the
 * session; history is saved; end of input (Ctrl-D) leaves with status 0; Ctrl-C stops a
 * running guest and returns to the prompt.
 */
@Timeout(60)
class InteractiveShellTest {
    @TempDir
    Path dir;

    private Shell.Options options(Path history) {
        return new Shell.Options(true, false, false, history, ShellRunner.ROOT, 128L << 20, 64);
    }

    private static Terminal dumb(java.io.InputStream in, ByteArrayOutputStream out) throws IOException {
        // Built directly: TerminalBuilder would put a pseudo-terminal between these streams.
        return new DumbTerminal("test", Terminal.TYPE_DUMB, in, out, StandardCharsets.UTF_8);
    }

    /**
     * Keys typed at a terminal: the text, then nothing more (a terminal never reaches end of
     * file; Ctrl-D, {@code \u0004}, is how a user ends the session). JLine drops characters
     * that arrive together with the end of its input stream, so the stream must not end.
     */
    private static java.io.InputStream keys(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        return new java.io.InputStream() {
            private int at;

            @Override
            public int read() throws IOException {
                if (at < bytes.length) return bytes[at++] & 0xff;
                try {
                    closed.await(); // the terminal closes its input when the test is done with it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };
    }

    @Test
    void aSessionOnADumbTerminal() throws IOException {
        // Ends with quit: JLine's dumb terminal does not reliably see a trailing Ctrl-D as end of input.
        String typed = "load samples/shell/hello.elf\nbogus\nbreak next\ncontinue\nregs pc\nquit\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path history = dir.resolve("history");
        int status;
        try (Terminal t = dumb(keys(typed), out)) {
            status = Shell.interactive(options(history), t, Style.PLAIN);
        }
        String shown = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, "a mistyped command is not a failure of an interactive session\n" + shown);
        assertTrue(shown.startsWith("vmlab shell: help lists the commands, Ctrl-D leaves."), shown);
        assertTrue(shown.contains("vmlab> "), shown);
        assertTrue(shown.contains("error: unknown command 'bogus'; help lists the commands"), shown);
        assertTrue(shown.contains("breakpoint 1 at 0x0000000080000012 <next>, retired 5"), shown);
        assertTrue(shown.contains("vm0 isa M 0x80000012> "), shown);
        assertTrue(shown.contains("pc   0x0000000080000012 <next>"), shown);
        List<String> saved = Files.readAllLines(history).stream().map(l -> l.substring(l.indexOf(':') + 1)).toList();
        assertEquals(List.of("load samples/shell/hello.elf", "bogus", "break next", "continue", "regs pc", "quit"), saved);
    }

    @Test
    void quitWithAStatusEndsTheSessionWithIt() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal t = dumb(keys("quit 3\nregs\n"), out)) {
            assertEquals(3, Shell.interactive(options(null), t, Style.PLAIN));
        }
        assertTrue(!out.toString(StandardCharsets.UTF_8).contains("no guest loaded"), "nothing ran after quit");
    }

    @Test
    @Timeout(60)
    void ctrlCStopsARunningGuestAndTheSessionGoesOn() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                super.write(b, off, len);
                if (toString(StandardCharsets.UTF_8).contains("bench: start")) started.countDown();
            }

            @Override
            public synchronized void write(int b) {
                super.write(b);
                if (b == '\n' && toString(StandardCharsets.UTF_8).contains("bench: start")) started.countDown();
            }
        };
        try (Terminal t = dumb(in, out)) {
            Thread user = new Thread(() -> {
                try {
                    keys.write("load samples/bench/bench-sv39.elf\ncontinue\n".getBytes(StandardCharsets.UTF_8));
                    keys.flush();
                    // Once the guest has started printing, press Ctrl-C.
                    started.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    t.raise(Terminal.Signal.INT);
                    keys.write("stats\nquit\n".getBytes(StandardCharsets.UTF_8));
                    keys.flush();
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            user.start();
            assertEquals(0, Shell.interactive(options(null), t, Style.PLAIN));
            user.join();
            keys.close();
        }
        String shown = out.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("interrupted, retired "), shown);
        assertTrue(shown.contains("vm0 isa S 0x"), "back at the prompt, in S-mode\n" + shown);
        assertTrue(shown.contains("host time: "), "stats ran after the interrupt\n" + shown);
    }
}
