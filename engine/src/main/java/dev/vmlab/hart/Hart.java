package dev.vmlab.hart;

import dev.vmlab.device.InterruptTarget;
import dev.vmlab.trace.TraceEvent;
import dev.vmlab.trace.Tracer;

/**
 * One RV64 hart's architectural state and the privileged architecture's rules: CSRs with
 * their WARL behaviour and access checks, trap entry, xRET, and interrupt selection. The
 * engine (interpreter) fetches and executes; it calls here for everything privileged.
 */
public final class Hart implements InterruptTarget {
    public static final int U = 0, S = 1, M = 3;

    // mstatus fields (privileged spec §3.1.6)
    public static final long SIE = 1L << 1, MIE = 1L << 3, SPIE = 1L << 5, MPIE = 1L << 7, SPP = 1L << 8,
        MPP = 3L << 11, MPRV = 1L << 17, SUM = 1L << 18, MXR = 1L << 19, TVM = 1L << 20, TW = 1L << 21,
        TSR = 1L << 22;
    private static final long UXL_SXL = (2L << 32) | (2L << 34);
    private static final long MSTATUS_WRITABLE = SIE | MIE | SPIE | MPIE | SPP | MPP | MPRV | SUM | MXR | TVM | TW | TSR;
    private static final long SSTATUS_MASK = SIE | SPIE | SPP | SUM | MXR | (3L << 32);
    private static final long SSTATUS_WRITABLE = SIE | SPIE | SPP | SUM | MXR;

