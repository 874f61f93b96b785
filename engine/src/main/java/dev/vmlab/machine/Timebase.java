package dev.vmlab.machine;

import dev.vmlab.device.Clint;
import dev.vmlab.hart.Hart;

/**
 * The board's mtime. Deterministic by default: one tick of the 10 MHz timebase every
 * {@link #CYCLES_PER_TICK} hart cycles, where cycles are retired instructions plus the cycles
 * a WFI spent idle; so the same guest sees the same times on every run and every machine.
 * With {@code realtime}, mtime follows the host's monotonic clock instead.
 */
final class Timebase implements Clint.MutableClock {
    /** The modelled hart runs at 100 MHz: 10 cycles per 10 MHz tick. */
    static final long CYCLES_PER_TICK = 10;

    private final Hart hart;
    private final boolean realtime;
    private long offset;
    private long hostStart = System.nanoTime();

    Timebase(Hart hart, boolean realtime) {
        this.hart = hart;
        this.realtime = realtime;
    }

    boolean realtime() { return realtime; }

    @Override
    public long mtime() {
        return raw() + offset;
    }

    private long raw() {
        return realtime ? (System.nanoTime() - hostStart) / 100 : hart.cycles() / CYCLES_PER_TICK;
    }

    @Override
    public void setMtime(long value) {
        offset = value - raw();
    }

    void reset() {
        offset = -raw();
        hostStart = System.nanoTime();
    }

    /**
     * The hart cycle count at which mtime reaches {@code deadline}, or -1 when that cannot be
     * computed (real time) or never happens.
     */
    long cyclesAt(long deadline) {
        if (realtime || deadline == -1) return -1;
        long ticks = deadline - offset;
        if (ticks < 0) return hart.cycles();
        if (ticks > Long.MAX_VALUE / CYCLES_PER_TICK) return -1;
        return ticks * CYCLES_PER_TICK;
    }
}
