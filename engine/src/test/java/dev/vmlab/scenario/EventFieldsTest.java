package dev.vmlab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmlab.trace.JsonlTraceSink;
import dev.vmlab.trace.TraceEvent;
import dev.vmlab.trace.TraceEvent.Access;
import dev.vmlab.trace.TraceEvent.Privilege;
import dev.vmlab.trace.TraceEvent.TlbOp;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Event patterns use the JSON Lines trace format's names and values: for one event of every
 * shape, the fields {@link EventFields} offers and the values it compares are those that
 * {@link JsonlTraceSink} writes.
 */
class EventFieldsTest {
    static final List<TraceEvent> SAMPLES = List.of(
        new TraceEvent.Insn("vm0", 0, 1235, 0x8000_0004L, 0x4501, 2, Privilege.M, "li a0,0", "_start+0x4"),
        new TraceEvent.Insn("vm0", 0, 1236, 0x8000_0006L, 0x3020_0073, 4, Privilege.U, "mret", null),
        new TraceEvent.Trap("vm0", 0, 1236, false, 2, "illegal instruction", 0x8000_0006L, 0x3020_0073L, Privilege.U,
            Privilege.S, true),
        new TraceEvent.Trap("vm0", 0, 2000, true, 5 | Long.MIN_VALUE, "supervisor timer interrupt", 0x8000_0020L, 0,
            Privilege.S, Privilege.S, true),
        new TraceEvent.CsrWrite("vm0", 0, 12, 0x8000_0008L, 0x300, "mstatus", 0, 0x1800),
        new TraceEvent.WalkStep("vm0", 0, 57, 0x40_1123L, "sv39", 2, 0x8020_3000L, 0x2008_1001L, "-------V"),
        new TraceEvent.WalkDone("vm0", 0, 57, 0x40_1123L, Access.LOAD, 0x8040_0123L, 4096),
        new TraceEvent.WalkFault("vm0", 0, 58, 0x40_2000L, Access.STORE, "L0 PTE has V=0"),
        new TraceEvent.Tlb("vm0", 0, 59, TlbOp.HIT, 0x40_1123L, 0x8040_0123L, ""),
        new TraceEvent.Tlb("vm0", 0, 60, TlbOp.FLUSH, 0, 0, "all entries"),
        new TraceEvent.Mmio("vm0", 0, 3000, 0x8000_0040L, "uart0", 0x1000_0005L, 5, 1, false, 0x1_60));

    @Test
    void fieldsAndValuesAreThoseOfTheJsonLinesFormat() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Set<String>> seenByKind = new LinkedHashMap<>();
        for (TraceEvent e : SAMPLES) {
            StringWriter w = new StringWriter();
            try (JsonlTraceSink sink = new JsonlTraceSink(w)) {
                sink.accept(e);
            }
            JsonNode line = mapper.readTree(w.toString());
            Map<String, Object> expected = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = line.fields(); it.hasNext(); ) {
                var f = it.next();
                if (f.getKey().equals("v") || f.getValue().isNull()) continue;
                JsonNode v = f.getValue();
                expected.put(f.getKey(), v.isTextual() && v.asText().startsWith("0x") ? Long.parseUnsignedLong(v.asText().substring(2), 16)
                    : v.isNumber() ? (Object) v.asLong() : v.isBoolean() ? (Object) v.asBoolean() : v.asText());
                seenByKind.computeIfAbsent(line.get("kind").asText(), k -> new LinkedHashSet<>()).add(f.getKey());
            }
            assertEquals(expected, EventFields.of(e), e::toString);
        }
        for (var k : seenByKind.entrySet()) {
            Set<String> offered = new LinkedHashSet<>(EventFields.fieldsOf(k.getKey()).keySet());
            offered.add("kind");
            assertEquals(offered.stream().sorted().toList(), k.getValue().stream().sorted().toList(), k.getKey());
        }
    }

    @Test
    void aPatternMatchesWhenEveryGivenFieldIsEqual() {
        Map<String, Object> trap = EventFields.of(SAMPLES.get(2));
        assertEquals(true, new EventPattern("trap", Map.of("cause", 2L, "from", "u"), "").matches(trap));
        assertEquals(false, new EventPattern("trap", Map.of("cause", 3L), "").matches(trap));
        assertEquals(false, new EventPattern("irq", Map.of(), "").matches(trap));
        assertEquals(false, new EventPattern("trap", Map.of("symbol", "x"), "").matches(trap));
    }
}