    public static final long MISA = (2L << 62) | (1 << 0) | (1 << 2) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20);

    // interrupt bits of mip/mie
    public static final long SSIP = 1L << 1, MSIP_BIT = 1L << 3, STIP = 1L << 5, MTIP_BIT = 1L << 7,
        SEIP = 1L << 9, MEIP_BIT = 1L << 11;
    private static final long S_INTERRUPTS = SSIP | STIP | SEIP;
    private static final long ALL_INTERRUPTS = S_INTERRUPTS | MSIP_BIT | MTIP_BIT | MEIP_BIT;
    /** Exceptions medeleg can delegate: all but ecall from M-mode and the reserved codes. */
    private static final long MEDELEG_WRITABLE = 0xb3ffL;
    /** Order in which pending, enabled interrupts are taken (privileged spec §3.1.9). */
    private static final int[] PRIORITY = {11, 3, 7, 9, 1, 5};

    public static final long MENVCFG_FIOM = 1, MENVCFG_STCE = 1L << 63;

    /** Registers x0..x31, plus the sink at index 32 that absorbs writes to x0. */
    public final long[] x = new long[33];
    public long pc;
    public int priv = M;
    public final int hartId;
    public final String vm;

    /** Instructions retired since power-on; never written by the guest (traces use it). */
    public long retired;
    /** Cycles spent idle in WFI; cycles = retired + idle. */
    public long idle;
    /** Traps taken since power-on, by cause code (causes above 15 are not counted). */
    public final long[] exceptionsTaken = new long[16], interruptsTaken = new long[16];
    /** Every trap taken, exceptions and interrupts alike. */
    public long trapsTaken;

    public long mstatus = UXL_SXL, medeleg, mideleg, mie, mtvec, stvec, mscratch, sscratch, mepc, sepc, mcause,
        scause, mtval, stval, satp, mcounteren, scounteren, menvcfg, senvcfg;
    public long stimecmp = -1;
    /** Software-writable pending bits (SSIP, STIP, SEIP) and the lines driven by devices. */
    private long mipSoft, mipLines;
    private long instretDelta, cycleDelta;
    /** LR/SC reservation: a physical address, or -1. */
    public long reservation = -1;

    public final Pmp pmp = new Pmp();
    public Tracer tracer = Tracer.off();
    private Listener listener = Listener.NONE;

    /** What the rest of the machine needs to hear from the hart. */
    public interface Listener {
        /** Translation-relevant state changed (satp, privilege, MPRV/SUM/MXR, PMP). */
        void translationChanged(boolean flushTlb);

        /** Something may have made an interrupt pending or enabled; check before the next instruction. */
        void interruptsChanged();

        /** mtime, as the guest sees it. */
        long mtime();

        /** A trap was just taken (the pc is at the handler); a debugger may stop here. */
        default void trapTaken(boolean interrupt, int cause) {}

        Listener NONE = new Listener() {
            public void translationChanged(boolean flushTlb) {}
            public void interruptsChanged() {}
            public long mtime() { return 0; }
        };
    }

    public Hart(String vm, int hartId) {
        this.vm = vm;
        this.hartId = hartId;
    }

    public void setListener(Listener l) { this.listener = l; }

    /** Power-on state (privileged spec §3.4): M-mode, MIE=0, MPRV=0, reservation cleared. */
    public void reset(long entry) {
        java.util.Arrays.fill(x, 0);
        pc = entry;
        priv = M;
        mstatus = UXL_SXL;
        medeleg = mideleg = mie = mtvec = stvec = mscratch = sscratch = mepc = sepc = mcause = scause = 0;
        mtval = stval = satp = mcounteren = scounteren = menvcfg = senvcfg = 0;
        stimecmp = -1;
        mipSoft = 0;
        reservation = -1;
        pmp.reset();
        listener.translationChanged(true);
        listener.interruptsChanged();
    }

    // ---------------------------------------------------------------- interrupts

    @Override
    public void setPending(int bit, boolean level) {
        long m = 1L << bit;
        long before = mipLines;
        mipLines = level ? mipLines | m : mipLines & ~m;
        if (before != mipLines) listener.interruptsChanged();
    }

    /** The value of mip: device lines, software bits, and Sstc's timer comparison. */
    public long mip() {
        long v = mipSoft | mipLines;
        if ((menvcfg & MENVCFG_STCE) != 0) {
            v = (v & ~STIP) | (Long.compareUnsigned(listener.mtime(), stimecmp) >= 0 ? STIP : 0);
        }
        return v;
    }

    /**
     * The interrupt to take now, or -1: pending and enabled bits, M-level before S-level, each
     * level enabled when running below it or at it with its xIE set (privileged spec §3.1.9).
     */
    public int pendingInterrupt() {
        long pending = mip() & mie;
        if (pending == 0) return -1;
        // M-level (not delegated): enabled below M, or in M with mstatus.MIE.
        long m = pending & ~mideleg;
        if (m != 0 && (priv < M || (mstatus & MIE) != 0)) return highestPriority(m);
        // S-level (delegated): enabled below S, or in S with sstatus.SIE; never in M.
        long s = pending & mideleg;
        if (s != 0 && (priv < S || (priv == S && (mstatus & SIE) != 0))) return highestPriority(s);
        return -1;
    }

    private static int highestPriority(long bits) {
        for (int code : PRIORITY) if ((bits & (1L << code)) != 0) return code;
        return -1;
    }

    /** True when WFI may complete: some interrupt is pending and enabled in mie, globally enabled or not. */
    public boolean wfiWake() { return (mip() & mie) != 0; }

    // ---------------------------------------------------------------- traps

    /** Takes a trap at {@code epc}: exception {@code cause} or, when {@code interrupt}, interrupt {@code cause}. */
    public void trap(boolean interrupt, int cause, long tval, long epc) {
        int from = priv;
        long[] taken = interrupt ? interruptsTaken : exceptionsTaken;
        if (cause >= 0 && cause < taken.length) taken[cause]++;
        trapsTaken++;
        boolean toS = priv <= S && (((interrupt ? mideleg : medeleg) >>> cause) & 1) != 0;
        long mcauseValue = (interrupt ? 1L << 63 : 0) | cause;
        if (toS) {
            scause = mcauseValue;
            sepc = epc;
            stval = tval;
            long spie = (mstatus & SIE) != 0 ? SPIE : 0;
            mstatus = (mstatus & ~(SPIE | SIE | SPP)) | spie | (priv == S ? SPP : 0);
            priv = S;
            pc = vector(stvec, interrupt, cause);
        } else {
            mcause = mcauseValue;
            mepc = epc;
            mtval = tval;
            long mpie = (mstatus & MIE) != 0 ? MPIE : 0;
            mstatus = (mstatus & ~(MPIE | MIE | MPP)) | mpie | ((long) priv << 11);
            priv = M;
            pc = vector(mtvec, interrupt, cause);
        }
        reservation = -1;
        Tracer t = tracer;
        if (interrupt ? t.irq : t.trap) {
            t.emit(new TraceEvent.Trap(vm, hartId, retired, interrupt, cause, Cause.name(interrupt, cause), epc, tval,
                TraceEvent.Privilege.of(from), TraceEvent.Privilege.of(priv), toS));
        }
        listener.translationChanged(false);
        listener.interruptsChanged();
        listener.trapTaken(interrupt, cause);
    }

    private static long vector(long tvec, boolean interrupt, int cause) {
        long base = tvec & ~3L;
        return interrupt && (tvec & 3) == 1 ? base + 4L * cause : base;
    }

    /** mret (privileged spec §3.3.2); the caller has checked priv == M. */
    public void mret() {
        int mpp = (int) ((mstatus & MPP) >>> 11);
        long mie = (mstatus & MPIE) != 0 ? MIE : 0;
        mstatus = (mstatus & ~(MIE | MPP)) | mie | MPIE;
        if (mpp != M) mstatus &= ~MPRV;
        priv = mpp;
        pc = mepc;
        listener.translationChanged(false);
        listener.interruptsChanged();
    }

    /** sret; the caller has checked privilege and TSR. */
    public void sret() {
        int spp = (mstatus & SPP) != 0 ? S : U;
        long sie = (mstatus & SPIE) != 0 ? SIE : 0;
        mstatus = (mstatus & ~(SIE | SPP | MPRV)) | sie | SPIE;
        priv = spp;
        pc = sepc;
        listener.translationChanged(false);
        listener.interruptsChanged();
    }

    // ---------------------------------------------------------------- CSRs

    /** Raised by CSR access checks; the engine turns it into an illegal-instruction trap with the instruction bits. */
    public static final class IllegalInstruction extends RuntimeException {
        public static final IllegalInstruction INSTANCE = new IllegalInstruction();

        private IllegalInstruction() { super(null, null, false, false); }
    }

    private static RuntimeException illegal() { return IllegalInstruction.INSTANCE; }

    public long cycles() { return retired + idle; }

    public long minstret() { return retired + instretDelta; }

    public long mcycle() { return cycles() + cycleDelta; }

    /**
     * Checks that the current privilege may access {@code csr} (and write it, when {@code write}):
     * the privilege encoded in the number, read-only numbers, TVM for satp, counter enables,
     * STCE for stimecmp. Throws {@link IllegalInstruction} otherwise.
     */
    public void checkAccess(int csr, boolean write) {
        if (priv < ((csr >>> 8) & 3)) throw illegal();
        if (write && (csr >>> 10) == 3) throw illegal();
        if (csr == Csr.SATP && priv == S && (mstatus & TVM) != 0) throw illegal();
        if (csr >= Csr.CYCLE && csr < Csr.CYCLE + 32) {
            long bit = 1L << (csr - Csr.CYCLE);
            if (priv < M && (mcounteren & bit) == 0) throw illegal();
            if (priv == U && (scounteren & bit) == 0) throw illegal();
        }
        if (csr == Csr.STIMECMP && priv == S && ((menvcfg & MENVCFG_STCE) == 0 || (mcounteren & 2) == 0)) {
            throw illegal();
        }
    }

    /** Reads a CSR (access already checked). Unknown numbers are illegal. */
    public long readCsr(int csr) {
        switch (csr) {
            case Csr.SSTATUS: return mstatus & SSTATUS_MASK;
            case Csr.SIE: return mie & mideleg;
            case Csr.STVEC: return stvec;
            case Csr.SCOUNTEREN: return scounteren;
            case Csr.SENVCFG: return senvcfg;
            case Csr.SSCRATCH: return sscratch;
            case Csr.SEPC: return sepc;
            case Csr.SCAUSE: return scause;
            case Csr.STVAL: return stval;
            case Csr.SIP: return mip() & mideleg;
            case Csr.STIMECMP:
                if ((menvcfg & MENVCFG_STCE) == 0) throw illegal();
                return stimecmp;
            case Csr.SATP: return satp;
            case Csr.MVENDORID: case Csr.MARCHID: case Csr.MIMPID: case Csr.MCONFIGPTR: return 0;
            case Csr.MHARTID: return hartId;
            case Csr.MSTATUS: return mstatus;
            case Csr.MISA: return MISA;
            case Csr.MEDELEG: return medeleg;
            case Csr.MIDELEG: return mideleg;
            case Csr.MIE: return mie;
            case Csr.MTVEC: return mtvec;
            case Csr.MCOUNTEREN: return mcounteren;
            case Csr.MENVCFG: return menvcfg;
            case Csr.MCOUNTINHIBIT: return 0;
            case Csr.MSCRATCH: return mscratch;
            case Csr.MEPC: return mepc;
            case Csr.MCAUSE: return mcause;
            case Csr.MTVAL: return mtval;
            case Csr.MIP: return mip();
            case Csr.MCYCLE: case Csr.CYCLE: return mcycle();
            case Csr.MINSTRET: case Csr.INSTRET: return minstret();
            case Csr.TIME: return listener.mtime();
            // Sdtrig with no triggers: tselect is hard-wired to 0 and trigger 0 has type 0
            // ("no trigger here"), which is how software probes find there are none.
            case Csr.TSELECT: case Csr.TDATA1: case Csr.TDATA2: case Csr.TDATA3: return 0;
            case Csr.TINFO: return 1; // only type 0 is supported
            default:
                if (csr == Csr.PMPCFG0 || csr == Csr.PMPCFG0 + 2) return pmp.readCfg(csr - Csr.PMPCFG0);
                if (csr >= Csr.PMPADDR0 && csr < Csr.PMPADDR0 + Csr.PMP_ENTRIES) return pmp.readAddr(csr - Csr.PMPADDR0);
                if (isHpm(csr)) return 0;
                throw illegal();
        }
    }

    private static boolean isHpm(int csr) {
        return (csr >= Csr.MHPMCOUNTER3 && csr <= 0xB1F) || (csr >= Csr.MHPMEVENT3 && csr <= 0x33F)
            || (csr >= Csr.HPMCOUNTER3 && csr <= 0xC1F);
    }

    /** Writes a CSR (access already checked), applying its WARL rules. Returns nothing; traces the change. */
    public void writeCsr(int csr, long v) {
        long before = csrTraceValue(csr);
        write(csr, v);
        Tracer t = tracer;
        if (t.csr) {
            t.emit(new TraceEvent.CsrWrite(vm, hartId, retired, pc, csr, Csr.name(csr), before, csrTraceValue(csr)));
        }
    }

    private long csrTraceValue(int csr) {
        if (!tracer.csr) return 0;
        try {
            return readCsr(csr);
        } catch (IllegalInstruction e) {
            return 0;
        }
    }

    private void write(int csr, long v) {
        switch (csr) {
            case Csr.SSTATUS -> setMstatus((mstatus & ~SSTATUS_WRITABLE) | (v & SSTATUS_WRITABLE));
            case Csr.SIE -> { mie = (mie & ~mideleg) | (v & mideleg); listener.interruptsChanged(); }
            case Csr.STVEC -> stvec = legalTvec(stvec, v);
            case Csr.SCOUNTEREN -> scounteren = v & 0xffffffffL;
            case Csr.SENVCFG -> senvcfg = v & MENVCFG_FIOM;
            case Csr.SSCRATCH -> sscratch = v;
            case Csr.SEPC -> sepc = v & ~1L;
            case Csr.SCAUSE -> scause = v;
            case Csr.STVAL -> stval = v;
            case Csr.SIP -> { mipSoft = (mipSoft & ~(SSIP & mideleg)) | (v & SSIP & mideleg); listener.interruptsChanged(); }
            case Csr.STIMECMP -> { stimecmp = v; listener.interruptsChanged(); }
            case Csr.SATP -> {
                long mode = v >>> 60;
                if (mode != 0 && mode != 8 && mode != 9) return; // unsupported MODE: the whole write has no effect
                satp = v & ((0xfL << 60) | (0xffffL << 44) | ((1L << 44) - 1));
                listener.translationChanged(true);
            }
            case Csr.MSTATUS -> setMstatus((mstatus & ~MSTATUS_WRITABLE) | (v & MSTATUS_WRITABLE));
            case Csr.MISA, Csr.MCOUNTINHIBIT, Csr.TSELECT, Csr.TDATA1, Csr.TDATA2, Csr.TDATA3, Csr.TINFO -> { } // fixed here (WARL)
            case Csr.MEDELEG -> medeleg = v & MEDELEG_WRITABLE;
            case Csr.MIDELEG -> { mideleg = v & S_INTERRUPTS; listener.interruptsChanged(); }
            case Csr.MIE -> { mie = v & ALL_INTERRUPTS; listener.interruptsChanged(); }
            case Csr.MTVEC -> mtvec = legalTvec(mtvec, v);
            case Csr.MCOUNTEREN -> mcounteren = v & 0xffffffffL;
            case Csr.MENVCFG -> { menvcfg = v & (MENVCFG_FIOM | MENVCFG_STCE); listener.interruptsChanged(); }
            case Csr.MSCRATCH -> mscratch = v;
            case Csr.MEPC -> mepc = v & ~1L;
            case Csr.MCAUSE -> mcause = v;
            case Csr.MTVAL -> mtval = v;
            case Csr.MIP -> {
                long writable = SSIP | SEIP | ((menvcfg & MENVCFG_STCE) != 0 ? 0 : STIP);
                mipSoft = (mipSoft & ~writable) | (v & writable);
                listener.interruptsChanged();
            }
            // A counter written by an instruction holds the value written once that instruction
            // retires, so account for the increment its retirement is about to add.
            case Csr.MCYCLE -> cycleDelta = v - cycles() - 1;
            case Csr.MINSTRET -> instretDelta = v - retired - 1;
            default -> {
                if (csr == Csr.PMPCFG0 || csr == Csr.PMPCFG0 + 2) {
                    pmp.writeCfg(csr - Csr.PMPCFG0, v);
                    listener.translationChanged(true);
                } else if (csr >= Csr.PMPADDR0 && csr < Csr.PMPADDR0 + Csr.PMP_ENTRIES) {
                    pmp.writeAddr(csr - Csr.PMPADDR0, v);
                    listener.translationChanged(true);
                } else if (!isHpm(csr)) {
                    throw illegal();
                }
            }
        }
    }

    private void setMstatus(long v) {
        long mpp = (v & MPP) >>> 11;
        if (mpp == 2) v = (v & ~MPP) | (mstatus & MPP); // MPP is WARL over {U, S, M}
        long changed = mstatus ^ v;
        mstatus = v;
        if ((changed & (MPRV | MPP | SUM | MXR)) != 0) listener.translationChanged((changed & (SUM | MXR)) != 0);
        if ((changed & (MIE | SIE)) != 0) listener.interruptsChanged();
    }

    private static long legalTvec(long old, long v) {
        return (v & 3) >= 2 ? old : v; // reserved MODE values: keep the old value
    }

    /** The privilege that loads and stores use: MPP when M-mode has MPRV set. */
    public int dataPriv() {
        return priv == M && (mstatus & MPRV) != 0 ? (int) ((mstatus & MPP) >>> 11) : priv;
    }
}
