package dev.vmlab.mem;

import dev.vmlab.device.BusFault;
import dev.vmlab.hart.Cause;
import dev.vmlab.hart.Hart;
import dev.vmlab.hart.Pmp;
import dev.vmlab.hart.Trap;
import dev.vmlab.trace.TraceEvent;
import dev.vmlab.trace.TraceEvent.Access;
import dev.vmlab.trace.Tracer;

/**
 * Address translation and memory access for one hart: a page-table walker for Sv39 and Sv48
 * (one loop, the level count as a parameter), a TLB, PMP checks, and the split between RAM and
 * device windows.
 *
 * <p>The TLB is direct-mapped with a configurable number of entries and keeps one set per
 * privilege level (U, S, M), so traps and returns need no flush. An entry holds the RAM offset
 * of the page, so a hit is a tag compare and an addition. Separate tags say whether the entry
 * allows loads and stores: an entry is only "store-ready" when the PTE is writable and dirty,
 * PMP allows the whole page, and the page holds no decoded instructions (stores to code must
 * invalidate them, so they take the slow path). Entries for bare (untranslated) regimes live
 * in the same sets but are not counted in the statistics, which describe page-table
 * translations only.
 */
public final class Mmu {
    private static final long PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_U = 16, PTE_G = 32, PTE_A = 64,
        PTE_D = 128;
    private static final long PPN_MASK = (1L << 44) - 1;
    private static final long EMPTY = -1;

    /** One privilege level's TLB. */
    static final class Set {
        final long[] rTag, wTag, dBase, iTag, iBase;
        /** Whether this set's entries came from page tables (counted in statistics). */
        boolean translated;
        /** Fast-path hits since the last flush; banked into the totals when the set is flushed. */
        long hits;

        Set(int n) {
            rTag = new long[n]; wTag = new long[n]; dBase = new long[n]; iTag = new long[n]; iBase = new long[n];
            clear();
        }

        /** Empties the set, returning the hits it had counted while translated. */
        long clear() {
            long h = translated ? hits : 0;
            hits = 0;
            java.util.Arrays.fill(rTag, EMPTY);
            java.util.Arrays.fill(wTag, EMPTY);
            java.util.Arrays.fill(iTag, EMPTY);
            return h;
        }
    }

    private final Hart hart;
    private final PhysicalMemory mem;
    private final byte[] ram;
    private final int mask;
    private final boolean tlbEnabled;
    private final Set[] sets;
    /** The sets for data accesses (by the effective data privilege) and for fetches (by privilege). */
    private Set dset, iset;

    // statistics (page-table translations only)
    private long bankedHits;
    public long tlbMisses, tlbFlushes, walks, walkReads;

    /** Called for every access that reaches a device: pc, region, offset, size, write, value. */
    public interface MmioHook {
        void access(PhysicalMemory.Region region, long pa, int size, boolean write, long value);
    }

    private MmioHook mmioHook = (r, pa, size, write, value) -> {};

    /**
     * @param tlbEntries entries per privilege level, a power of two; 0 disables the TLB model
     *                   (every translated access walks the page table)
     */
    public Mmu(Hart hart, PhysicalMemory mem, int tlbEntries) {
        this.hart = hart;
        this.mem = mem;
        this.ram = mem.ram;
        this.tlbEnabled = tlbEntries > 0;
        int n = Math.max(tlbEntries, 1);
        if (Integer.bitCount(n) != 1) throw new IllegalArgumentException("TLB entries must be a power of two");
        this.mask = n - 1;
        this.sets = new Set[] {new Set(n), new Set(n), new Set(n), new Set(n)};
        mem.onNewCodePage(this::revokeStoreTags);
        contextChanged(true);
    }

    public void setMmioHook(MmioHook hook) { this.mmioHook = hook; }

    public int tlbEntries() { return tlbEnabled ? mask + 1 : 0; }

