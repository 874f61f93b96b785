package dev.vmlab.device;

/** The board's time base: {@code mtime} in ticks of the 10 MHz timebase. */
public interface Clock {
    long TIMEBASE_HZ = 10_000_000L;

    long mtime();
}
