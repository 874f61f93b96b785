package dev.vmlab.testing;

import dev.vmlab.machine.Machine;

/**
 * Builds Sv39/Sv48 page tables in a machine's RAM, written from the privileged spec's PTE
 * layout (§4.3.1/§4.4.1): V R W X U G A D in bits 0..7, PPN from bit 10. Table pages are
 * taken from a bump allocator starting at {@code tablesPa}.
 */
public final class PageTables {
    public static final long V = 1, R = 2, W = 4, X = 8, U = 16, G = 32, A = 64, D = 128;
    public static final long SV39 = 8, SV48 = 9;

    private final Machine m;
    private final int levels;
    public final long root;
    private long next;

    /** {@code levels} is 3 for Sv39, 4 for Sv48. */
    public PageTables(Machine m, int levels, long tablesPa) {
        this.m = m;
        this.levels = levels;
        this.root = tablesPa;
        this.next = tablesPa + 4096;
        zero(root);
    }

    /** The satp value selecting these tables (ASID 0). */
    public long satp() {
        return (levels == 3 ? SV39 : SV48) << 60 | root >>> 12;
    }

    /**
     * Maps the page of {@code va} at {@code level} (0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB, 3 = 512 GiB)
     * to {@code pa} with {@code flags} (V is added); returns the leaf PTE's physical address.
     */
    public long map(long va, long pa, long flags, int level) {
        long table = root;
        for (int l = levels - 1; l > level; l--) {
            long slot = table + index(va, l) * 8;
            long pte = m.memory.load(slot, 8);
            if ((pte & V) == 0) {
                long t = next;
                next += 4096;
                zero(t);
                pte = (t >>> 12) << 10 | V;
                m.memory.store(slot, 8, pte);
            }
            table = (pte >>> 10) << 12;
        }
        long slot = table + index(va, level) * 8;
        m.memory.store(slot, 8, (pa >>> 12) << 10 | flags | V);
        return slot;
    }

    /** Maps a 4 KiB page. */
    public long map(long va, long pa, long flags) {
        return map(va, pa, flags, 0);
    }

    /** Writes a raw PTE value for the page of {@code va} at {@code level}, creating the tables above it. */
    public long setRaw(long va, int level, long pte) {
        long slot = map(va, 0, 0, level);
        m.memory.store(slot, 8, pte);
        return slot;
    }

    public long pte(long slot) {
        return m.memory.load(slot, 8);
    }

    private static long index(long va, int level) {
        return (va >>> (12 + 9 * level)) & 0x1ff;
    }

    private void zero(long pa) {
        m.memory.write(pa, new byte[4096], 0, 4096);
    }
}
