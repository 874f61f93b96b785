package dev.vmlab.trace;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/trace-format.md honest: its JSON examples, its field tables and its text example
 * must match what the sinks write, so the documentation cannot drift from the code.
 */
class TraceFormatDocTest {
    private static final Path DOC = Path.of("../docs/trace-format.md");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> COMMON = List.of("v", "kind", "vm", "hart", "instret");

    record Row(String field, String type) {}

    record Example(int line, JsonNode node, String heading, List<Row> table) {
        String shape() {
            return TraceSamples.shape(node.path("kind").asText(), node.hasNonNull("event") ? node.get("event").asText() : null);
        }
    }

    private static final List<Example> examples = new ArrayList<>();
    private static final Map<String, List<Row>> tablesByHeading = new LinkedHashMap<>();
    private static final List<List<String>> otherTables = new ArrayList<>();
    private static final List<String> checkedTextBlock = new ArrayList<>();
    private static final List<String> strayJson = new ArrayList<>();

    /** Reads the markdown once: tables, fenced blocks and the headings they sit under. */
    @BeforeAll
    static void readDoc() throws IOException {
        List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        String heading = "";
        String fence = null;
        List<Row> table = null;
        List<String> firstColumn = null;
        boolean fieldTable = false;
        boolean markerSeen = false;
        boolean capturing = false;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.startsWith("```")) {
                if (fence == null) {
                    fence = line.substring(3).trim();
                    capturing = markerSeen && fence.equals("text");
                    markerSeen = false;
                } else {
                    fence = null;
                    capturing = false;
                }
                continue;
            }
            if (fence != null) {
                if (fence.equals("jsonl") && !line.isBlank()) {
                    JsonNode node;
                    try {
                        node = MAPPER.readTree(line);
                    } catch (IOException e) {
                        throw new AssertionError(DOC + ":" + (n + 1) + ": example is not valid JSON: " + line, e);
                    }
                    examples.add(new Example(n + 1, node, heading, table));
                } else if (line.trim().startsWith("{\"v\"")) {
                    strayJson.add((n + 1) + ": " + line);
                } else if (capturing) {
                    checkedTextBlock.add(line);
                }
                continue;
            }
            if (line.trim().startsWith("{\"v\"")) strayJson.add((n + 1) + ": " + line);
            if (line.startsWith("<!-- checked by TraceFormatDocTest")) markerSeen = true;
            if (line.startsWith("#")) {
                heading = line.replaceFirst("^#+\\s*", "");
                table = null;
                continue;
            }
            if (line.startsWith("|")) {
                List<String> cells = cells(line);
                if (firstColumn == null) {
                    // A header row starts a table.
                    firstColumn = new ArrayList<>();
                    fieldTable = cells.get(0).equals("field");
                    if (fieldTable) table = new ArrayList<>();
                    otherTables.add(firstColumn);
                    firstColumn.add(cells.get(0));
                } else if (!cells.get(0).matches("-+")) {
                    firstColumn.add(cells.get(0));
                    if (fieldTable) table.add(new Row(cells.get(0), cells.get(1)));
                }
            } else {
                if (firstColumn != null && fieldTable) tablesByHeading.put(heading, table);
                firstColumn = null;
            }
        }
        assertFalse(examples.isEmpty(), "no ```jsonl examples found in " + DOC);
    }

    private static List<String> cells(String row) {
        String inner = row.trim().replaceAll("^\\|", "").replaceAll("\\|$", "");
        List<String> out = new ArrayList<>();
        for (String c : inner.split("\\|")) out.add(c.trim().replace("`", ""));
        return out;
    }

    /** What JsonlTraceSink writes for each shape, as parsed JSON. */
    private static Map<String, JsonNode> sinkOutput() throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, TraceEvent> e : TraceSamples.onePerShape().entrySet()) {
            out.put(e.getKey(), MAPPER.readTree(JsonlTraceSinkTest.json(e.getValue())));
        }
        return out;
    }

    private static JsonlTraceSinkTest.Type type(String documented, String where) {
        return switch (documented) {
            case "hex string" -> JsonlTraceSinkTest.Type.HEX;
            case "string" -> JsonlTraceSinkTest.Type.STRING;
            case "number" -> JsonlTraceSinkTest.Type.NUMBER;
            case "boolean" -> JsonlTraceSinkTest.Type.BOOLEAN;
            case "string or null" -> JsonlTraceSinkTest.Type.STRING_OR_NULL;
            case "hex string or null" -> JsonlTraceSinkTest.Type.HEX_OR_NULL;
            default -> throw new AssertionError(where + ": unknown documented type '" + documented + "'");
        };
    }

    private static List<String> fields(List<Row> table) {
        return table.stream().map(Row::field).toList();
    }

    @Test
    void everyJsonExampleHasExactlyTheFieldsTheSinkWritesForItsShape() throws IOException {
        Map<String, JsonNode> sink = sinkOutput();
        for (Example ex : examples) {
            JsonNode produced = sink.get(ex.shape());
            assertNotNull(produced, DOC + ":" + ex.line() + ": no event shape '" + ex.shape() + "'");
            assertEquals(JsonlTraceSinkTest.fieldNames(produced), JsonlTraceSinkTest.fieldNames(ex.node()),
                    DOC + ":" + ex.line() + ": fields differ from JsonlTraceSink's");
            assertEquals(JsonlTraceSink.SCHEMA_VERSION, ex.node().get("v").asInt(), DOC + ":" + ex.line());
        }
    }

    @Test
    void everyEventShapeHasAnExample() {
        TreeSet<String> documented = new TreeSet<>();
        for (Example ex : examples) documented.add(ex.shape());
        assertEquals(new TreeSet<>(TraceSamples.onePerShape().keySet()), documented);
    }

    @Test
    void commonFieldTableListsTheFieldsOnEveryLine() {
        List<Row> common = tablesByHeading.get("Fields on every line");
        assertNotNull(common, "no table under 'Fields on every line'");
        assertEquals(COMMON, fields(common));
    }

    @Test
    void eachShapesTableListsExactlyItsFieldsAndTheTypesTheSinkWrites() throws IOException {
        Map<String, JsonNode> sink = sinkOutput();
        List<Row> common = tablesByHeading.get("Fields on every line");
        for (Example ex : examples) {
            String where = DOC + ":" + ex.line() + " (" + ex.heading() + ")";
            assertNotNull(ex.table(), where + ": example without a field table in its section");
            List<Row> all = new ArrayList<>(common);
            all.addAll(ex.table());
            List<String> documented = new ArrayList<>(fields(all));
            // `event` is listed in each walk table but written right after `kind`.
            if (documented.remove("event")) documented.add(2, "event");
            assertEquals(JsonlTraceSinkTest.fieldNames(sink.get(ex.shape())), documented, where);
            for (Row row : all) {
                JsonlTraceSinkTest.Type t = type(row.type(), where + " field " + row.field());
                assertNull(JsonlTraceSinkTest.typeError(ex.node().get(row.field()), t),
                        where + ": example field " + row.field());
            }
        }
    }

    @Test
    void sinkOutputForEverySampleHasTheDocumentedTypes() throws IOException {
        List<Row> common = tablesByHeading.get("Fields on every line");
        Map<String, List<Row>> tableByShape = new LinkedHashMap<>();
        for (Example ex : examples) tableByShape.put(ex.shape(), ex.table());
        for (TraceEvent e : TextTraceSinkTest.everySample()) {
            JsonNode node = MAPPER.readTree(JsonlTraceSinkTest.json(e));
            String shape = TraceSamples.shape(node.get("kind").asText(),
                    node.hasNonNull("event") ? node.get("event").asText() : null);
            List<Row> all = new ArrayList<>(common);
            all.addAll(tableByShape.get(shape));
            for (Row row : all) {
                assertNull(JsonlTraceSinkTest.typeError(node.get(row.field()), type(row.type(), shape)),
                        shape + "." + row.field() + " in " + node);
            }
        }
    }

    @Test
    void textExampleIsWhatTheTextSinkWritesForTheSamples() {
        TextTraceSink text = new TextTraceSink(new StringWriter(), false, false);
        List<String> rendered = TextTraceSinkTest.everySample().stream()
                .sorted(java.util.Comparator.comparingLong(TraceEvent::instret))
                .map(text::format).toList();
        assertEquals(rendered, checkedTextBlock);
    }

    @Test
    void kindsTableNamesEveryTraceKind() {
        List<String> kinds = otherTables.stream().filter(t -> t.get(0).equals("kind")).findFirst()
                .orElseThrow(() -> new AssertionError("no kinds table"));
        assertEquals(TraceKind.names(), kinds.subList(1, kinds.size()));
    }

    @Test
    void noJsonExampleLivesOutsideACheckedBlock() {
        assertEquals(List.of(), strayJson, "put JSON examples in ```jsonl blocks so they are checked");
    }
}
