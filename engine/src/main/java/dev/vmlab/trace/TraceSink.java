package dev.vmlab.trace;

/** Where trace events go. Implementations stream; none keeps an unbounded history. */
public interface TraceSink extends AutoCloseable {
    void accept(TraceEvent event);

    @Override
    default void close() {}
}