    /**
     * True when an engine may reuse the fetch translation of {@code pc}'s page for the page's
     * other instructions until the next translation change: when the TLB holds it, which it only
     * does when PMP lets the whole page execute. Not with the TLB model off under translation
     * (every fetch must walk), nor for a page PMP splits (each fetch must be checked).
     */
    public boolean fetchTranslationReusable(long pc) {
        long vpn = pc >>> 12;
        return iset.iTag[(int) vpn & mask] == vpn;
    }

    // ---------------------------------------------------------------- context

    /** Re-selects the TLB sets after a privilege or mstatus change; flushes all when {@code flush}. */
    public void contextChanged(boolean flush) {
        if (flush) {
            for (Set s : sets) bankedHits += s.clear();
            tlbFlushes++;
            if (hart.tracer.tlb) {
                hart.tracer.emit(new TraceEvent.Tlb(hart.vm, hart.hartId, hart.retired, TraceEvent.TlbOp.FLUSH, 0, 0,
                    "all entries (satp, PMP or mstatus change)"));
            }
        }
        int dp = hart.dataPriv();
        dset = sets[dp];
        iset = sets[hart.priv];
        sets[0].translated = translates(0);
        sets[1].translated = translates(1);
    }

    private boolean translates(int priv) {
        return priv < Hart.M && (hart.satp >>> 60) != 0;
    }

    /** sfence.vma: flushes the entries for {@code va} (all when {@code allVa}), ASID filtering aside. */
    public void sfence(boolean allVa, long va, boolean allAsid, long asid) {
        if (allVa) {
            for (Set s : sets) bankedHits += s.clear();
        } else {
            int i = (int) (va >>> 12) & mask;
            for (Set s : sets) { s.rTag[i] = EMPTY; s.wTag[i] = EMPTY; s.iTag[i] = EMPTY; }
        }
        tlbFlushes++;
        if (hart.tracer.tlb) {
            String what = (allVa ? "all addresses" : "va 0x" + Long.toHexString(va))
                + (allAsid ? ", all address spaces" : ", asid " + asid);
            hart.tracer.emit(new TraceEvent.Tlb(hart.vm, hart.hartId, hart.retired, TraceEvent.TlbOp.FLUSH, va, 0,
                "sfence.vma: " + what));
        }
    }

    /** A page just got decoded instructions: no entry may let stores reach it without the slow path. */
    private void revokeStoreTags() {
        for (Set s : sets) java.util.Arrays.fill(s.wTag, EMPTY);
    }

    // ---------------------------------------------------------------- fast paths

    public long load64(long va) {
        long vpn = va >>> 12;
        int i = (int) vpn & mask;
        Set s = dset;
        if (s.rTag[i] == vpn && (va & 0xfff) <= 0xff8) {
            s.hits++;
            return mem.ramLoad64((int) (s.dBase[i] + (va & 0xfff)));
        }
        return loadSlow(va, 8);
    }

    public long load32(long va) {
        long vpn = va >>> 12;
        int i = (int) vpn & mask;
        Set s = dset;
        if (s.rTag[i] == vpn && (va & 0xfff) <= 0xffc) {
            s.hits++;
            return mem.ramLoad32((int) (s.dBase[i] + (va & 0xfff)));
        }
        return (int) loadSlow(va, 4);
    }

    public long load16(long va) {
        long vpn = va >>> 12;
        int i = (int) vpn & mask;
        Set s = dset;
        if (s.rTag[i] == vpn && (va & 0xfff) <= 0xffe) {
            s.hits++;
            return mem.ramLoad16((int) (s.dBase[i] + (va & 0xfff)));
        }
        return loadSlow(va, 2);
    }

    public long load8(long va) {
        long vpn = va >>> 12;
        int i = (int) vpn & mask;
        Set s = dset;
        if (s.rTag[i] == vpn) {
            s.hits++;
            return ram[(int) (s.dBase[i] + (va & 0xfff))] & 0xffL;
        }
        return loadSlow(va, 1);
    }

