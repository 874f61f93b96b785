package dev.vmlab.hart;

/**
 * Physical memory protection (privileged spec §3.7): 16 entries, grain of 4 bytes, TOR, NA4
 * and NAPOT matching. Checks apply to S- and U-mode accesses, and to M-mode accesses when the
 * matching entry is locked. The lowest-numbered entry that matches any byte of an access
 * decides; an access that only partly matches it fails.
 */
public final class Pmp {
    public static final int R = 1, W = 2, X = 4, A_SHIFT = 3, L = 0x80;
    public static final int OFF = 0, TOR = 1, NA4 = 2, NAPOT = 3;
    private static final long ADDR_MASK = (1L << 54) - 1; // pmpaddr holds bits 55:2 of a 56-bit address

    private final int[] cfg = new int[Csr.PMP_ENTRIES];
    private final long[] addr = new long[Csr.PMP_ENTRIES];
    /** Decoded bounds [lo, hi) per entry; lo > hi when the entry is off. */
    private final long[] lo = new long[Csr.PMP_ENTRIES], hi = new long[Csr.PMP_ENTRIES];

    public Pmp() { recompute(); }

    public void reset() {
        java.util.Arrays.fill(cfg, 0);
        java.util.Arrays.fill(addr, 0);
        recompute();
    }

    /** pmpcfg0 or pmpcfg2 (RV64 packs eight entries per register). */
    public long readCfg(int reg) {
        long v = 0;
        for (int i = 0; i < 8; i++) v |= (long) cfg[reg * 4 + i] << (8 * i);
        return v;
    }

    public void writeCfg(int reg, long v) {
        for (int i = 0; i < 8; i++) {
            int e = reg * 4 + i;
            if ((cfg[e] & L) != 0) continue; // locked entries ignore writes
            int c = (int) (v >>> (8 * i)) & 0x9f; // bits 6:5 are reserved
            if ((c & (R | W)) == W) c &= ~W;     // R=0,W=1 is reserved: legalise to no access
            cfg[e] = c;
        }
        recompute();
    }

    public long readAddr(int i) { return addr[i]; }

    public void writeAddr(int i, long v) {
        boolean locked = (cfg[i] & L) != 0
            || (i + 1 < cfg.length && (cfg[i + 1] & L) != 0 && mode(i + 1) == TOR);
        if (locked) return;
        addr[i] = v & ADDR_MASK;
        recompute();
    }

    public int cfg(int i) { return cfg[i]; }

    private int mode(int i) { return (cfg[i] >>> A_SHIFT) & 3; }

    private void recompute() {
        for (int i = 0; i < cfg.length; i++) {
            long a = addr[i] << 2;
            switch (mode(i)) {
                case TOR -> { lo[i] = i == 0 ? 0 : addr[i - 1] << 2; hi[i] = a; }
                case NA4 -> { lo[i] = a; hi[i] = a + 4; }
                case NAPOT -> {
                    int ones = Long.numberOfTrailingZeros(~addr[i]);
                    long size = 1L << (ones + 3);
                    lo[i] = (addr[i] & ~((1L << ones) - 1)) << 2;
                    hi[i] = lo[i] + size;
                }
                default -> { lo[i] = 1; hi[i] = 0; }
            }
        }
    }

    /**
     * True when an access of {@code size} bytes at {@code pa} with permission {@code perm}
     * ({@link #R}, {@link #W} or {@link #X}) is allowed at privilege {@code priv}.
     */
    public boolean allows(long pa, long size, int perm, int priv) {
        long end = pa + size;
        for (int i = 0; i < cfg.length; i++) {
            if (lo[i] >= hi[i]) continue;
            boolean any = Long.compareUnsigned(pa, hi[i]) < 0 && Long.compareUnsigned(lo[i], end) < 0;
            if (!any) continue;
            boolean all = Long.compareUnsigned(lo[i], pa) <= 0 && Long.compareUnsigned(end, hi[i]) <= 0;
            if (!all) return false;
            if (priv == 3 && (cfg[i] & L) == 0) return true;
            return (cfg[i] & perm) != 0;
        }
        // No entry matched: M-mode succeeds; S/U fail since this hart implements PMP entries.
        return priv == 3;
    }
}
