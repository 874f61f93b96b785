package dev.vmlab.mem;

import dev.vmlab.device.BusFault;
import dev.vmlab.device.Device;
import dev.vmlab.device.GuestMemory;
import dev.vmlab.isa.Block;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The board's physical address space: RAM (a Java byte array, so a guest cannot reach any
 * other memory) and device register windows. Also keeps, per RAM page, the decoded
 * instructions of that page, which every writer (the hart, DMA) invalidates when it changes
 * the bytes under them.
 */
public final class PhysicalMemory implements GuestMemory {
    public static final int PAGE_SHIFT = 12, PAGE_SIZE = 1 << PAGE_SHIFT;

    private static final VarHandle H16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle H32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle H64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** A device window on the bus. */
    public record Region(long base, long size, Device device) {
        public boolean contains(long pa) { return Long.compareUnsigned(pa - base, size) < 0; }
    }

    public final long ramBase;
    public final long ramSize;
    public final byte[] ram;
    private final List<Region> regions = new ArrayList<>();
    private Region[] regionArray = new Region[0];

    /** Decoded blocks per RAM page, by entry halfword (2048 slots); null when none decoded. */
    public final Block[][] code;
    /** Per code page, a bit for each halfword that some decoded instruction covers. */
    private final long[][] covered;
    /** Pages where stores must take the slow path: code pages and watched words (HTIF tohost). */
    private final boolean[] watched;
    private long watchAddress = -1;
    private LongConsumer watchListener;
    /** Called when a page first gets decoded code, so translation caches stop allowing fast stores to it. */
    private Runnable codePageListener = () -> {};
    private Runnable codeDroppedListener = () -> {};