    public void store(long va, int size, long v) {
        long vpn = va >>> 12;
        int i = (int) vpn & mask;
        Set s = dset;
        if (s.wTag[i] == vpn && (va & 0xfff) <= 0x1000 - size) {
            s.hits++;
            mem.ramStore((int) (s.dBase[i] + (va & 0xfff)), size, v);
            return;
        }
        storeSlow(va, size, v);
    }

    // ---------------------------------------------------------------- slow paths

    private long loadSlow(long va, int size) {
        if (((va & 0xfff) + size) > 0x1000) { // crosses a page: byte by byte, each translated
            long v = 0;
            for (int b = 0; b < size; b++) v |= loadSlow(va + b, 1) << (8 * b);
            return v;
        }
        long pa = translate(va, Access.LOAD, hart.dataPriv(), size);
        long off = mem.ramOffset(pa);
        if (off >= 0 && off + size <= mem.ramSize) return mem.ramLoad((int) off, size);
        return deviceRead(va, pa, size, Cause.LOAD_ACCESS);
    }

    private void storeSlow(long va, int size, long v) {
        if (((va & 0xfff) + size) > 0x1000) {
            // Translate every byte first, so a page or PMP fault on either page leaves memory
            // untouched. (A part that then reaches no RAM, or a refusing device, faults after the
            // bytes before it were written, as a split misaligned store may.)
            for (int b = 0; b < size; b++) translate(va + b, Access.STORE, hart.dataPriv(), 1);
            for (int b = 0; b < size; b++) storeSlow(va + b, 1, v >>> (8 * b));
            return;
        }
        long pa = translate(va, Access.STORE, hart.dataPriv(), size);
        long off = mem.ramOffset(pa);
        if (off >= 0 && off + size <= mem.ramSize) {
            mem.ramStore((int) off, size, v);
            if (mem.isSpecialPage((int) (off >>> 12))) mem.afterSpecialStore(off, size);
            return;
        }
        deviceWrite(va, pa, size, v, Cause.STORE_ACCESS);
    }

    /** A device read; an access fault reports {@code va}: mtval holds the faulting virtual address. */
    private long deviceRead(long va, long pa, int size, int faultCause) {
        PhysicalMemory.Region r = mem.region(pa);
        if (r == null || pa + size > r.base() + r.size() || (pa & (size - 1)) != 0) throw new Trap(faultCause, va);
        long v;
        try {
            v = r.device().read(pa - r.base(), size);
        } catch (BusFault e) {
            throw new Trap(faultCause, va);
        }
        mmioHook.access(r, pa, size, false, v);
        return v;
    }

    private void deviceWrite(long va, long pa, int size, long v, int faultCause) {
        PhysicalMemory.Region r = mem.region(pa);
        if (r == null || pa + size > r.base() + r.size() || (pa & (size - 1)) != 0) throw new Trap(faultCause, va);
        long masked = size == 8 ? v : v & ((1L << (8 * size)) - 1);
        try {
            r.device().write(pa - r.base(), size, masked);
        } catch (BusFault e) {
            throw new Trap(faultCause, va);
        }
        mmioHook.access(r, pa, size, true, masked);
    }

    /**
     * The physical address of an atomic access (LR/SC/AMO): naturally aligned, in RAM, with
     * store permission for everything but LR. Misalignment raises the address-misaligned
     * exception (atomics are never split); a device address raises an access fault.
     */
    public int atomicOffset(long va, int size, boolean lr) {
        int misaligned = lr ? Cause.MISALIGNED_LOAD : Cause.MISALIGNED_STORE;
        if ((va & (size - 1)) != 0) throw new Trap(misaligned, va);
        long pa = translate(va, lr ? Access.LOAD : Access.STORE, hart.dataPriv(), size);
        long off = mem.ramOffset(pa);
        if (off < 0) throw new Trap(lr ? Cause.LOAD_ACCESS : Cause.STORE_ACCESS, va);
        return (int) off;
    }

