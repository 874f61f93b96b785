package dev.vmlab.trace;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The lifecycle both trace renderers share: events are accepted until the sink is closed, all
 * calls are synchronized (harts on different threads never interleave lines), and an I/O
 * failure becomes an {@link UncheckedIOException} that says the trace could not be written.
 */
abstract class StreamingSink implements TraceSink {
    private boolean closed;

    /** Renders and writes one event. */
    protected abstract void write(TraceEvent event) throws IOException;

    protected abstract void flushOutput() throws IOException;

    protected abstract void closeOutput() throws IOException;

    @Override
    public final synchronized void accept(TraceEvent event) {
        if (closed) throw new IllegalStateException("trace sink is closed");
        io(() -> write(event));
    }

    /** Pushes buffered lines to the underlying writer or stream. */
    public final synchronized void flush() {
        if (!closed) io(this::flushOutput);
    }

    @Override
    public final synchronized void close() {
        if (closed) return;
        closed = true;
        io(this::closeOutput);
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trace: " + e.getMessage(), e);
        }
    }
}
