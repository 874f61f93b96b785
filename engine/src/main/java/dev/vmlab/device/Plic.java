package dev.vmlab.device;

import java.util.Arrays;
import java.util.Objects;

/**
 * The platform-level interrupt controller of QEMU's {@code virt} board (SiFive layout, RISC-V PLIC
 * specification 1.0.0): sources 1..95, priorities 0..7, two contexts per hart.
 *
 * <p>Context {@code 2h} is hart {@code h} in M-mode and drives its MEIP; context {@code 2h+1} is the
 * same hart in S-mode and drives SEIP. A context's output is high while some source is pending,
 * enabled for it, and has a priority above its threshold (priority 0 therefore never interrupts).
 *
 * <p>Pending bits follow QEMU's model rather than the PLIC spec's re-sampling gateway: each
 * assertion of a device's wire latches its pending bit and a deassertion clears it; a claim
 * clears the bit and puts the source in service, where it cannot be claimed again until the
 * handler writes its id to complete. Completion does not re-sample the wire, so the source
 * fires again only when its device asserts it again (devices re-assert on every event, as
 * QEMU's do). Kernels written for QEMU rely on this.
 *
 * <p>Only aligned 32-bit accesses are meaningful; any other size or an offset that decodes to no
 * register reads 0 and ignores writes, as QEMU does, so a guest can never fault on the PLIC.
 */
public final class Plic implements Device {
    /** Number of interrupt source ids, including the reserved id 0. */
    public static final int SOURCES = 96;
    public static final long WINDOW = 0x400_0000L;

    // Register map (PLIC spec, "Memory Map").
    private static final long PRIORITY_BASE = 0x00_0000, PENDING_BASE = 0x00_1000, ENABLE_BASE = 0x00_2000,
            ENABLE_STRIDE = 0x80, CONTEXT_BASE = 0x20_0000, CONTEXT_STRIDE = 0x1000;
    private static final int PRIORITY_MASK = 7;
    private static final int WORDS = SOURCES / 32;

    private final InterruptTarget[] harts;
    private final int contexts;

    private final int[] priority = new int[SOURCES];
    private final boolean[] wire = new boolean[SOURCES];
    private final int[] pending = new int[WORDS];
    private final int[] inService = new int[WORDS]; // claimed, gateway closed until complete
    private final int[] enable;                     // WORDS per context
    private final int[] threshold;
    private final boolean[] output;

    public Plic(InterruptTarget... harts) {
        this.harts = harts.clone();
        for (InterruptTarget h : this.harts) Objects.requireNonNull(h, "hart");
        this.contexts = 2 * this.harts.length;
        this.enable = new int[WORDS * contexts];
        this.threshold = new int[contexts];
        this.output = new boolean[contexts];
        clearState();
        driveAll(true);
    }

    @Override
    public String name() { return "plic"; }

    @Override
    public long size() { return WINDOW; }

    /** Number of contexts: two per hart (M then S). */
    public int contexts() { return contexts; }

    /**
     * The wire a device drives for interrupt source {@code source} (1..95). The board wires it once;
     * a wrong id is a bug in the board, not something a guest can cause.
     */
    public IrqLine line(int source) {
        if (source < 1 || source >= SOURCES) {
            throw new IllegalArgumentException("PLIC source " + source + " out of range 1.." + (SOURCES - 1));
        }
        return level -> setWire(source, level);
    }

    @Override
    public void reset() {
        clearState();
        // The wires belong to the devices and keep their levels; open gateways re-sample them.
        for (int s = 1; s < SOURCES; s++) setBit(pending, s, wire[s]);
        driveAll(true);
    }

    private void clearState() {
        Arrays.fill(priority, 0);
        Arrays.fill(pending, 0);
        Arrays.fill(inService, 0);
        Arrays.fill(enable, 0);
        Arrays.fill(threshold, 0);
    }

    @Override
    public long read(long offset, int size) {
        if (size != 4 || (offset & 3) != 0 || offset < 0 || offset >= WINDOW) return 0;
        if (offset < PENDING_BASE) {
            int source = (int) ((offset - PRIORITY_BASE) >> 2);
            return source < SOURCES ? priority[source] : 0;
        }
        if (offset < ENABLE_BASE) {
            int word = (int) ((offset - PENDING_BASE) >> 2);
            return word < WORDS ? pending[word] & 0xFFFF_FFFFL : 0;
        }
        if (offset < CONTEXT_BASE) {
            int ctx = (int) ((offset - ENABLE_BASE) / ENABLE_STRIDE);
            int word = (int) (((offset - ENABLE_BASE) % ENABLE_STRIDE) >> 2);
            return ctx < contexts && word < WORDS ? enable[ctx * WORDS + word] & 0xFFFF_FFFFL : 0;
        }
        int ctx = (int) ((offset - CONTEXT_BASE) / CONTEXT_STRIDE);
        if (ctx >= contexts) return 0;
        return switch ((int) ((offset - CONTEXT_BASE) % CONTEXT_STRIDE)) {
            case 0 -> threshold[ctx];
            case 4 -> claim(ctx);
            default -> 0;
        };
    }

