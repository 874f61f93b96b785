package dev.vmlab.trace;

import static dev.vmlab.trace.TraceSamples.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmlab.trace.TraceEvent.Privilege;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Reads JSON Lines back with an ObjectMapper and checks them against schema version 1, written
 * out here independently of the sink: field names, order, and JSON types for every shape.
 */
class JsonlTraceSinkTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    enum Type { HEX, STRING, NUMBER, BOOLEAN, STRING_OR_NULL, HEX_OR_NULL }

    /** Schema version 1 as docs/trace-format.md states it, common fields first. */
    static final Map<String, Map<String, Type>> SCHEMA = new LinkedHashMap<>();

    static {
        define("insn", "pc", Type.HEX, "raw", Type.HEX, "length", Type.NUMBER, "priv", Type.STRING,
                "text", Type.STRING, "symbol", Type.STRING_OR_NULL);
        Object[] trap = {"interrupt", Type.BOOLEAN, "cause", Type.NUMBER, "cause_name", Type.STRING,
                "epc", Type.HEX, "tval", Type.HEX, "from", Type.STRING, "to", Type.STRING,
                "delegated", Type.BOOLEAN};
        define("trap", trap);
        define("irq", trap);
        define("csr", "pc", Type.HEX, "csr", Type.HEX, "name", Type.STRING_OR_NULL, "before", Type.HEX,
                "after", Type.HEX);
        define("pagewalk/step", "va", Type.HEX, "mode", Type.STRING, "level", Type.NUMBER,
                "pte_address", Type.HEX, "pte", Type.HEX, "flags", Type.STRING);
        define("pagewalk/done", "va", Type.HEX, "access", Type.STRING, "pa", Type.HEX, "page_size", Type.NUMBER);
        define("pagewalk/fault", "va", Type.HEX, "access", Type.STRING, "reason", Type.STRING);
        define("tlb", "op", Type.STRING, "va", Type.HEX, "pa", Type.HEX_OR_NULL, "detail", Type.STRING_OR_NULL);
        define("mmio", "pc", Type.HEX, "device", Type.STRING_OR_NULL, "address", Type.HEX, "offset", Type.HEX,
                "size", Type.NUMBER, "write", Type.BOOLEAN, "value", Type.HEX);
    }

    private static void define(String name, Object... fieldsAndTypes) {
        Map<String, Type> fields = new LinkedHashMap<>();
        fields.put("v", Type.NUMBER);
        fields.put("kind", Type.STRING);
        if (name.startsWith("pagewalk/")) fields.put("event", Type.STRING);
        fields.put("vm", Type.STRING);
        fields.put("hart", Type.NUMBER);
        fields.put("instret", Type.NUMBER);
        for (int k = 0; k < fieldsAndTypes.length; k += 2) {
            fields.put((String) fieldsAndTypes[k], (Type) fieldsAndTypes[k + 1]);
        }
        SCHEMA.put(name, fields);
    }

    static String json(TraceEvent... events) {
        StringWriter w = new StringWriter();
        try (JsonlTraceSink sink = new JsonlTraceSink(w)) {
            for (TraceEvent e : events) sink.accept(e);
        }
        return w.toString();
    }

    static JsonNode parse(TraceEvent e) {
        try {
            return MAPPER.readTree(json(e));
        } catch (Exception ex) {
            throw new AssertionError("not JSON: " + json(e), ex);
        }
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }

    /** Checks one value against a schema type; returns a complaint or null. */
    static String typeError(JsonNode value, Type type) {
        if (value == null) return "missing, expected " + type;
        boolean ok = switch (type) {
            case HEX -> value.isTextual() && value.asText().matches("0x[0-9a-f]+");
            case STRING -> value.isTextual();
            case NUMBER -> value.isIntegralNumber();
            case BOOLEAN -> value.isBoolean();
            case STRING_OR_NULL -> value.isNull() || value.isTextual();
            case HEX_OR_NULL -> value.isNull() || value.isTextual() && value.asText().matches("0x[0-9a-f]+");
        };
        return ok ? null : "expected " + type + " but got " + value;
    }

    static Stream<Arguments> everySample() {
        return TextTraceSinkTest.everySample().stream().map(e -> Arguments.of(e.getClass().getSimpleName(), e));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("everySample")
    void everyEventHasExactlyTheSchemaFieldsInOrderWithTheirTypes(String name, TraceEvent event) {
        JsonNode node = parse(event);
        String shape = shape(node.get("kind").asText(), node.hasNonNull("event") ? node.get("event").asText() : null);
        Map<String, Type> expected = SCHEMA.get(shape);
        assertNotNull(expected, "no schema for " + shape);
        assertEquals(List.copyOf(expected.keySet()), fieldNames(node));
        expected.forEach((field, type) -> assertNull(typeError(node.get(field), type), field));
    }

    @Test
    void commonFieldsCarryVersionKindVmHartAndInstret() {
        JsonNode n = parse(new TraceEvent.CsrWrite("guest-b", 3, 9_007_199_254_740_993L, 0, 0x180, "satp", 0, 1));
        assertEquals(1, n.get("v").asInt());
        assertEquals("csr", n.get("kind").asText());
        assertEquals("guest-b", n.get("vm").asText());
        assertEquals(3, n.get("hart").asInt());
        assertEquals(9_007_199_254_740_993L, n.get("instret").asLong(), "instret is a number read as a long");
    }

    @Test
    void kindIsTheTraceKindLabelAndWalksSayWhichEvent() {
        assertEquals("trap", parse(EXCEPTION).get("kind").asText());
        assertEquals("irq", parse(INTERRUPT).get("kind").asText());
        assertEquals("pagewalk", parse(STEP_L0).get("kind").asText());
        assertEquals("step", parse(STEP_L0).get("event").asText());
        assertEquals("done", parse(DONE).get("event").asText());
        assertEquals("fault", parse(FAULT).get("event").asText());
        assertFalse(parse(TLB_HIT).has("event"));
    }

    @Test
    void sixtyFourBitValuesSurviveAsHexStrings() {
        JsonNode n = parse(new TraceEvent.CsrWrite("vm0", 0, 1, 0xffff_ffff_ffff_fffeL, 0x300, "mstatus",
                0x8000_0000_0000_0001L, 0x0a00_0000_2000_0000L));
        assertEquals("0xfffffffffffffffe", n.get("pc").asText());
        assertEquals("0x8000000000000001", n.get("before").asText());
        assertEquals(0x0a00_0000_2000_0000L, Long.parseUnsignedLong(n.get("after").asText().substring(2), 16));
        assertEquals("0x300", n.get("csr").asText());
    }

    @Test
    void encodingsAndDeviceValuesUseTheirNaturalWidth() {
        assertEquals("0x00000297", parse(INSN).get("raw").asText());
        assertEquals("0x4501", parse(INSN_COMPRESSED).get("raw").asText());
        assertEquals("0x60", parse(MMIO_READ).get("value").asText());
        TraceEvent.Mmio wide = new TraceEvent.Mmio("vm0", 0, 1, 0, "clint", 0x200_bff8L, 0xbff8, 8, false, -1);
        assertEquals("0xffffffffffffffff", parse(wide).get("value").asText());
        assertEquals("0xbff8", parse(wide).get("offset").asText());
    }

    @Test
    void enumsAreLowerCase() {
        assertEquals("m", parse(INSN).get("priv").asText());
        assertEquals("u", parse(EXCEPTION).get("from").asText());
        assertEquals("s", parse(EXCEPTION).get("to").asText());
        assertEquals("load", parse(DONE).get("access").asText());
        assertEquals("store", parse(FAULT).get("access").asText());
        assertEquals("hit", parse(TLB_HIT).get("op").asText());
        assertEquals("flush", parse(TLB_FLUSH).get("op").asText());
    }

    @Test
    void onlyATlbHitHasAPhysicalAddress() {
        assertEquals("0x0000000080400123", parse(TLB_HIT).get("pa").asText());
        assertTrue(parse(TLB_MISS).get("pa").isNull());
        assertTrue(parse(TLB_FLUSH).get("pa").isNull());
        assertEquals("all entries (sfence.vma zero,zero)", parse(TLB_FLUSH).get("detail").asText());
    }

    @Test
    void trapCauseIsTheCodeWithoutTheInterruptBit() {
        TraceEvent.Trap t = new TraceEvent.Trap("vm0", 0, 1, true, Long.MIN_VALUE | 9, "supervisor external interrupt",
                0, 0, Privilege.U, Privilege.S, true);
        assertEquals(9, parse(t).get("cause").asLong());
    }

    @Test
    void eachEventIsOneLineWithNothingBetweenLines() {
        String out = json(INSN, EXCEPTION, STEP_L2, TLB_MISS);
        String[] lines = out.split("\n", -1);
        assertEquals(5, lines.length, out);
        assertEquals("", lines[4], "the last line ends with a newline");
        for (int k = 0; k < 4; k++) assertTrue(lines[k].startsWith("{\"v\":1,"), lines[k]);
    }

    @Test
    void textIsEscapedAndUtf8OnAStream() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TraceEvent.WalkFault f = new TraceEvent.WalkFault("vm-é", 0, 1, 0, TraceEvent.Access.FETCH,
                "PTE \"V\" clear\tat L1");
        try (JsonlTraceSink sink = new JsonlTraceSink(new PrintStream(bytes, true, StandardCharsets.ISO_8859_1))) {
            sink.accept(f);
        }
        JsonNode n = MAPPER.readTree(bytes.toString(StandardCharsets.UTF_8));
        assertEquals("vm-é", n.get("vm").asText());
        assertEquals("PTE \"V\" clear\tat L1", n.get("reason").asText());
    }

    @Test
    void outputIsBufferedUntilFlushAndABorrowedStreamStaysOpen() {
        TextTraceSinkTest.CloseTracking bytes = new TextTraceSinkTest.CloseTracking();
        JsonlTraceSink sink = new JsonlTraceSink(new PrintStream(bytes, false, StandardCharsets.UTF_8));
        sink.accept(CSR);
        assertEquals(0, bytes.size());
        sink.flush();
        assertTrue(bytes.size() > 0);
        sink.close();
        assertFalse(bytes.closed);
        assertThrows(IllegalStateException.class, () -> sink.accept(CSR));
    }
}
