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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * scenarios/scenario.schema.json says what the loader enforces: every shipped scenario follows
 * it, the loader and the schema agree on a table of good and bad documents, and the field lists
 * of each level are the same in both.
 */
class SchemaTest {
    static final Path SCENARIOS = Path.of("../scenarios");
    static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode schemaNode() throws IOException {
        return MAPPER.readTree(SCENARIOS.resolve("scenario.schema.json").toFile());
    }

    static MiniSchema schema() throws IOException {
        return new MiniSchema(schemaNode());
    }

    static Stream<Path> shipped() throws IOException {
        List<Path> files = new ArrayList<>();
        try (var s = Files.walk(SCENARIOS)) {
            s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().equals("scenario.schema.json"))
                .sorted().forEach(files::add);
        }
        // Exercises keep their scenarios next to their handouts.
        Path exercises = Path.of("../samples/exercises");
        if (Files.isDirectory(exercises)) {
            try (var s = Files.walk(exercises)) {
                s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
            }
        }
        return files.stream();
    }

    @Test
    void thereAreShippedScenarios() throws IOException {
        assertTrue(shipped().count() >= 3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void shippedScenarioFollowsTheSchemaAndLoads(Path file) throws IOException {
        assertEquals(List.of(), schema().validate(MAPPER.readTree(file.toFile())), file::toString);
        ScenarioLoader.load(file);
    }

    /** Documents both must accept or both reject; paths resolve in samples/hello. */
    static Stream<Arguments> agreement() {
        String vm = "{\"guest\": {\"elf\": \"hello.elf\"}}";
        return Stream.of(
            Arguments.of(true, "{\"name\": \"a\", \"vms\": [" + vm + "]}"),
            Arguments.of(true, "{\"$schema\": \"x\", \"name\": \"a.b-c_d\", \"vms\": [{\"memory\": 1048576, \"guest\": {\"source\": \"hello.s\", \"defines\": {\"X\": 1, \"Y\": -1}}}]}"),
            Arguments.of(true, "{\"name\": \"a\", \"vms\": [" + vm + "], \"trace\": {\"kinds\": [\"all\"], \"pc\": {\"from\": 0, \"to\": \"0xffffffffffffffff\"}}}"),
            Arguments.of(true, "{\"name\": \"a\", \"vms\": [" + vm + "], \"expect\": {\"counters\": [{\"counter\": \"hypercalls.sbi_set_timer\", \"max\": 3}]}}"),
            Arguments.of(true, "{\"name\": \"a\", \"vms\": [" + vm + "], \"expect\": {\"events\": {\"must_appear\": [{\"kind\": \"irq\", \"cause\": 7}, {\"kind\": \"csr\", \"csr\": \"0x180\"}, {\"kind\": \"pagewalk\", \"event\": \"fault\", \"access\": \"store\"}]}}}"),
            Arguments.of(true, "{\"name\": \"a\", \"vms\": [" + vm + "], \"limits\": {\"wall_seconds\": 0.5}, \"expect\": {\"exit\": {\"result\": \"idle\"}}}"),
            Arguments.of(false, "{\"vms\": [" + vm + "]}"),
            Arguments.of(false, "{\"name\": \"a\"}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": []}"),
            Arguments.of(false, "{\"name\": \"a b\", \"vms\": [" + vm + "]}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [" + vm + "], \"extra\": 1}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [{\"guest\": {\"elf\": \"hello.elf\"}, \"mode\": \"vt-x\"}]}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [{\"guest\": {\"elf\": \"hello.elf\"}, \"memory\": 4096}]}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [{\"guest\": {\"elf\": \"hello.elf\"}, \"memory\": 1048577}]}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [{\"guest\": {\"elf\": \"hello.elf\"}, \"memory\": \"64 M\"}]}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [{\"guest\": {\"elf\": \"hello.elf\", \"source\": \"hello.s\"}}]}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [{\"guest\": {}}]}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [{\"guest\": {\"source\": \"hello.s\", \"defines\": {\"X\": \"1\"}}}]}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [{\"guest\": {\"source\": \"hello.s\", \"defines\": {\"1X\": 1}}}]}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [{\"guest\": {\"elf\": \"hello.elf\", \"defines\": {}}}]}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [{\"guest\": {\"elf\": \"hello.elf\"}, \"tlb_entries\": -1}]}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [{\"guest\": {\"elf\": \"hello.elf\"}, \"builds\": {\"vmx\": {\"elf\": \"hello.elf\"}}}]}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [" + vm + "], \"host\": {\"cost\": \"kvm\"}}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [" + vm + "], \"trace\": {\"kinds\": []}}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [" + vm + "], \"trace\": {\"format\": \"text\"}}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [" + vm + "], \"trace\": {\"kinds\": [\"trap\"], \"pc\": {\"from\": \"80000000\", \"to\": 1}}}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [" + vm + "], \"limits\": {\"instructions\": -1}}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [" + vm + "], \"input\": 5}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [" + vm + "], \"expect\": {\"console\": {\"contains\": [\"\"]}}}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [" + vm + "], \"expect\": {\"exit\": {}}}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [" + vm + "], \"expect\": {\"exit\": {\"result\": \"passed\"}}}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [" + vm + "], \"expect\": {\"counters\": [{\"counter\": \"Instructions\", \"min\": 1}]}}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [" + vm + "], \"expect\": {\"counters\": [{\"counter\": \"instructions\", \"min\": -1}]}}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [" + vm + "], \"expect\": {\"events\": {\"must_appear\": [{\"cause\": 2}]}}}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [" + vm + "], \"expect\": {\"events\": {\"must_appear\": [{\"kind\": \"trap\", \"pc\": 0}]}}}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [" + vm + "], \"expect\": {\"events\": {\"must_appear\": [{\"kind\": \"tlb\", \"op\": \"evict\"}]}}}"),
            Arguments.of(false, "{\"name\": \"a\", \"vms\": [" + vm + "], \"expect\": {\"events\": {\"must_appear\": [{\"kind\": \"trap\", \"epc\": \"0xg\"}]}}}")
        );
    }

    @ParameterizedTest(name = "[{index}] valid={0}")
    @MethodSource("agreement")
    void loaderAndSchemaAgree(boolean valid, String json) throws IOException {
        List<String> schemaErrors = schema().validate(MAPPER.readTree(json));
        assertEquals(valid, schemaErrors.isEmpty(), () -> "schema: " + schemaErrors);
        if (valid) {
            ScenarioLoaderTest.parse(json);
        } else {
            assertThrows(BadInputException.class, () -> ScenarioLoaderTest.parse(json));
        }
    }

    /**
     * The rules the schema cannot say (documented in its description): the loader rejects these
     * although the schema accepts them.
     */
    @Test
    void loaderOnlyRules() throws IOException {
        String vm = "{\"guest\": {\"elf\": \"hello.elf\"}}";
        for (String json : List.of(
            "{\"name\": \"a\", \"vms\": [{\"guest\": {\"elf\": \"hello.elf\"}, \"memory\": \"4G\"}]}",
            "{\"name\": \"a\", \"vms\": [{\"guest\": {\"elf\": \"hello.elf\"}, \"tlb_entries\": 48}]}",
            "{\"name\": \"a\", \"vms\": [{\"guest\": {\"elf\": \"missing.elf\"}}]}",
            "{\"name\": \"a\", \"vms\": [" + vm + "], \"expect\": {\"counters\": [{\"counter\": \"instructions\", \"min\": 5, \"max\": 1}]}}",
            "{\"name\": \"a\", \"vms\": [" + vm + "], \"expect\": {\"counters\": [{\"counter\": \"traps.bogus\", \"min\": 1}]}}",
            "{\"name\": \"a\", \"vms\": [" + vm + "], \"expect\": {\"counters\": [{\"counter\": \"instructions\"}]}}",
            "{\"name\": \"a\", \"vms\": [" + vm + "], \"expect\": {\"events\": {\"must_appear\": [{\"kind\": \"csr\", \"csr\": \"sapt\"}]}}}",
            "{\"name\": \"a\", \"vms\": [" + vm + "], \"expect\": {\"console\": {\"regex\": [\"(\"]}}}",
            "{\"name\": \"a\", \"vms\": [{\"name\": \"x\", \"guest\": {\"elf\": \"hello.elf\"}}, {\"name\": \"x\", \"guest\": {\"elf\": \"hello.elf\"}}]}")) {
            assertEquals(List.of(), schema().validate(MAPPER.readTree(json)), json);
            assertThrows(BadInputException.class, () -> ScenarioLoaderTest.parse(json), json);
        }
    }

    @Test
    void fieldListsMatchTheSchema() throws IOException {
        JsonNode s = schemaNode();
        assertEquals(ScenarioLoader.TOP, names(s.get("properties")));
        assertEquals(ScenarioLoader.HOST, names(s.at("/properties/host/properties")));
        assertEquals(ScenarioLoader.VM, names(s.at("/$defs/vm/properties")));
        assertEquals(ScenarioLoader.DISK, names(s.at("/$defs/vm/properties/disk/properties")));
        assertEquals(ScenarioLoader.TRACE, names(s.at("/$defs/trace/properties")));
        assertEquals(ScenarioLoader.LIMITS, names(s.at("/properties/limits/properties")));
        assertEquals(ExpectLoader.EXPECT, names(s.at("/$defs/expect/properties")));
        assertEquals(ExpectLoader.CONSOLE, names(s.at("/$defs/expect/properties/console/properties")));
        assertEquals(ExpectLoader.EXIT, names(s.at("/$defs/expect/properties/exit/properties")));
        assertEquals(ExpectLoader.COUNTER, names(s.at("/$defs/counter/properties")));
        assertEquals(ExpectLoader.EVENTS, names(s.at("/$defs/expect/properties/events/properties")));
        JsonNode kinds = s.at("/$defs/event/oneOf");
        List<String> schemaKinds = new ArrayList<>();
        for (JsonNode k : kinds) {
            String kind = k.at("/properties/kind/const").asText();
            schemaKinds.add(kind);
            List<String> fields = new ArrayList<>(List.of("kind"));
            fields.addAll(EventFields.fieldsOf(kind).keySet());
            assertEquals(fields, names(k.get("properties")), kind);
        }
        assertEquals(EventFields.kinds(), schemaKinds);
        List<String> causes = new ArrayList<>();
        s.at("/$defs/event/oneOf/1/properties/cause/oneOf/1/enum").forEach(n -> causes.add(n.asText()));
        assertEquals(List.copyOf(Counters.EXCEPTION_IDS.keySet()), causes);
        List<String> irqs = new ArrayList<>();
        s.at("/$defs/event/oneOf/2/properties/cause/oneOf/1/enum").forEach(n -> irqs.add(n.asText()));
        assertEquals(List.copyOf(Counters.INTERRUPT_IDS.keySet()), irqs);
    }

    @Test
    void theValidatorRejectsKeywordsItDoesNotImplement() {
        MiniSchema m = new MiniSchema(MAPPER.createObjectNode().put("if", true));
        assertThrows(IllegalStateException.class, () -> m.validate(MAPPER.createObjectNode()));
        assertFalse(new MiniSchema(MAPPER.createObjectNode().put("type", "string")).validate(MAPPER.createObjectNode()).isEmpty());
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) out.add(it.next());
        return out;
    }
}
