package dev.vmlab.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;

/**
 * Writes trace events as JSON Lines: one JSON object per line, schema version
 * {@value #SCHEMA_VERSION}, described field by field in docs/trace-format.md.
 *
 * <p>Every line starts with {@code v}, {@code kind} (plus {@code event} for page walks),
 * {@code vm}, {@code hart} and {@code instret}, then the event's own fields in snake_case.
 * Addresses, register and PTE values and raw encodings are hex strings, because JavaScript
 * and other readers that parse numbers as doubles would silently round 64-bit values; counts,
 * levels, sizes and cause codes are numbers; enums are lower-case strings. Each line carries
 * the version so a trace cut from the middle of a file still says how to read it.
 *
 * <p>Events are written with Jackson's streaming generator field by field: no reflection, no
 * intermediate tree. Output is buffered; the sink is safe to share between harts on
 * different threads.
 */
public final class JsonlTraceSink extends StreamingSink {
    /** Bumped when a field is renamed or removed; adding a field keeps the version. */
    public static final int SCHEMA_VERSION = 1;

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final JsonGenerator gen;
    /** Scratch space for hex strings, so a field costs no String allocation. */
    private final char[] hex = new char[18];

    /** A sink writing to {@code out}, which it owns: {@link #close()} closes it. */
    public JsonlTraceSink(Writer out) {
        this(create(() -> FACTORY.createGenerator(out)), true);
    }

    /**
     * A sink writing UTF-8 (as JSON requires) to a stream it borrows, typically
     * {@code System.out}: {@link #close()} flushes the stream but leaves it open.
     */
    public JsonlTraceSink(PrintStream out) {
        this(create(() -> FACTORY.createGenerator(out, JsonEncoding.UTF8)), false);
    }

    private JsonlTraceSink(JsonGenerator gen, boolean ownsTarget) {
        this.gen = gen;
        gen.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, ownsTarget);
        // A line ends each object instead of Jackson's default space between root values.
        gen.setRootValueSeparator(null);
    }

    private interface GeneratorMaker {
        JsonGenerator make() throws IOException;
    }

    private static JsonGenerator create(GeneratorMaker maker) {
        try {
            return maker.make();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trace: " + e.getMessage(), e);
        }
    }

    @Override
    protected void flushOutput() throws IOException {
        gen.flush();
    }

    @Override
    protected void closeOutput() throws IOException {
        gen.close();
    }

    /**
     * The value of the {@code event} field for page-walk events ({@code step}, {@code done},
     * {@code fault}), or null for kinds that have none.
     */
    public static String walkEvent(TraceEvent e) {
        if (e instanceof TraceEvent.WalkStep) return "step";
        if (e instanceof TraceEvent.WalkDone) return "done";
        if (e instanceof TraceEvent.WalkFault) return "fault";
        return null;
    }

    @Override
    protected void write(TraceEvent e) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField("v", SCHEMA_VERSION);
        gen.writeStringField("kind", e.kind().label());
        String walkEvent = walkEvent(e);
        if (walkEvent != null) gen.writeStringField("event", walkEvent);
        gen.writeStringField("vm", e.vm());
        gen.writeNumberField("hart", e.hart());
        gen.writeNumberField("instret", e.instret());
        if (e instanceof TraceEvent.Insn i) insn(i);
        else if (e instanceof TraceEvent.Trap t) trap(t);
        else if (e instanceof TraceEvent.CsrWrite c) csr(c);
        else if (e instanceof TraceEvent.WalkStep s) walkStep(s);
        else if (e instanceof TraceEvent.WalkDone d) walkDone(d);
        else if (e instanceof TraceEvent.WalkFault f) walkFault(f);
        else if (e instanceof TraceEvent.Tlb t) tlb(t);
        else if (e instanceof TraceEvent.Mmio m) mmio(m);
        gen.writeEndObject();
        gen.writeRaw('\n');
    }

    private void insn(TraceEvent.Insn i) throws IOException {
        hex("pc", i.pc(), 16);
        // The encoding as it sits in memory: four digits for a compressed instruction.
        if (i.length() == 2) hex("raw", i.raw() & 0xffff, 4);
        else hex("raw", i.raw() & 0xffffffffL, 8);
        gen.writeNumberField("length", i.length());
        gen.writeStringField("priv", lower(i.priv()));
        gen.writeStringField("text", i.text());
        gen.writeStringField("symbol", blankToNull(i.symbol()));
    }

    private void trap(TraceEvent.Trap t) throws IOException {
        gen.writeBooleanField("interrupt", t.interrupt());
        gen.writeNumberField("cause", TextTraceSink.causeCode(t.cause()));
        gen.writeStringField("cause_name", t.causeName());
        hex("epc", t.epc(), 16);
        hex("tval", t.tval(), 16);
        gen.writeStringField("from", lower(t.from()));
        gen.writeStringField("to", lower(t.to()));
        gen.writeBooleanField("delegated", t.delegated());
    }

    private void csr(TraceEvent.CsrWrite c) throws IOException {
        hex("pc", c.pc(), 16);
        hex("csr", c.csr() & 0xfff, 3);
        gen.writeStringField("name", blankToNull(c.name()));
        hex("before", c.before(), 16);
        hex("after", c.after(), 16);
    }

    private void walkStep(TraceEvent.WalkStep s) throws IOException {
        hex("va", s.va(), 16);
        gen.writeStringField("mode", s.mode());
        gen.writeNumberField("level", s.level());
        hex("pte_address", s.pteAddress(), 16);
        hex("pte", s.pte(), 16);
        gen.writeStringField("flags", s.flags());
    }

    private void walkDone(TraceEvent.WalkDone d) throws IOException {
        hex("va", d.va(), 16);
        gen.writeStringField("access", lower(d.access()));
        hex("pa", d.pa(), 16);
        gen.writeNumberField("page_size", d.pageSize());
    }

    private void walkFault(TraceEvent.WalkFault f) throws IOException {
        hex("va", f.va(), 16);
        gen.writeStringField("access", lower(f.access()));
        gen.writeStringField("reason", f.reason());
    }

    private void tlb(TraceEvent.Tlb t) throws IOException {
        gen.writeStringField("op", lower(t.op()));
        hex("va", t.va(), 16);
        // Only a hit has a physical address; a zero on a miss or flush would read as a frame.
        if (t.op() == TraceEvent.TlbOp.HIT) hex("pa", t.pa(), 16);
        else gen.writeNullField("pa");
        gen.writeStringField("detail", blankToNull(t.detail()));
    }

    private void mmio(TraceEvent.Mmio m) throws IOException {
        hex("pc", m.pc(), 16);
        gen.writeStringField("device", blankToNull(m.device()));
        hex("address", m.address(), 16);
        int n = Hex.write(hex, m.offset(), Hex.digitsNeeded(m.offset()));
        gen.writeFieldName("offset");
        gen.writeString(hex, 0, n);
        gen.writeNumberField("size", m.size());
        gen.writeBooleanField("write", m.write());
        hex("value", Hex.maskToSize(m.value(), m.size()), Hex.digitsForSize(m.size()));
    }

    private void hex(String field, long value, int digits) throws IOException {
        gen.writeFieldName(field);
        gen.writeString(hex, 0, Hex.write(hex, value, digits));
    }

    private static String lower(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
