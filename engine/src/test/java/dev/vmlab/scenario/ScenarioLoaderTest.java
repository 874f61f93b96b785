package dev.vmlab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmlab.BadInputException;
import dev.vmlab.trace.TraceKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The strict loader: each kind of mistake gives one exact message at the right line and column,
 * and a good scenario gives the values (and defaults) the format documents.
 */
class ScenarioLoaderTest {
    /** Where the test documents' relative paths resolve: hello.elf is there. */
    static final Path DIR = Path.of("../samples/hello");

    static Scenario parse(String json) {
        return ScenarioLoader.parse(json, "t.json", DIR);
    }

    static String error(String json) {
        return assertThrows(BadInputException.class, () -> parse(json)).getMessage();
    }

    /** A minimal valid document with {@code extra} spliced in after the name (line 1). */
    static String doc(String extra) {
        return "{\"name\": \"t\", " + extra + "\n\"vms\": [{\"guest\": {\"elf\": \"hello.elf\"}}]}";
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
            // malformed JSON, with Jackson's position
            Arguments.of("malformed", "{\"name\": \"t\",\n  \"vms\": [}\n", "t.json:2:11: malformed JSON: Unexpected close marker '}': expected ']' (for the array that starts at 2:10)"),
            Arguments.of("empty file", "", "t.json:1:1: malformed JSON: the file is empty"),
            Arguments.of("trailing content", doc("") + " {}", "t.json:2:43: malformed JSON: unexpected content after the end of the document"),
            Arguments.of("not an object", "[1, 2]", "t.json:1:1: expected a JSON object (the scenario), found an array"),
            Arguments.of("duplicate key", "{\"name\": \"t\",\n \"name\": \"u\"}", "t.json:2:2: duplicate field \"name\""),
            // unknown fields: at the key, with a suggestion or the valid names
            Arguments.of("unknown top-level field", "{\"nmae\": \"t\"}", "t.json:1:2: unknown field \"nmae\" at the top level; did you mean \"name\"?"),
            Arguments.of("unknown VM field",
                "{\"name\": \"t\", \"vms\": [{\n  \"guest\": {\"elf\": \"hello.elf\"},\n  \"memroy\": \"64M\"}]}",
                "t.json:3:3: unknown field \"memroy\" in vms[0]; did you mean \"memory\"?"),
            Arguments.of("unknown field, nothing close", doc("\"host\": {\"zzz\": 1},"),
                "t.json:1:24: unknown field \"zzz\" in host (valid: cpus, memory, cost)"),
            // missing required fields: at the object
            Arguments.of("missing name", "{\"vms\": []}", "t.json:1:1: missing required field \"name\""),
            Arguments.of("missing guest", "{\"name\": \"t\",\n \"vms\": [ {\"memory\": \"64M\"} ]}", "t.json:2:11: vms[0]: missing required field \"guest\""),
            // wrong types: at the value
            Arguments.of("name is a number", "{\"name\": 42, \"vms\": []}", "t.json:1:10: name: expected a string, found a number (42)"),
            Arguments.of("vcpus is a string", doc("").replace("{\"guest\"", "{\"vcpus\": \"2\", \"guest\""),
                "t.json:2:19: vms[0].vcpus: expected a whole number, found a string (\"2\")"),
            Arguments.of("memory is a boolean", doc("").replace("{\"guest\"", "{\"memory\": true, \"guest\""),
                "t.json:2:20: vms[0].memory: expected a size such as \"64M\" or a number of bytes, found true"),
            Arguments.of("vms is an object", "{\"name\": \"t\", \"vms\": {}}", "t.json:1:22: vms: expected an array, found an object"),
            Arguments.of("fractional count", doc("\"limits\": {\"instructions\": 1.5},"),
                "t.json:1:42: limits.instructions: expected a whole number, found a number (1.5)"),
            // out of range: at the value, with the range
            Arguments.of("memory too large", doc("").replace("{\"guest\"", "{\"memory\": \"4G\", \"guest\""),
                "t.json:2:20: vms[0].memory: 4G is out of range (1M to 2040M)"),
            Arguments.of("memory not page-aligned", doc("").replace("{\"guest\"", "{\"memory\": 1048577, \"guest\""),
                "t.json:2:20: vms[0].memory: 1048577 is not a multiple of 4K"),
            Arguments.of("memory not a size", doc("").replace("{\"guest\"", "{\"memory\": \"64X\", \"guest\""),
                "t.json:2:20: vms[0].memory: \"64X\" is not a size (examples: \"64M\", \"1G\", 1048576)"),
            Arguments.of("tlb not a power of two", doc("").replace("{\"guest\"", "{\"tlb_entries\": 48, \"guest\""),
                "t.json:2:25: vms[0].tlb_entries: 48 is not a power of two (0 turns the TLB off)"),
            Arguments.of("vcpus out of range", doc("").replace("{\"guest\"", "{\"vcpus\": 0, \"guest\""),
                "t.json:2:19: vms[0].vcpus: 0 is out of range (1 to 64)"),
            Arguments.of("bad name", "{\"name\": \"my lab\", \"vms\": []}",
                "t.json:1:10: name: \"my lab\" is not a valid name (" + ScenarioLoader.NAME_RULE + ")"),
            // unknown choices: with a suggestion
            Arguments.of("unknown mode", doc("").replace("{\"guest\"", "{\"mode\": \"fulll\", \"guest\""),
                "t.json:2:18: vms[0].mode: unknown mode \"fulll\"; did you mean \"full\"?"),
            Arguments.of("unknown trace kind", doc("\"trace\": {\"kinds\": [\"trap\", \"irqs\"]},"),
                "t.json:1:43: trace.kinds[1]: unknown trace kind \"irqs\"; did you mean \"irq\"?"),
            Arguments.of("unknown counter", doc("\"expect\": {\"counters\": [{\"counter\": \"trap.illegal_instruction\", \"min\": 1}]},"),
                "t.json:1:51: expect.counters[0].counter: unknown counter \"trap.illegal_instruction\"; did you mean \"traps.illegal_instruction\"?"),
            Arguments.of("unknown cause", doc("\"expect\": {\"events\": {\"must_appear\": [{\"kind\": \"trap\", \"cause\": \"ilegal_instruction\"}]}},"),
                "t.json:1:79: expect.events.must_appear[0].cause: unknown exception cause \"ilegal_instruction\"; did you mean \"illegal_instruction\"?"),
            Arguments.of("field of another event kind", doc("\"expect\": {\"events\": {\"must_appear\": [{\"kind\": \"trap\", \"pc\": 0}]}},"),
                "t.json:1:70: unknown field \"pc\" in expect.events.must_appear[0]; did you mean \"epc\"?"),
            Arguments.of("unknown CSR", doc("\"expect\": {\"events\": {\"must_appear\": [{\"kind\": \"csr\", \"csr\": \"sapt\"}]}},"),
                "t.json:1:76: expect.events.must_appear[0].csr: unknown CSR \"sapt\"; did you mean \"satp\"?"),
            // rules between fields
            Arguments.of("elf and source", doc("").replace("{\"elf\": \"hello.elf\"}", "{\"elf\": \"hello.elf\", \"source\": \"hello.s\"}"),
                "t.json:2:19: vms[0].guest: give \"elf\" or \"source\", not both"),
            Arguments.of("missing file", doc("").replace("hello.elf", "nope.elf"),
                "t.json:2:27: vms[0].guest.elf: no such file: " + DIR.toAbsolutePath().resolve("nope.elf").normalize()),
            Arguments.of("min above max", doc("\"expect\": {\"counters\": [{\"counter\": \"instructions\", \"min\": 5, \"max\": 3}]},"),
                "t.json:1:84: expect.counters[0].max: max 3 is below min 5"),
            Arguments.of("counter without bounds", doc("\"expect\": {\"counters\": [{\"counter\": \"instructions\"}]},"),
                "t.json:1:39: expect.counters[0]: give \"equals\", or \"min\" and/or \"max\""),
            Arguments.of("bad regex", doc("\"expect\": {\"console\": {\"regex\": [\"(unclosed\"]}},"),
                "t.json:1:48: expect.console.regex[0]: not a valid regular expression: Unclosed group near index 9"),
            Arguments.of("duplicate VM names", "{\"name\": \"t\", \"vms\": [{\"guest\": {\"elf\": \"hello.elf\"}},\n"
                + " {\"name\": \"vm0\", \"guest\": {\"elf\": \"hello.elf\"}}]}",
                "t.json:2:11: vms[1].name: another VM is already called \"vm0\""),
            Arguments.of("default VM name taken", "{\"name\": \"t\", \"vms\": [{\"name\": \"vm1\", \"guest\": {\"elf\": \"hello.elf\"}},\n"
                + " {\"guest\": {\"elf\": \"hello.elf\"}}]}",
                "t.json:2:2: vms[1]: its default name \"vm1\" is taken by another VM; give it a \"name\""),
            Arguments.of("host too small", doc("\"host\": {\"memory\": \"64M\"},"),
                "t.json:1:34: host.memory: the VMs need 128M but the host has only 64M"),
            Arguments.of("empty window", doc("\"trace\": {\"kinds\": [\"insn\"], \"window\": {\"from\": 5, \"to\": 5}},"),
                "t.json:1:54: trace.window: \"from\" must be below \"to\""),
            Arguments.of("line break in a value", doc("").replace("{\"guest\"", "{\"mode\": \"is\\na\", \"guest\""),
                "t.json:2:18: vms[0].mode: unknown mode \"is\\na\"; did you mean \"isa\"?"),
            Arguments.of("define that is not a number", doc("").replace("{\"elf\": \"hello.elf\"}",
                    "{\"source\": \"hello.s\", \"defines\": {\"PARA\": \"yes\"}}"),
                "t.json:2:61: vms[0].guest.defines.PARA: expected a whole number, found a string (\"yes\")"),
            // hostile input: bounded
            Arguments.of("deep nesting", "{\"name\": " + "[".repeat(100) + "]".repeat(100) + "}",
                "t.json:1:41: nested too deeply (more than 32 levels)"),
            Arguments.of("long string", doc("\"description\": \"" + "x".repeat(5000) + "\","),
                "t.json:1:30: description: too long (5000 characters; at most 4096)"),
            Arguments.of("huge number", doc("\"limits\": {\"instructions\": 1" + "0".repeat(40) + "},"),
                "t.json:1:26: a number has too many digits (at most 32)")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeHasOneExactMessage(String what, String json, String message) {
        assertEquals(message, error(json));
    }

    @Test
    void aMinimalScenarioGetsTheDocumentedDefaults() {
        Scenario s = parse(doc(""));
        assertEquals("t", s.name());
        assertEquals("", s.description());
        assertEquals(Scenario.Host.DEFAULT, s.host());
        Vm vm = s.vm();
        assertEquals("vm0", vm.name());
        assertEquals(Vm.Mode.ISA, vm.mode());
        assertEquals(Vm.Engine.INTERP, vm.engine());
        assertEquals(1, vm.vcpus());
        assertEquals(128L << 20, vm.memory());
        assertEquals(new Guest.Elf(DIR.toAbsolutePath().resolve("hello.elf").normalize()), vm.guest());
        assertNull(vm.disk());
        assertEquals(Vm.Profile.CLASSIC, vm.profile());
        assertEquals(64, vm.tlbEntries());
        assertFalse(vm.realtime());
        assertEquals(TraceSpec.NONE, s.trace());
        assertEquals(Scenario.Limits.NONE, s.limits());
        assertEquals("", s.input());
        assertTrue(s.expect().isEmpty());
    }

    @Test
    void everyFieldIsRead() {
        Scenario s = parse("""
            {"name": "all", "description": "d",
             "host": {"cpus": 4, "memory": "1G", "cost": "type2"},
             "vms": [{"name": "a", "mode": "para", "engine": "dbt", "vcpus": 2, "memory": 67108864,
                      "guest": {"source": "hello.s", "defines": {"PARA": 1, "LEVEL": -2}},
                      "builds": {"hw": {"elf": "hello.elf"}},
                      "disk": {"image": "hello.elf", "read_only": true}, "profile": "legacy",
                      "tlb_entries": 0, "realtime": true, "bootargs": "console=ttyS0"}],
             "trace": {"kinds": ["trap", "pagewalk"], "format": "jsonl", "file": "out.jsonl", "limit": 10,
                       "pc": {"from": "0x80000000", "to": 2147487744}, "window": {"to": 1000}},
             "limits": {"instructions": 5000, "wall_seconds": 2.5},
             "input": "ls\\n",
             "expect": {"console": {"contains": ["a"], "not_contains": ["b"], "regex": ["^c$"], "exact": "e"},
                        "exit": {"result": "fail", "status": 3},
                        "counters": [{"counter": "vm_exits.wfi", "equals": 0}],
                        "events": {"must_appear": [{"kind": "csr", "csr": "satp", "after": "0x8000000000080000"}],
                                   "must_not_appear": [{"kind": "irq", "cause": "supervisor_timer_interrupt"}]}}}
            """);
        assertEquals(new Scenario.Host(4, 1L << 30, Scenario.CostPreset.TYPE2), s.host());
        Vm vm = s.vm();
        assertEquals(Vm.Mode.PARA, vm.mode());
        assertEquals(Vm.Engine.DBT, vm.engine());
        assertEquals(64L << 20, vm.memory());
        assertEquals(Map.of("PARA", 1L, "LEVEL", -2L), ((Guest.Source) vm.guest()).defines());
        assertEquals(vm.guest(), vm.guestFor(Vm.Mode.PARA));
        assertTrue(vm.guestFor(Vm.Mode.HW) instanceof Guest.Elf);
        assertTrue(vm.disk().readOnly());
        assertEquals(Vm.Profile.LEGACY, vm.profile());
        assertEquals(0, vm.tlbEntries());
        assertEquals(Set.of(TraceKind.TRAP, TraceKind.PAGEWALK), s.trace().kinds());
        assertEquals(0x8000_0000L, s.trace().pcFrom());
        assertEquals(0x8000_1000L, s.trace().pcTo());
        assertEquals(1000, s.trace().windowTo());
        assertEquals(new Scenario.Limits(5000, 2.5), s.limits());
        assertEquals("ls\n", s.input());
        assertEquals(9, s.expect().count());
        EventPattern p = s.expect().mustAppear().get(0);
        assertEquals(Map.of("csr", 0x180L, "after", 0x8000_0000_0008_0000L), p.fields());
        assertEquals("csr csr=satp after=0x8000000000080000", p.text());
        assertEquals(Map.of("cause", 5L), s.expect().mustNotAppear().get(0).fields());
        assertEquals("t.json:3:32", s.origin().at("vms[0].mode"));
    }

    @Test
    void loadResolvesPathsAgainstTheScenarioFile(@TempDir Path dir) throws IOException {
        Files.copy(DIR.resolve("hello.elf"), dir.resolve("g.elf"));
        Path file = dir.resolve("s.json");
        Files.writeString(file, "{\"name\": \"s\", \"vms\": [{\"guest\": {\"elf\": \"g.elf\"}}]}");
        assertEquals(dir.resolve("g.elf").toAbsolutePath(), ScenarioLoader.load(file).vm().guest().path());
    }

    @Test
    void fileLevelProblems(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("none.json");
        assertEquals(missing + ": no such file", assertThrows(BadInputException.class, () -> ScenarioLoader.load(missing)).getMessage());
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[(int) ScenarioLoader.MAX_FILE_BYTES + 1]);
        assertEquals(big + ": too large (1048577 bytes; a scenario may be at most 1 MiB)",
            assertThrows(BadInputException.class, () -> ScenarioLoader.load(big)).getMessage());
        Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, "{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(latin1 + ": not UTF-8 text (JSON files must be UTF-8)",
            assertThrows(BadInputException.class, () -> ScenarioLoader.load(latin1)).getMessage());
        assertEquals(dir + ": is a directory, not a scenario file",
            assertThrows(BadInputException.class, () -> ScenarioLoader.load(dir)).getMessage());
    }

    @Test
    void suggestionsUseEditDistance() {
        assertEquals(1, Suggest.distance("memroy", "memory"));
        assertEquals(List.of("memory"), Suggest.closest("memmory", List.of("name", "memory")).stream().toList());
        assertTrue(Suggest.closest("zzz", List.of("cpus", "memory", "cost")).isEmpty());
    }
}
