package dev.vmlab.trace;

import java.util.EnumSet;
import java.util.Set;

/**
 * The hart's view of tracing: public boolean flags the hot path reads (so tracing off costs
 * one field read per site) and a filter applied before events reach the sink.
 *
 * <p>Filters: the kinds asked for; a pc range {@code [pcLo, pcHi)} that limits instruction
 * events; a window of instruction counts; a maximum number of events, after which the
 * tracer switches itself off.
 */
public final class Tracer {
    public boolean insn, trap, irq, csr, pagewalk, tlb, mmio;

    private final TraceSink sink;
    private final long pcLo, pcHi, fromInstret, toInstret;
    private long remaining;
    private long emitted;

    private Tracer(TraceSink sink, Set<TraceKind> kinds, long pcLo, long pcHi, long fromInstret,
                   long toInstret, long limit) {
        this.sink = sink;
        this.pcLo = pcLo;
        this.pcHi = pcHi;
        this.fromInstret = fromInstret;
        this.toInstret = toInstret;
        this.remaining = limit <= 0 ? Long.MAX_VALUE : limit;
        insn = kinds.contains(TraceKind.INSN);
        trap = kinds.contains(TraceKind.TRAP);
        irq = kinds.contains(TraceKind.IRQ);
        csr = kinds.contains(TraceKind.CSR);
        pagewalk = kinds.contains(TraceKind.PAGEWALK);
        tlb = kinds.contains(TraceKind.TLB);
        mmio = kinds.contains(TraceKind.MMIO);
    }

    /** A tracer that traces nothing. */
    public static Tracer off() {
        return new Tracer(e -> {}, EnumSet.noneOf(TraceKind.class), 0, -1, 0, Long.MAX_VALUE, 0);
    }

    public static Builder to(TraceSink sink) { return new Builder(sink); }

    public boolean any() { return insn || trap || irq || csr || pagewalk || tlb || mmio; }

    /** True when an instruction at {@code pc} passes the pc filter. */
    public boolean pcSelected(long pc) {
        return Long.compareUnsigned(pc, pcLo) >= 0 && Long.compareUnsigned(pc, pcHi) < 0;
    }

    public long emitted() { return emitted; }

    public void emit(TraceEvent e) {
        if (remaining <= 0) return;
        long n = e.instret();
        if (n < fromInstret || n >= toInstret) return;
        if (e instanceof TraceEvent.Insn i && !pcSelected(i.pc())) return;
        sink.accept(e);
        emitted++;
        if (--remaining == 0) {
            insn = trap = irq = csr = pagewalk = tlb = mmio = false;
        }
    }

    public void close() { sink.close(); }

    public static final class Builder {
        private final TraceSink sink;
        private Set<TraceKind> kinds = EnumSet.noneOf(TraceKind.class);
        private long pcLo = 0, pcHi = -1, from = 0, to = Long.MAX_VALUE, limit = 0;

        private Builder(TraceSink sink) { this.sink = sink; }

        public Builder kinds(Set<TraceKind> k) { kinds = EnumSet.copyOf(k.isEmpty() ? EnumSet.noneOf(TraceKind.class) : k); return this; }

        /** Instruction events only for {@code lo <= pc < hi} (unsigned). */
        public Builder pcRange(long lo, long hi) { pcLo = lo; pcHi = hi; return this; }

        public Builder window(long fromInstret, long toInstret) { from = fromInstret; to = toInstret; return this; }

        /** At most {@code n} events (0 = unlimited). */
        public Builder limit(long n) { limit = n; return this; }

        public Tracer build() { return new Tracer(sink, kinds, pcLo, pcHi, from, to, limit); }
    }
}
