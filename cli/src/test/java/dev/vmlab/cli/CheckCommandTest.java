package dev.vmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code vmlab check}: the report, its JSON form, and the exit codes 0 (all pass), 1 (a failure), 2 (bad input). */
class CheckCommandTest {
    static final String HELLO = Path.of("../samples/hello/hello.elf").toAbsolutePath().normalize().toString();

    @TempDir
    static Path dir;

    static Path scenario(String name, String expect) throws IOException {
        Path f = dir.resolve(name + ".json");
        Files.writeString(f, "{\"name\": \"" + name + "\", \"vms\": [{\"memory\": \"16M\", \"guest\": {\"elf\": \""
            + HELLO.replace("\\", "\\\\") + "\"}}],\n \"expect\": " + expect + "}\n");
        return f;
    }

    static Path pass, fail, bad, notYet;
    /** How many instructions the hello sample retires, as the engine counts them. */
    static final long HELLO_INSNS = dev.vmlab.scenario.ScenarioRunner.run(
        dev.vmlab.scenario.ScenarioLoader.load(Path.of("../scenarios/hello.json")),
        dev.vmlab.scenario.RunOptions.grading()).instructions();

    @BeforeEach
    void scenarios() throws IOException {
        pass = scenario("pass", "{\"console\": {\"contains\": [\"Hello\"]}, \"exit\": {\"result\": \"pass\"}}");
        fail = scenario("fail", "{\"console\": {\"contains\": [\"Goodbye\"]}, \"counters\": [{\"counter\": \"instructions\", \"max\": 10}]}");
        bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"name\": \"bad\", \"vms\": [{\"guest\": {\"elf\": \"x.elf\"}, \"memroy\": 1}]}");
        notYet = dir.resolve("full.json");
        Files.writeString(notYet, "{\"name\": \"full\", \"vms\": [{\"mode\": \"full\", \"guest\": {\"elf\": \"" + HELLO + "\"}}]}");
    }

    static Stream<Arguments> exitCodes() {
        return Stream.of(
            Arguments.of("every expectation passes", List.of("pass"), 0),
            Arguments.of("the shipped hello scenario", List.of("../scenarios/hello.json"), 0),
            Arguments.of("one expectation fails", List.of("fail"), 1),
            Arguments.of("a failure among passes", List.of("pass", "fail", "pass"), 1),
            Arguments.of("an unknown field", List.of("bad"), 2),
            Arguments.of("a mode not available yet", List.of("full"), 2),
            Arguments.of("a missing file", List.of("missing"), 2),
            Arguments.of("bad input outranks a failure", List.of("fail", "bad"), 2),
            Arguments.of("only a schema", List.of("../scenarios/scenario.schema.json"), 2));
    }

    private static String[] args(List<String> names, String... options) {
        Stream<String> files = names.stream().map(n -> n.startsWith("..") ? n : dir.resolve(n + ".json").toString());
        return Stream.concat(Stream.concat(Stream.of("check"), Stream.of(options)), files).toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("exitCodes")
    void exitCodeSaysHowGradingWent(String what, List<String> names, int code) {
        Vmlab.Result text = Vmlab.run(args(names));
        assertEquals(code, text.exitCode(), text::toString);
        Vmlab.Result json = Vmlab.run(args(names, "--format", "json"));
        assertEquals(code, json.exitCode(), json::toString);
    }

    @Test
    void aPassingScenarioPrintsOneLinePerExpectationAndASummary() {
        Vmlab.Result r = Vmlab.run("check", pass.toString());
        assertEquals(List.of(
            "pass (" + pass + "): guest passed, " + HELLO_INSNS + " instructions",
            "  PASS  console contains \"Hello\"  expected present  seen line 1",
            "  PASS  exit result               expected pass     seen pass",
            "  passed: 2 of 2",
            "PASSED: 1 scenario; 2 of 2 expectations passed"), r.out().lines().toList());
        assertEquals("", r.err());
        assertFalse(r.out().contains("\u001b["), "no colour without a terminal");
    }

    @Test
    void aFailureShowsWhatWasSeenAndTheConsoleOutput() {
        Vmlab.Result r = Vmlab.run("check", fail.toString());
        assertEquals(List.of(
            "fail (" + fail + "): guest passed, " + HELLO_INSNS + " instructions",
            "  FAIL  console contains \"Goodbye\"  expected present  seen absent",
            "  FAIL  counter instructions        expected <= 10    seen " + HELLO_INSNS,
            "  console output:",
            "  | Hello from a RISC-V guest on vmlab!",
            "  FAILED: 0 of 2 passed",
            "FAILED: 1 scenario, 1 failed; 0 of 2 expectations passed"), r.out().lines().toList());
    }

    @Test
    void badInputIsOneLineOnStandardErrorAndTheOthersAreStillGraded() {
        Vmlab.Result r = Vmlab.run("check", bad.toString(), pass.toString());
        assertEquals(2, r.exitCode());
        assertEquals(List.of("vmlab: " + bad + ":1:53: unknown field \"memroy\" in vms[0]; did you mean \"memory\"?"),
            r.errLines());
        assertTrue(r.out().contains("  passed: 2 of 2"), r::toString);
        assertTrue(r.out().endsWith("ERROR: 2 scenarios, 1 could not be run; 2 of 2 expectations passed\n"), r::toString);
    }

    @Test
    void aModeNotAvailableYetSaysSo() {
        Vmlab.Result r = Vmlab.run("check", notYet.toString());
        assertEquals(List.of("vmlab: " + notYet + ":1:35: vms[0].mode: mode \"full\" is not available yet (available: isa)"),
            r.errLines());
    }

    @Test
    void theJsonReportIsForAutograders() throws IOException {
        Vmlab.Result r = Vmlab.run("check", "--format", "json", pass.toString(), fail.toString(), bad.toString());
        assertEquals(2, r.exitCode());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(1, j.get("version").asInt());
        assertFalse(j.get("passed").asBoolean());
        assertEquals("{\"scenarios\":3,\"scenarios_passed\":1,\"errors\":1,\"expectations\":4,\"expectations_passed\":2}",
            j.get("summary").toString());
        JsonNode failed = j.get("scenarios").get(1);
        assertEquals("fail", failed.get("name").asText());
        assertEquals("Hello from a RISC-V guest on vmlab!\n", failed.at("/run/console").asText());
        assertEquals(HELLO_INSNS, failed.at("/counters/instructions").asLong());
        assertEquals("expect.counters[0]", failed.at("/expectations/1/id").asText());
        assertEquals(String.valueOf(HELLO_INSNS), failed.at("/expectations/1/seen").asText());
        assertTrue(j.get("scenarios").get(2).get("error").asText().contains("unknown field \"memroy\""));
    }

    @Test
    void theSchemaBesideTheScenariosIsSkipped() {
        Vmlab.Result r = Vmlab.run("check", "../scenarios/scenario.schema.json", "../scenarios/hello.json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("vmlab: skipping ../scenarios/scenario.schema.json (a JSON Schema, not a scenario)"), r.errLines());
    }

    @Test
    void everyShippedScenarioPasses() throws IOException {
        List<String> files;
        try (var s = Files.list(Path.of("../scenarios"))) {
            files = s.map(Path::toString).filter(f -> f.endsWith(".json")).sorted().toList();
        }
        List<String> args = new java.util.ArrayList<>(List.of("check"));
        args.addAll(files);
        Vmlab.Result r = Vmlab.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::toString);
    }

    @Test
    void badOptionsAreBadInput() {
        assertEquals(2, Vmlab.run("check", "--format", "xml", pass.toString()).exitCode());
        assertEquals(2, Vmlab.run("check").exitCode());
    }
}
