package dev.vmlab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmlab.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps docs/scenario-format.md honest: every JSON example loads through the strict loader and
 * follows the schema, the JSON report example has the shape of a real report, every field and
 * counter the loader knows is documented, and the error messages it quotes are the loader's.
 */
class ScenarioFormatDocTest {
    static final Path DOC = Path.of("../docs/scenario-format.md");
    static final String OUTPUT_MARK = "<!-- check --format json output";

    record Block(int line, String lang, String text, boolean output) {}

    static List<Block> blocks() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("```") || lines.get(i).length() == 3) continue;
            String lang = lines.get(i).substring(3).trim();
            boolean output = i > 0 && lines.get(i - 1).startsWith(OUTPUT_MARK);
            StringBuilder b = new StringBuilder();
            int start = i + 1;
            for (i++; i < lines.size() && !lines.get(i).equals("```"); i++) b.append(lines.get(i)).append('\n');
            out.add(new Block(start, lang, b.toString(), output));
        }
        return out;
    }

    @TestFactory
    List<DynamicTest> everyJsonExampleIsAValidScenario() throws IOException {
        MiniSchema schema = SchemaTest.schema();
        List<DynamicTest> tests = new ArrayList<>();
        for (Block b : blocks()) {
            if (!b.lang().equals("json") || b.output()) continue;
            tests.add(DynamicTest.dynamicTest("scenario-format.md:" + b.line(), () -> {
                ScenarioLoader.parse(b.text(), "scenario-format.md:" + b.line(), DOC.getParent());
                assertEquals(List.of(), schema.validate(new ObjectMapper().readTree(b.text())));
            }));
        }
        assertTrue(tests.size() >= 3, "the examples are gone");
        return tests;
    }

    @Test
    void theJsonReportExampleHasTheShapeOfARealReport() throws IOException {
        Block example = blocks().stream().filter(Block::output).findFirst().orElseThrow();
        Scenario s = ScenarioLoader.load(Path.of("../scenarios/hello.json"));
        Grade g = Grader.grade(s, ScenarioRunner.run(s, RunOptions.grading()));
        JsonNode real = new ObjectMapper().readTree(GradeReport.text(List.of(new GradeReport.Entry("scenarios/hello.json", g, null))));
        assertEquals(shape(real, ""), shape(new ObjectMapper().readTree(example.text()), ""));
        assertEquals(real.at("/scenarios/0/counters"), new ObjectMapper().readTree(example.text()).at("/scenarios/0/counters"));
    }

    /** Every path in a JSON tree, with array indices dropped, and each leaf's type. */
    private static Set<String> shape(JsonNode n, String at) {
        Set<String> out = new TreeSet<>();
        if (n.isObject()) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                out.addAll(shape(n.get(k), at + "/" + k));
            }
        } else if (n.isArray()) {
            for (JsonNode item : n) out.addAll(shape(item, at + "[]"));
        } else {
            out.add(at + ": " + (n.isNumber() ? "number" : n.getNodeType().toString().toLowerCase()));
        }
        return out;
    }

    @Test
    void everyFieldAndCounterIsDocumented() throws IOException {
        String doc = Files.readString(DOC);
        List<List<String>> levels = List.of(ScenarioLoader.TOP, ScenarioLoader.HOST, ScenarioLoader.VM,
            ScenarioLoader.GUEST, ScenarioLoader.DISK, ScenarioLoader.TRACE, ScenarioLoader.LIMITS, ExpectLoader.EXPECT,
            ExpectLoader.CONSOLE, ExpectLoader.EXIT, ExpectLoader.COUNTER);
        for (List<String> level : levels) {
            for (String field : level) {
                if (field.equals("defines") || field.equals("image") || field.equals("read_only")) {
                    assertTrue(doc.contains("`" + field + "`"), field);
                } else {
                    assertTrue(doc.contains("| `" + field + "` |"), "no table row for " + field);
                }
            }
        }
        for (String field : ExpectLoader.EVENTS) assertTrue(doc.contains("`" + field + "`"), field);
        for (String c : Counters.BASIC) assertTrue(doc.contains("`" + c + "`"), c);
        for (String family : Counters.RESERVED.keySet()) assertTrue(doc.contains("`" + family), family);
        for (String id : Counters.EXCEPTION_IDS.keySet()) assertTrue(doc.contains("`" + id + "`"), id);
        for (String id : Counters.INTERRUPT_IDS.keySet()) assertTrue(doc.contains("`" + id + "`"), id);
        for (String kind : EventFields.kinds()) {
            for (String f : EventFields.fieldsOf(kind).keySet()) assertTrue(doc.contains("`" + f + "`"), kind + "." + f);
        }
    }

    /** Documents that produce the errors the page quotes (as "vmlab: lab.json:L:C: message"). */
    private static final List<String> BAD = List.of(
        "{\"name\": \"t\", \"vms\": [{\"guest\": {\"elf\": \"../samples/hello/hello.elf\"}, \"memroy\": 1}]}",
        "{\"name\": \"t\", \"vms\": [{\"guest\": {\"elf\": \"../samples/hello/hello.elf\"}, \"memory\": \"4G\"}]}",
        "{\"name\": \"t\", \"vms\": [{\"guest\": {\"elf\": \"../samples/hello/hello.elf\"}, \"mode\": \"fulll\"}]}",
        "{\"name\": \"t\", \"vms\": [{}]}",
        "{\"name\": \"t\",\n  \"vms\": [\n}",
        "{\"name\": \"t\", \"vms\": [{\"guest\": {\"elf\": \"../samples/hello/hello.elf\"}}],"
            + " \"expect\": {\"counters\": [{\"counter\": \"trap.illegal_instruction\", \"min\": 1}]}}");

    @Test
    void theQuotedErrorMessagesAreTheLoaders() throws IOException {
        List<String> messages = new ArrayList<>();
        for (String json : BAD) {
            String m = assertThrows(BadInputException.class, () -> ScenarioLoader.parse(json, "lab.json", DOC.getParent()))
                .getMessage();
            messages.add(m.replaceFirst("^lab\\.json:\\d+:\\d+: ", ""));
        }
        Scenario full = ScenarioLoader.parse("{\"name\": \"t\", \"vms\": [{\"mode\": \"full\", \"guest\": {\"elf\": "
            + "\"../samples/hello/hello.elf\"}}]}", "lab.json", DOC.getParent());
        messages.add(assertThrows(BadInputException.class, () -> ScenarioRunner.run(full, RunOptions.grading()))
            .getMessage().replaceFirst("^lab\\.json:\\d+:\\d+: ", ""));
        int quoted = 0;
        for (Block b : blocks()) {
            if (!b.lang().equals("text")) continue;
            for (String line : b.text().lines().toList()) {
                if (!line.startsWith("vmlab: lab.json:")) continue;
                quoted++;
                String message = line.replaceFirst("^vmlab: lab\\.json:\\d+:\\d+: ", "");
                assertTrue(messages.contains(message), "not a message the loader gives: " + message + "\n" + messages);
            }
        }
        assertFalse(quoted == 0, "the page quotes no errors");
    }
}