    /** After an atomic store at a RAM offset: keep decoded code coherent. */
    public void afterAtomicStore(int off, int size) {
        if (mem.isSpecialPage(off >>> 12)) mem.afterSpecialStore(off, size);
    }

    /**
     * Fetch translation: the RAM offset of the page holding {@code pc}. Instructions are only
     * fetched from RAM; anything else is an instruction access fault.
     */
    public long fetchPageOffset(long pc) {
        long vpn = pc >>> 12;
        int i = (int) vpn & mask;
        Set s = iset;
        if (s.iTag[i] == vpn) return s.iBase[i]; // fetch hits are not counted: engines cache decoded pages
        long pa = translate(pc, Access.FETCH, hart.priv, 2);
        long off = mem.ramOffset(pa);
        if (off < 0) throw new Trap(Cause.FETCH_ACCESS, pc);
        return off & ~0xfffL;
    }

    // ---------------------------------------------------------------- translation

    /**
     * Translates {@code va} for an access of {@code size} bytes at privilege {@code priv},
     * checking PMP, and fills the TLB. Throws the page-fault or access-fault trap the spec
     * prescribes.
     */
    public long translate(long va, Access access, int priv, int size) {
        boolean translated = translates(priv);
        long pa;
        long pte = PTE_R | PTE_W | PTE_X | PTE_D | PTE_A | PTE_U;
        if (!translated) {
            pa = va;
        } else {
            tlbMisses++;
            if (hart.tracer.tlb) {
                hart.tracer.emit(new TraceEvent.Tlb(hart.vm, hart.hartId, hart.retired, TraceEvent.TlbOp.MISS, va, 0,
                    access.name().toLowerCase(java.util.Locale.ROOT)));
            }
            long[] out = walk(va, access, priv, null);
            pa = out[0];
            pte = out[1];
        }
        int perm = access == Access.FETCH ? Pmp.X : access == Access.STORE ? Pmp.W : Pmp.R;
        if (!hart.pmp.allows(pa, size, perm, priv)) throw new Trap(accessFault(access), va);
        fill(va, pa, pte, priv, access, translated);
        return pa;
    }

    private void fill(long va, long pa, long pte, int priv, Access access, boolean translated) {
        if (!tlbEnabled && translated) return;
        long off = mem.ramOffset(pa);
        if (off < 0) return; // devices are never cached: every access reaches the bus
        long vpn = va >>> 12;
        int i = (int) vpn & mask;
        Set s = sets[priv];
        long pageOff = off & ~0xfffL;
        long pagePa = pa & ~0xfffL;
        boolean sum = (hart.mstatus & Hart.SUM) != 0, mxr = (hart.mstatus & Hart.MXR) != 0;
        if (access == Access.FETCH) {
            if (hart.pmp.allows(pagePa, 4096, Pmp.X, priv)) {
                s.iTag[i] = vpn;
                s.iBase[i] = pageOff;
            }
            return;
        }
        // Bare regimes have no page permissions: only PMP (checked below) limits them.
        boolean userOk = !translated || (priv == Hart.U ? (pte & PTE_U) != 0 : ((pte & PTE_U) == 0 || sum));
        boolean canRead = userOk && ((pte & PTE_R) != 0 || (mxr && (pte & PTE_X) != 0))
            && hart.pmp.allows(pagePa, 4096, Pmp.R, priv);
        boolean canWrite = userOk && (pte & PTE_W) != 0 && (pte & PTE_D) != 0
            && hart.pmp.allows(pagePa, 4096, Pmp.W, priv) && !mem.isSpecialPage((int) (off >>> 12));
        s.dBase[i] = pageOff;
        s.rTag[i] = canRead ? vpn : EMPTY;
        s.wTag[i] = canWrite ? vpn : EMPTY;
    }

