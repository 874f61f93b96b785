package dev.vmlab.device;

/**
 * A memory-mapped device on the board's bus. Offsets are relative to the device's base
 * address; sizes are 1, 2, 4 or 8 bytes. A device never throws for a guest's access: an
 * access it does not support raises {@link BusFault}, which the hart turns into an access
 * fault, as the hardware would.
 *
 * <p>Lifecycle: created by the board, {@link #reset()} on machine reset, and asked
 * {@link #poll(long)} at deterministic points of the run (every few thousand retired
 * instructions) so that input arriving from the host is seen at reproducible times.
 */
public interface Device {
    /** Short name for traces, e.g. {@code uart0}. */
    String name();

    /** Size of the register window in bytes. */
    long size();

    /** Reads {@code size} bytes at {@code offset}, zero-extended. */
    long read(long offset, int size);

    /** Writes the low {@code size} bytes of {@code value} at {@code offset}. */
    void write(long offset, int size, long value);

    /** Returns the device to its power-on state. */
    default void reset() {}

    /** Called at deterministic points with the current {@code mtime}; devices sample host input here. */
    default void poll(long mtime) {}
}
