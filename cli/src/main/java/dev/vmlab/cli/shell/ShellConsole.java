package dev.vmlab.cli.shell;

import dev.vmlab.device.Console;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/**
 * The guest's UART in the shell: its output goes to the shell's output a line at a time, so
 * it interleaves with trace lines in the order things happened (pending trace lines are
 * flushed before each console line). The shell's standard input carries commands, so the
 * guest gets no input: reads find nothing and the input counts as closed.
 */
final class ShellConsole implements Console {
    private final PrintStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private Runnable beforeFlush = () -> {};
    private boolean midLine;

    ShellConsole(PrintStream out) {
        this.out = out;
    }

    /** Called before console text is written: the run's trace sink flushes its lines. */
    void beforeFlush(Runnable r) { beforeFlush = r; }

    @Override
    public void write(int b) {
        line.write(b);
        if (b == '\n') flush();
    }

    @Override
    public int read() { return -1; }

    @Override
    public boolean inputClosed() { return true; }

    @Override
    public void flush() {
        if (line.size() == 0) return;
        beforeFlush.run();
        byte[] bytes = line.toByteArray();
        out.write(bytes, 0, bytes.length);
        out.flush();
        midLine = bytes[bytes.length - 1] != '\n';
        line.reset();
    }

    /** Flushes, and ends a partial line so the shell's next message starts at column 0. */
    void endLine() {
        flush();
        if (midLine) {
            out.println();
            midLine = false;
        }
    }
}
