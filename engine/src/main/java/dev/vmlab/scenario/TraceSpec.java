package dev.vmlab.scenario;

import dev.vmlab.trace.TraceEvent;
import dev.vmlab.trace.TraceKind;
import dev.vmlab.trace.TraceSink;
import dev.vmlab.trace.Tracer;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a scenario asks to trace and where the trace goes: the same choices as
 * {@code vmlab run --trace ...}.
 *
 * @param kinds      the kinds of event; empty for no trace
 * @param format     {@code text} or {@code jsonl}
 * @param file       where to write it, or null for the terminal (standard error)
 * @param limit      at most this many events; 0 = no limit
 * @param pcFrom     instruction events only for {@code pcFrom <= pc < pcTo} (unsigned)
 * @param pcTo       see {@code pcFrom}; -1 is the top of the address space
 * @param windowFrom only events at instruction counts {@code windowFrom <= n < windowTo}
 * @param windowTo   see {@code windowFrom}
 */
public record TraceSpec(Set<TraceKind> kinds, String format, Path file, long limit, long pcFrom, long pcTo,
                        long windowFrom, long windowTo) {
    public static final TraceSpec NONE =
        new TraceSpec(EnumSet.noneOf(TraceKind.class), "text", null, 0, 0, -1, 0, Long.MAX_VALUE);

    public TraceSpec {
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
    }

    public boolean enabled() { return !kinds.isEmpty(); }

    /** A tracer with these filters feeding {@code sink}. */
    public Tracer tracer(TraceSink sink) {
        return Tracer.to(sink).kinds(kinds).pcRange(pcFrom, pcTo).window(windowFrom, windowTo).limit(limit).build();
    }

    /** True when {@code e} passes these filters (for a sink that shares a tracer with others). */
    boolean selects(TraceEvent e) {
        if (!kinds.contains(e.kind())) return false;
        if (e.instret() < windowFrom || e.instret() >= windowTo) return false;
        return !(e instanceof TraceEvent.Insn i)
            || Long.compareUnsigned(i.pc(), pcFrom) >= 0 && Long.compareUnsigned(i.pc(), pcTo) < 0;
    }
}
