package dev.vmlab.scenario;

import dev.vmlab.trace.TraceEvent;
import dev.vmlab.trace.TraceKind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of trace events that an event expectation can match, named and typed exactly as
 * in the JSON Lines trace format (docs/trace-format.md), so that a student can copy a line of a
 * {@code jsonl} trace into a scenario. A test keeps these tables equal to what
 * {@code JsonlTraceSink} writes.
 *
 * <p>Values are normalised for comparison: hex strings and numbers become {@code Long},
 * named choices lower-case {@code String}s, flags {@code Boolean}.
 */
public final class EventFields {
    private EventFields() {}

    /** How a pattern value is written and compared. */
    public enum Type {
        /** An address or 64-bit value: a number or a {@code "0x..."} string. */
        HEX,
        /** A count, level or size: a number. */
        NUMBER,
        /** Free text, compared exactly. */
        TEXT,
        BOOLEAN,
        /** A privilege mode: {@code m}, {@code s} or {@code u}. */
        PRIV,
        /** One of a few lower-case words (given by {@link #choices}). */
        CHOICE,
        /** A cause code, or its id from {@code Cause.id} ({@code illegal_instruction}). */
        CAUSE,
        /** A CSR number, or its name ({@code satp}). */
        CSR
    }

    private static final Map<String, Type> COMMON = fields("vm", Type.TEXT, "hart", Type.NUMBER, "instret", Type.NUMBER);

    private static final Map<String, Map<String, Type>> BY_KIND = new LinkedHashMap<>();

    static {
        Map<String, Type> trap = fields("interrupt", Type.BOOLEAN, "cause", Type.CAUSE, "cause_name", Type.TEXT,
            "epc", Type.HEX, "tval", Type.HEX, "from", Type.PRIV, "to", Type.PRIV, "delegated", Type.BOOLEAN);
        BY_KIND.put("insn", fields("pc", Type.HEX, "raw", Type.HEX, "length", Type.NUMBER, "priv", Type.PRIV,
            "text", Type.TEXT, "symbol", Type.TEXT));
        BY_KIND.put("trap", trap);
        BY_KIND.put("irq", trap);
        BY_KIND.put("csr", fields("pc", Type.HEX, "csr", Type.CSR, "name", Type.TEXT, "before", Type.HEX,
            "after", Type.HEX));
        // The three shapes of page-walk event share a kind; a field one shape lacks never matches it.
        BY_KIND.put("pagewalk", fields("event", Type.CHOICE, "va", Type.HEX, "mode", Type.TEXT, "level", Type.NUMBER,
            "pte_address", Type.HEX, "pte", Type.HEX, "flags", Type.TEXT, "access", Type.CHOICE, "pa", Type.HEX,
            "page_size", Type.NUMBER, "reason", Type.TEXT));
        BY_KIND.put("tlb", fields("op", Type.CHOICE, "va", Type.HEX, "pa", Type.HEX, "detail", Type.TEXT));
        BY_KIND.put("mmio", fields("pc", Type.HEX, "device", Type.TEXT, "address", Type.HEX, "offset", Type.HEX,
            "size", Type.NUMBER, "write", Type.BOOLEAN, "value", Type.HEX));
    }

    private static Map<String, Type> fields(Object... nameType) {
        Map<String, Type> m = new LinkedHashMap<>();
        for (int i = 0; i < nameType.length; i += 2) m.put((String) nameType[i], (Type) nameType[i + 1]);
        return m;
    }

    /** The event kinds a pattern may name: the trace kinds' labels. */
    public static List<String> kinds() { return List.copyOf(BY_KIND.keySet()); }

    /** Every field a pattern of {@code kind} may match, with its type: the common ones first. */
    public static Map<String, Type> fieldsOf(String kind) {
        Map<String, Type> own = BY_KIND.get(kind);
        if (own == null) throw new IllegalArgumentException("unknown event kind " + kind);
        Map<String, Type> all = new LinkedHashMap<>(COMMON);
        all.putAll(own);
        return all;
    }

    /** The words a {@link Type#CHOICE} field takes. */
    public static List<String> choices(String field) {
        return switch (field) {
            case "event" -> List.of("step", "done", "fault");
            case "access" -> List.of("fetch", "load", "store");
            case "op" -> List.of("hit", "miss", "flush");
            default -> throw new IllegalArgumentException("not a choice field: " + field);
        };
    }

    /** The trace kind a pattern of {@code kind} needs switched on. */
    static TraceKind traceKind(String kind) {
        return TraceKind.valueOf(kind.toUpperCase(Locale.ROOT));
    }

    /** The event's fields, normalised (see the class comment); fields with no value are left out. */
    public static Map<String, Object> of(TraceEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", e.kind().label());
        m.put("vm", e.vm());
        m.put("hart", (long) e.hart());
        m.put("instret", e.instret());
        if (e instanceof TraceEvent.Insn i) {
            m.put("pc", i.pc());
            m.put("raw", i.length() == 2 ? i.raw() & 0xffffL : i.raw() & 0xffff_ffffL);
            m.put("length", (long) i.length());
            m.put("priv", lower(i.priv()));
            m.put("text", i.text());
            put(m, "symbol", i.symbol());
        } else if (e instanceof TraceEvent.Trap t) {
            m.put("interrupt", t.interrupt());
            m.put("cause", t.cause() & Long.MAX_VALUE);
            put(m, "cause_name", t.causeName());
            m.put("epc", t.epc());
            m.put("tval", t.tval());
            m.put("from", lower(t.from()));
            m.put("to", lower(t.to()));
            m.put("delegated", t.delegated());
        } else if (e instanceof TraceEvent.CsrWrite c) {
            m.put("pc", c.pc());
            m.put("csr", (long) (c.csr() & 0xfff));
            put(m, "name", c.name());
            m.put("before", c.before());
            m.put("after", c.after());
        } else if (e instanceof TraceEvent.WalkStep s) {
            m.put("event", "step");
            m.put("va", s.va());
            m.put("mode", s.mode());
            m.put("level", (long) s.level());
            m.put("pte_address", s.pteAddress());
            m.put("pte", s.pte());
            m.put("flags", s.flags());
        } else if (e instanceof TraceEvent.WalkDone d) {
            m.put("event", "done");
            m.put("va", d.va());
            m.put("access", lower(d.access()));
            m.put("pa", d.pa());
            m.put("page_size", d.pageSize());
        } else if (e instanceof TraceEvent.WalkFault f) {
            m.put("event", "fault");
            m.put("va", f.va());
            m.put("access", lower(f.access()));
            m.put("reason", f.reason());
        } else if (e instanceof TraceEvent.Tlb t) {
            m.put("op", lower(t.op()));
            m.put("va", t.va());
            if (t.op() == TraceEvent.TlbOp.HIT) m.put("pa", t.pa());
            put(m, "detail", t.detail());
        } else if (e instanceof TraceEvent.Mmio io) {
            m.put("pc", io.pc());
            put(m, "device", io.device());
            m.put("address", io.address());
            m.put("offset", io.offset());
            m.put("size", (long) io.size());
            m.put("write", io.write());
            m.put("value", io.size() >= 1 && io.size() < 8 ? io.value() & ((1L << (io.size() * 8)) - 1) : io.value());
        }
        return m;
    }

    private static void put(Map<String, Object> m, String key, String value) {
        // The JSON Lines format writes blank text as null; a null never matches a pattern.
        if (value != null && !value.isBlank()) m.put(key, value);
    }

    private static String lower(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT);
    }
}