    private static int accessFault(Access a) {
        return switch (a) {
            case FETCH -> Cause.FETCH_ACCESS;
            case LOAD -> Cause.LOAD_ACCESS;
            case STORE -> Cause.STORE_ACCESS;
        };
    }

    private static int pageFault(Access a) {
        return switch (a) {
            case FETCH -> Cause.FETCH_PAGE_FAULT;
            case LOAD -> Cause.LOAD_PAGE_FAULT;
            case STORE -> Cause.STORE_PAGE_FAULT;
        };
    }

    /**
     * The page walk of privileged spec §4.3.2, for Sv39 (3 levels) and Sv48 (4 levels).
     * Returns {physical address, leaf PTE}. A/D bits are set by the walker (as QEMU does).
     *
     * <p>With a {@code seen} record the walk only looks, for {@link #inspect}: it records each
     * level and the rule that faulted, and neither counts, traces nor updates A/D. One loop
     * serves both, so the shell shows exactly the rules the hardware applies.
     */
    private long[] walk(long va, Access access, int priv, Inspection seen) {
        if (seen == null) walks++;
        int levels = (hart.satp >>> 60) == 8 ? 3 : 4;
        String mode = levels == 3 ? "sv39" : "sv48";
        int vaBits = 12 + 9 * levels;
        Tracer t = hart.tracer;
        boolean trace = seen == null && t.pagewalk;
        // Canonical addresses: bits 63..vaBits-1 all equal (§4.4.1, §4.5.1).
        if ((va << (64 - vaBits)) >> (64 - vaBits) != va) {
            throw fault(va, access, "address is not canonical: bits 63.." + (vaBits - 1) + " of the " + mode
                + " virtual address must all equal bit " + (vaBits - 1), seen);
        }
        // Step 1: a = satp.ppn * PAGESIZE, i = LEVELS - 1.
        long a = (hart.satp & PPN_MASK) << 12;
        for (int level = levels - 1; level >= 0; level--) {
            // Step 2: pte = the PTE at a + va.vpn[i] * PTESIZE, subject to PMP as an S-mode read.
            long pteAddr = a + (((va >>> (12 + 9 * level)) & 0x1ff) << 3);
            long off = mem.ramOffset(pteAddr);
            if (off < 0 || !hart.pmp.allows(pteAddr, 8, Pmp.R, Hart.S)) {
                String why = "PTE address 0x" + Long.toHexString(pteAddr) + " is not readable memory (access fault)";
                if (trace) emitFault(va, access, why);
                if (seen != null) seen.reason = why;
                throw new Trap(accessFault(access), va);
            }
            long pte = mem.ramLoad64((int) off);
            if (seen == null) walkReads++;
            else seen.levels.add(new WalkLevel(level, pteAddr, pte, flags(pte)));
            if (trace) {
                t.emit(new TraceEvent.WalkStep(hart.vm, hart.hartId, hart.retired, va, mode, level, pteAddr, pte,
                    flags(pte)));
            }
            // Step 3: V = 0, or R = 0 and W = 1, or reserved bits set: page fault.
            if ((pte & PTE_V) == 0) throw fault(va, access, "PTE at level " + level + " is not valid (V=0)", seen);
            if ((pte & (PTE_R | PTE_W)) == PTE_W) throw fault(va, access, "PTE has W=1 but R=0 (reserved)", seen);
            if ((pte >>> 54) != 0) {
                throw fault(va, access, "PTE bits 63:54 are set (reserved here: no Svnapot or Svpbmt)", seen);
            }
            if ((pte & (PTE_R | PTE_X)) == 0) {
                // Step 4: a pointer to the next level.
                if (level == 0) throw fault(va, access, "non-leaf PTE at level 0", seen);
                a = ((pte >>> 10) & PPN_MASK) << 12;
                continue;
            }
            // Step 5: a leaf; check permissions against the access and privilege.
            String denied = denied(pte, access, priv);
            if (denied != null) throw fault(va, access, denied, seen);
            // Step 6: a superpage's low PPN fields must be zero.
            long ppn = (pte >>> 10) & PPN_MASK;
            if (level > 0 && (ppn & ((1L << (9 * level)) - 1)) != 0) {
                throw fault(va, access, "misaligned superpage: level-" + level + " leaf PPN has non-zero low bits", seen);
            }
            // Step 7: set A, and D on a store, in the PTE (the hardware update scheme).
            long want = pte | PTE_A | (access == Access.STORE ? PTE_D : 0);
            if (want != pte) {
                if (!hart.pmp.allows(pteAddr, 8, Pmp.W, Hart.S)) {
                    if (seen != null) seen.reason = "PTE at 0x" + Long.toHexString(pteAddr)
                        + " needs its A/D bits set but PMP denies the write (access fault)";
                    throw new Trap(accessFault(access), va);
                }
                if (seen == null) {
                    mem.ramStore((int) off, 8, want);
                    if (mem.isSpecialPage((int) (off >>> 12))) mem.afterSpecialStore(off, 8);
                    pte = want;
                }
            }
            // Step 8: the physical address; superpages take the low VPN fields from va.
            long pageBits = 12 + 9L * level;
            long pa = (ppn << 12 & ~((1L << pageBits) - 1)) | (va & ((1L << pageBits) - 1));
            if (trace) {
                t.emit(new TraceEvent.WalkDone(hart.vm, hart.hartId, hart.retired, va, access, pa, 1L << pageBits));
            }
            if (seen != null) seen.pageSize = 1L << pageBits;
            return new long[] {pa, pte};
        }
        throw new IllegalStateException("unreachable");
    }

