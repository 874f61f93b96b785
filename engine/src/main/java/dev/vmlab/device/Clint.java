package dev.vmlab.device;

/**
 * The core-local interruptor of QEMU's virt board (SiFive CLINT layout): per-hart msip words at
 * 0x0000, per-hart 64-bit mtimecmp at 0x4000, and the shared mtime at 0xBFF8. It drives MSIP
 * from msip and MTIP from {@code mtime >= mtimecmp}; the machine asks {@link #update()} after
 * time moves and {@link #nextDeadline()} to know when the next timer interrupt will fire.
 */
public final class Clint implements Device {
    public static final long SIZE = 0x10000, MTIMECMP = 0x4000, MTIME = 0xBFF8;

    private final InterruptTarget[] harts;
    private final MutableClock clock;
    private final int[] msip;
    private final long[] mtimecmp;

    /** A clock whose value the guest may also set (mtime is writable). */
    public interface MutableClock extends Clock {
        void setMtime(long value);
    }

    public Clint(MutableClock clock, InterruptTarget... harts) {
        this.clock = clock;
        this.harts = harts;
        this.msip = new int[harts.length];
        this.mtimecmp = new long[harts.length];
        reset();
    }

    @Override public String name() { return "clint"; }

    @Override public long size() { return SIZE; }

    @Override
    public void reset() {
        java.util.Arrays.fill(msip, 0);
        java.util.Arrays.fill(mtimecmp, -1L); // QEMU starts with no timer pending
        update();
    }

    @Override
    public long read(long offset, int size) {
        if (offset < 4L * harts.length) {
            return size == 4 && (offset & 3) == 0 ? msip[(int) (offset >>> 2)] : 0;
        }
        if (offset >= MTIMECMP && offset < MTIMECMP + 8L * harts.length) {
            long v = mtimecmp[(int) ((offset - MTIMECMP) >>> 3)];
            return part(v, offset & 7, size);
        }
        if (offset >= MTIME && offset < MTIME + 8) return part(clock.mtime(), offset - MTIME, size);
        return 0;
    }

    @Override
    public void write(long offset, int size, long value) {
        if (offset < 4L * harts.length) {
            if (size == 4 && (offset & 3) == 0) {
                int h = (int) (offset >>> 2);
                msip[h] = (int) (value & 1);
                harts[h].setPending(InterruptTarget.MSIP, msip[h] != 0);
            }
            return;
        }
        if (offset >= MTIMECMP && offset < MTIMECMP + 8L * harts.length) {
            int h = (int) ((offset - MTIMECMP) >>> 3);
            mtimecmp[h] = merge(mtimecmp[h], offset & 7, size, value);
            update();
            return;
        }
        if (offset >= MTIME && offset < MTIME + 8) {
            clock.setMtime(merge(clock.mtime(), offset - MTIME, size, value));
            update();
        }
    }

    /** Re-evaluates MTIP for every hart against the current mtime. */
    public void update() {
        long now = clock.mtime();
        for (int h = 0; h < harts.length; h++) {
            harts[h].setPending(InterruptTarget.MTIP, Long.compareUnsigned(now, mtimecmp[h]) >= 0);
        }
    }

    /** The smallest mtimecmp still in the future, or -1 when no timer is armed. */
    public long nextDeadline() {
        long now = clock.mtime(), best = -1;
        for (long c : mtimecmp) {
            if (Long.compareUnsigned(c, now) > 0 && c != -1L && (best == -1 || Long.compareUnsigned(c, best) < 0)) best = c;
        }
        return best;
    }

    public long mtimecmp(int hart) { return mtimecmp[hart]; }

    private static long part(long v, long byteOff, int size) {
        long s = v >>> (8 * byteOff);
        return size == 8 ? s : s & ((1L << (8 * size)) - 1);
    }

    private static long merge(long old, long byteOff, int size, long value) {
        long mask = (size == 8 ? -1L : (1L << (8 * size)) - 1) << (8 * byteOff);
        return (old & ~mask) | ((value << (8 * byteOff)) & mask);
    }
}
