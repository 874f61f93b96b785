package dev.vmlab.device;

/**
 * The host side of the UART: where guest output goes and where guest input comes from.
 * The engine never touches a terminal; the command line supplies the implementation.
 */
public interface Console {
    /** One byte the guest transmitted. */
    void write(int b);

    /** The next byte typed by the user, or -1 when none is waiting. Never blocks. */
    int read();

    /** True once the input has ended for good (end of a pipe). */
    default boolean inputClosed() { return false; }

    /** Pushes buffered output to the user; called when the machine pauses and at polling points. */
    default void flush() {}

    /**
     * Called when the guest is idle and only input can wake it: may block until a byte is
     * available or the input has ended (at most about {@code millis} milliseconds).
     */
    default void awaitInput(long millis) {}
}