    private String denied(long pte, Access access, int priv) {
        boolean u = (pte & PTE_U) != 0;
        if (priv == Hart.U && !u) return "U-mode access to a supervisor page (U=0)";
        if (priv == Hart.S && u) {
            if (access == Access.FETCH) return "S-mode fetch from a user page (U=1)";
            if ((hart.mstatus & Hart.SUM) == 0) return "S-mode access to a user page with sstatus.SUM=0";
        }
        return switch (access) {
            case FETCH -> (pte & PTE_X) == 0 ? "fetch from a page without X" : null;
            case LOAD -> (pte & PTE_R) != 0 || ((hart.mstatus & Hart.MXR) != 0 && (pte & PTE_X) != 0) ? null
                : (pte & PTE_X) != 0 ? "load from an execute-only page with sstatus.MXR=0" : "load from a page without R";
            case STORE -> (pte & PTE_W) == 0 ? "store to a page without W" : null;
        };
    }

    private Trap fault(long va, Access access, String reason, Inspection seen) {
        if (seen != null) seen.reason = reason;
        else if (hart.tracer.pagewalk) emitFault(va, access, reason);
        return new Trap(pageFault(access), va);
    }

    private void emitFault(long va, Access access, String reason) {
        hart.tracer.emit(new TraceEvent.WalkFault(hart.vm, hart.hartId, hart.retired, va, access, reason));
    }

    /** PTE flags as {@code DAGUXWRV} with '-' for clear bits. */
    public static String flags(long pte) {
        char[] c = "DAGUXWRV".toCharArray();
        for (int b = 0; b < 8; b++) if ((pte & (1L << (7 - b))) == 0) c[b] = '-';
        return new String(c);
    }

    // ---------------------------------------------------------------- inspection

    /** Translates without side effects: the pa, or -1 when the access would fault. */
    public long probe(long va, Access access) {
        return inspect(va, access).pa();
    }

    /** One level of an inspected walk: the PTE's address, its value and its flags ({@link #flags}). */
    public record WalkLevel(int level, long pteAddress, long pte, String flags) {}