    public PhysicalMemory(long ramBase, long ramSize) {
        if (ramSize <= 0 || ramSize % PAGE_SIZE != 0 || ramSize > Integer.MAX_VALUE - PAGE_SIZE) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 4 KiB below 2 GiB");
        }
        this.ramBase = ramBase;
        this.ramSize = ramSize;
        this.ram = new byte[(int) ramSize];
        int pages = (int) (ramSize >>> PAGE_SHIFT);
        this.code = new Block[pages][];
        this.covered = new long[pages][];
        this.watched = new boolean[pages];
    }

    public void map(long base, long size, Device device) {
        Region r = new Region(base, size, device);
        for (Region o : regions) {
            if (Long.compareUnsigned(base, o.base + o.size) < 0 && Long.compareUnsigned(o.base, base + size) < 0) {
                throw new IllegalArgumentException(device.name() + " overlaps " + o.device.name());
            }
        }
        regions.add(r);
        regionArray = regions.toArray(new Region[0]);
    }

    /** The device window containing {@code pa}, or null. */
    public Region region(long pa) {
        for (Region r : regionArray) if (r.contains(pa)) return r;
        return null;
    }

    /** True when {@code [pa, pa+len)} lies wholly in RAM. */
    public boolean inRam(long pa, long len) {
        long off = pa - ramBase;
        return len >= 0 && Long.compareUnsigned(off, ramSize) < 0 && Long.compareUnsigned(off + len, ramSize) <= 0;
    }

    /** RAM offset of {@code pa}, or -1 when it is not in RAM. */
    public long ramOffset(long pa) {
        long off = pa - ramBase;
        return Long.compareUnsigned(off, ramSize) < 0 ? off : -1;
    }

    // ---- raw RAM access by offset (callers have checked bounds) ----

    public long ramLoad(int off, int size) {
        return switch (size) {
            case 1 -> ram[off] & 0xffL;
            case 2 -> (short) H16.get(ram, off) & 0xffffL;
            case 4 -> (int) H32.get(ram, off) & 0xffffffffL;
            default -> (long) H64.get(ram, off);
        };
    }

    public long ramLoad64(int off) { return (long) H64.get(ram, off); }

    public int ramLoad32(int off) { return (int) H32.get(ram, off); }

    public int ramLoad16(int off) { return (short) H16.get(ram, off) & 0xffff; }

    public void ramStore(int off, int size, long v) {
        switch (size) {
            case 1 -> ram[off] = (byte) v;
            case 2 -> H16.set(ram, off, (short) v);
            case 4 -> H32.set(ram, off, (int) v);
            default -> H64.set(ram, off, v);
        }
    }

    // ---- code pages and watched words ----

    public boolean isSpecialPage(int page) { return watched[page] || code[page] != null; }

    /** The block array of a RAM page, created on first use. */
    public Block[] codePage(int page) {
        Block[] p = code[page];
        if (p == null) {
            p = new Block[PAGE_SIZE / 2];
            code[page] = p;
            covered[page] = new long[PAGE_SIZE / 2 / 64];
            codePageListener.run();
        }
        return p;
    }

    /** Records that decoded instructions cover {@code bytes} bytes from RAM offset {@code off} (within one page). */
    public void cover(long off, int bytes) {
        long[] bits = covered[(int) (off >>> PAGE_SHIFT)];
        for (int h = (int) (off & (PAGE_SIZE - 1)) >>> 1, end = h + ((bytes + 1) >>> 1); h < end; h++) {
            bits[h >>> 6] |= 1L << h;
        }
    }

    /** Called when a page first gets code, so translation caches stop allowing fast stores to it. */
    public void onNewCodePage(Runnable r) { codePageListener = r; }

    /** Called when decoded code is dropped, so engines forget references to it. */
    public void onCodeDropped(Runnable r) { codeDroppedListener = r; }

    /**
     * Called after a store of {@code size} bytes at RAM offset {@code off} to a special page:
     * when the bytes overlap decoded instructions, drops the page's decoded blocks (a block
     * may have started earlier in the page), and reports a store to the watched word.
     */
    public void afterSpecialStore(long off, int size) {
        int page = (int) (off >>> PAGE_SHIFT);
        long[] bits = covered[page];
        if (bits != null) {
            int first = (int) (off & (PAGE_SIZE - 1)) >>> 1;
            int last = (int) ((off & (PAGE_SIZE - 1)) + size - 1) >>> 1;
            for (int h = first; h <= last && h < PAGE_SIZE / 2; h++) {
                if ((bits[h >>> 6] & (1L << h)) != 0) {
                    code[page] = null;
                    covered[page] = null;
                    codeDroppedListener.run();
                    break;
                }
            }
        }
        long pa = off + ramBase;
        if (watchListener != null && pa < watchAddress + 8 && watchAddress < pa + size) {
            watchListener.accept(watchAddress);
        }
    }

    /** Forgets every decoded instruction (after a reset or a bulk load). */
    public void dropAllCode() {
        java.util.Arrays.fill(code, null);
        java.util.Arrays.fill(covered, null);
        codeDroppedListener.run();
    }

    /** Reports stores that touch the 8-byte word at {@code pa} (used for HTIF's tohost). */
    public void watch(long pa, LongConsumer listener) {
        long off = ramOffset(pa);
        if (off < 0) return;
        watchAddress = pa;
        watchListener = listener;
        watched[(int) (off >>> PAGE_SHIFT)] = true;
    }

    // ---- GuestMemory: bounds-checked access for loaders and DMA ----

    @Override
    public boolean read(long pa, byte[] dst, int off, int len) {
        if (!inRam(pa, len)) return false;
        System.arraycopy(ram, (int) (pa - ramBase), dst, off, len);
        return true;
    }

    @Override
    public boolean write(long pa, byte[] src, int off, int len) {
        if (!inRam(pa, len)) return false;
        int o = (int) (pa - ramBase);
        System.arraycopy(src, off, ram, o, len);
        invalidateRange(o, len);
        return true;
    }

    @Override
    public long load(long pa, int size) {
        if (!inRam(pa, size)) throw new BusFault("DMA read outside RAM at 0x" + Long.toHexString(pa));
        return ramLoad((int) (pa - ramBase), size);
    }

    @Override
    public void store(long pa, int size, long value) {
        if (!inRam(pa, size)) throw new BusFault("DMA write outside RAM at 0x" + Long.toHexString(pa));
        int o = (int) (pa - ramBase);
        ramStore(o, size, value);
        invalidateRange(o, size);
    }

    private void invalidateRange(int off, int len) {
        for (long p = off >>> PAGE_SHIFT; p <= (off + (long) len - 1) >>> PAGE_SHIFT && len > 0; p++) {
            if (isSpecialPage((int) p)) {
                long start = Math.max(off, p << PAGE_SHIFT);
                long end = Math.min(off + (long) len, (p + 1) << PAGE_SHIFT);
                afterSpecialStore(start, (int) (end - start));
            }
        }
    }
}