    @Override
    public void write(long offset, int size, long value) {
        if (size != 4 || (offset & 3) != 0 || offset < 0 || offset >= WINDOW) return;
        int v = (int) value;
        if (offset < PENDING_BASE) {
            int source = (int) ((offset - PRIORITY_BASE) >> 2);
            // Source 0 does not exist: its priority is hard-wired to 0.
            if (source >= 1 && source < SOURCES) priority[source] = v & PRIORITY_MASK;
        } else if (offset < ENABLE_BASE) {
            return; // pending bits are read-only: only gateways and claims change them
        } else if (offset < CONTEXT_BASE) {
            int ctx = (int) ((offset - ENABLE_BASE) / ENABLE_STRIDE);
            int word = (int) (((offset - ENABLE_BASE) % ENABLE_STRIDE) >> 2);
            if (ctx >= contexts || word >= WORDS) return;
            enable[ctx * WORDS + word] = word == 0 ? v & ~1 : v;
        } else {
            int ctx = (int) ((offset - CONTEXT_BASE) / CONTEXT_STRIDE);
            if (ctx >= contexts) return;
            switch ((int) ((offset - CONTEXT_BASE) % CONTEXT_STRIDE)) {
                case 0 -> threshold[ctx] = v & PRIORITY_MASK;
                case 4 -> complete(ctx, v);
                default -> { return; }
            }
        }
        driveAll();
    }

    private void setWire(int source, boolean level) {
        wire[source] = level;
        // As in QEMU's PLIC, every assertion latches the pending bit, even while the source is
        // in service, and a deassertion clears it. Kernels written for QEMU depend on this:
        // xv6 never acknowledges the UART's transmit-empty condition, so a gateway that
        // re-sampled a still-high wire on completion would interrupt it forever.
        setBit(pending, source, level);
        driveAll();
    }

    /**
     * Claim (PLIC spec, "Interrupt Claim Process"): the pending source enabled for this context with
     * the highest priority above the threshold, the lowest id breaking ties; 0 when there is none.
     */
    private int claim(int ctx) {
        int best = bestCandidate(ctx);
        if (best != 0) {
            setBit(pending, best, false);
            setBit(inService, best, true);
            driveAll();
        }
        return best;
    }

    /**
     * Completion (PLIC spec, "Interrupt Completion"): an id that is not enabled for this context is
     * silently ignored; otherwise the source leaves service. Like QEMU, completion does not
     * re-sample the wire: the source is pending again only if its device asserted it since.
     */
    private void complete(int ctx, int id) {
        if (id < 1 || id >= SOURCES || !bit(enable, ctx * WORDS, id) || !bit(inService, id)) return;
        setBit(inService, id, false);
    }

    private int bestCandidate(int ctx) {
        int best = 0;
        int bestPriority = threshold[ctx];
        for (int s = 1; s < SOURCES; s++) {
            // Strictly greater: equal priority keeps the lower id, and priority must beat the threshold.
            if (priority[s] > bestPriority && bit(pending, s) && !bit(inService, s) && bit(enable, ctx * WORDS, s)) {
                best = s;
                bestPriority = priority[s];
            }
        }
        return best;
    }

    private void driveAll() { driveAll(false); }

    /**
     * Recomputes every context's output and drives the harts' lines where a level changed; at
     * power-on and reset every line is driven, so a hart never keeps a stale MEIP or SEIP.
     */
    private void driveAll(boolean force) {
        for (int ctx = 0; ctx < contexts; ctx++) drive(ctx, bestCandidate(ctx) != 0, force);
    }

    private void drive(int ctx, boolean level, boolean force) {
        if (!force && output[ctx] == level) return;
        output[ctx] = level;
        harts[ctx / 2].setPending(ctx % 2 == 0 ? InterruptTarget.MEIP : InterruptTarget.SEIP, level);
    }

    private static boolean bit(int[] words, int source) { return bit(words, 0, source); }

    private static boolean bit(int[] words, int base, int source) {
        return (words[base + (source >>> 5)] & (1 << (source & 31))) != 0;
    }

    private static void setBit(int[] words, int source, boolean on) {
        if (on) words[source >>> 5] |= 1 << (source & 31);
        else words[source >>> 5] &= ~(1 << (source & 31));
    }
}