    /**
     * What an access would do in the current translation regime, for the shell's {@code pt}.
     *
     * @param mode      {@code bare}, {@code sv39} or {@code sv48}
     * @param priv      the privilege the access is checked at (the data privilege for loads and stores)
     * @param levels    the PTEs read, root first (empty for a bare regime)
     * @param pa        the physical address, or -1 when the access faults
     * @param pageSize  the size of the page (4 KiB, or a superpage); 0 when bare or faulting
     * @param cause     the exception the access raises, or -1
     * @param reason    the rule that faulted, in words, or null
     */
    public record WalkView(long va, Access access, int priv, String mode, java.util.List<WalkLevel> levels, long pa,
                           long pageSize, int cause, String reason) {
        public boolean faulted() { return cause >= 0; }
    }

    /** Scratch for {@link #walk} in inspection mode. */
    private static final class Inspection {
        final java.util.List<WalkLevel> levels = new java.util.ArrayList<>();
        String reason;
        long pageSize;
    }

    /**
     * Walks for {@code va} as {@link #translate} would for this access at the current
     * privilege (the data privilege, MPRV included, for loads and stores), then checks PMP on
     * the result, with no side effect: no TLB fill, no A/D update, no statistics, no trace.
     */
    public WalkView inspect(long va, Access access) {
        int priv = access == Access.FETCH ? hart.priv : hart.dataPriv();
        boolean translated = translates(priv);
        String mode = !translated ? "bare" : (hart.satp >>> 60) == 8 ? "sv39" : "sv48";
        Inspection seen = new Inspection();
        long pa;
        if (translated) {
            try {
                pa = walk(va, access, priv, seen)[0];
            } catch (Trap t) {
                return new WalkView(va, access, priv, mode, java.util.List.copyOf(seen.levels), -1, 0, t.cause, seen.reason);
            }
        } else {
            pa = va;
        }
        int perm = access == Access.FETCH ? Pmp.X : access == Access.STORE ? Pmp.W : Pmp.R;
        if (!hart.pmp.allows(pa, 1, perm, priv)) {
            return new WalkView(va, access, priv, mode, java.util.List.copyOf(seen.levels), -1, 0, accessFault(access),
                "PMP denies this access at physical address 0x" + Long.toHexString(pa));
        }
        return new WalkView(va, access, priv, mode, java.util.List.copyOf(seen.levels), pa, seen.pageSize, -1, null);
    }

    /**
     * One cached translation: the fast-path data entry or fetch entry of one privilege's set.
     * {@code physicalPage} is the page's physical address; {@code translated} is false for
     * entries of a bare regime (M-mode, or satp off).
     */
    public record TlbEntry(int priv, int index, boolean fetch, long vpn, long physicalPage, boolean read, boolean write,
                           boolean translated) {}

    /** The TLB's valid entries, U then S then M, by index; a snapshot for the shell. */
    public java.util.List<TlbEntry> tlbSnapshot() {
        java.util.List<TlbEntry> out = new java.util.ArrayList<>();
        if (!tlbEnabled) return out;
        for (int p : new int[] {Hart.U, Hart.S, Hart.M}) {
            Set s = sets[p];
            boolean translated = p < Hart.M && s.translated;
            for (int i = 0; i <= mask; i++) {
                long vpn = s.rTag[i] != EMPTY ? s.rTag[i] : s.wTag[i];
                if (vpn != EMPTY) {
                    out.add(new TlbEntry(p, i, false, vpn, mem.ramBase + s.dBase[i], s.rTag[i] == vpn,
                        s.wTag[i] == vpn, translated));
                }
                if (s.iTag[i] != EMPTY) {
                    out.add(new TlbEntry(p, i, true, s.iTag[i], mem.ramBase + s.iBase[i], false, false, translated));
                }
            }
        }
        return out;
    }

    /** TLB hits of page-table translations: banked hits plus those of the sets in use now. */
    public long tlbHits() {
        long h = bankedHits;
        for (Set s : sets) if (s.translated) h += s.hits;
        return h;
    }
}
