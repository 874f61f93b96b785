package dev.vmlab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grading: each kind of expectation, passing and failing, with what it says it expected and saw. */
class GraderTest {
    private static Scenario scenario(String expect) {
        return ScenarioLoaderTest.parse(ScenarioLoaderTest.doc("\"expect\": " + expect + ","));
    }

    private static RunResult result(Scenario s, Outcome outcome, int status, String console, Map<String, Long> counters,
                                    long... eventCounts) {
        List<EventPattern> patterns = new java.util.ArrayList<>(s.expect().mustAppear());
        patterns.addAll(s.expect().mustNotAppear());
        List<RunResult.EventObservation> events = new java.util.ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            long n = eventCounts[i];
            events.add(new RunResult.EventObservation(patterns.get(i), n, n == 0 ? null : "instret 7, pc 0x80000010"));
        }
        Map<String, Long> all = new LinkedHashMap<>();
        for (String name : Counters.names()) all.put(name, 0L);
        all.putAll(counters);
        String detail = outcome == Outcome.LIMIT ? "instruction limit reached" : outcome.label();
        return new RunResult("t", "vm0", Vm.Mode.ISA, outcome, detail, status, 0.1, console, false, all, events);
    }

    private static List<String> lines(Grade g) {
        return g.lines().stream().map(l -> (l.passed() ? "PASS " : "FAIL ") + l.id() + " | " + l.what() + " | "
            + l.expected() + " | " + l.seen()).toList();
    }

    @Test
    void consoleExpectations() {
        Scenario s = scenario("""
            {"console": {"contains": ["world", "moon"], "not_contains": ["panic", "hello"], "regex": ["^w.r", "x+y"],
                         "exact": "hello\\nworld\\n"}}""");
        Grade g = Grader.grade(s, result(s, Outcome.PASS, 0, "hello\r\nworld\r\nbye\r\n", Map.of()));
        assertEquals(List.of(
            "PASS expect.console.contains[0] | console contains \"world\" | present | line 2",
            "FAIL expect.console.contains[1] | console contains \"moon\" | present | absent",
            "PASS expect.console.not_contains[0] | console lacks \"panic\" | absent | absent",
            "FAIL expect.console.not_contains[1] | console lacks \"hello\" | absent | line 1",
            "PASS expect.console.regex[0] | console matches /^w.r/ | a match | \"wor\" on line 2",
            "FAIL expect.console.regex[1] | console matches /x+y/ | a match | no match",
            "FAIL expect.console.exact | console is exactly \"hello\\nworld\\n\" | 12 characters | line 3 is \"bye\", not \"\""),
            lines(g));
        assertFalse(g.passed());
        assertEquals(3, g.passedCount());
    }

    @Test
    void exactOutputDifferences() {
        assertEquals("identical", Grader.difference("a\nb", "a\nb"));
        assertEquals("no line 2 (expected \"b\")", Grader.difference("a\nb", "a"));
        assertEquals("extra output from line 2: \"c\"", Grader.difference("a", "a\nc"));
    }

    @Test
    void exitExpectations() {
        Scenario s = scenario("{\"exit\": {\"result\": \"pass\", \"status\": 0}}");
        assertEquals(List.of("PASS expect.exit.result | exit result | pass | pass",
                "PASS expect.exit.status | exit status | 0 | 0"),
            lines(Grader.grade(s, result(s, Outcome.PASS, 0, "", Map.of()))));
        assertEquals(List.of("FAIL expect.exit.result | exit result | pass | fail (status 3)",
                "FAIL expect.exit.status | exit status | 0 | 3"),
            lines(Grader.grade(s, result(s, Outcome.FAIL, 3, "", Map.of()))));
        assertEquals(List.of("FAIL expect.exit.result | exit result | pass | limit: instruction limit reached",
                "FAIL expect.exit.status | exit status | 0 | none (limit)"),
            lines(Grader.grade(s, result(s, Outcome.LIMIT, -1, "", Map.of()))));
    }

    @Test
    void counterExpectations() {
        Scenario s = scenario("""
            {"counters": [{"counter": "instructions", "min": 10, "max": 20}, {"counter": "traps.illegal_instruction", "equals": 1},
                          {"counter": "tlb.misses", "max": 5}, {"counter": "vm_exits.wfi", "equals": 0},
                          {"counter": "hypercalls", "min": 1}]}""");
        Grade g = Grader.grade(s, result(s, Outcome.PASS, 0, "", Map.of("instructions", 25L, "traps.illegal_instruction", 1L,
            "tlb.misses", 5L)));
        assertEquals(List.of(
            "FAIL expect.counters[0] | counter instructions | 10..20 | 25",
            "PASS expect.counters[1] | counter traps.illegal_instruction | = 1 | 1",
            "PASS expect.counters[2] | counter tlb.misses | <= 5 | 5",
            "FAIL expect.counters[3] | counter vm_exits.wfi | = 0 | not measured in mode isa",
            "FAIL expect.counters[4] | counter hypercalls | >= 1 | not measured in mode isa"), lines(g));
    }

    @Test
    void eventExpectations() {
        Scenario s = scenario("""
            {"events": {"must_appear": [{"kind": "trap", "cause": "illegal_instruction"}, {"kind": "irq"}],
                        "must_not_appear": [{"kind": "pagewalk", "event": "fault"}, {"kind": "csr", "csr": "satp"}]}}""");
        Grade g = Grader.grade(s, result(s, Outcome.PASS, 0, "", Map.of(), 2, 0, 0, 1));
        assertEquals(List.of(
            "PASS expect.events.must_appear[0] | event trap cause=illegal_instruction | at least once | 2 times, first at instret 7, pc 0x80000010",
            "FAIL expect.events.must_appear[1] | event irq | at least once | never",
            "PASS expect.events.must_not_appear[0] | no event pagewalk event=fault | never | never",
            "FAIL expect.events.must_not_appear[1] | no event csr csr=satp | never | once, first at instret 7, pc 0x80000010"),
            lines(g));
    }

    @Test
    void eventsThatWereNotRecordedFail() {
        Scenario s = scenario("{\"events\": {\"must_not_appear\": [{\"kind\": \"trap\"}]}}");
        RunResult r = new RunResult("t", "vm0", Vm.Mode.ISA, Outcome.PASS, "", 0, 0, "", false, Map.of(), List.of());
        assertEquals(List.of("FAIL expect.events.must_not_appear[0] | no event trap | never | not recorded"),
            lines(Grader.grade(s, r)));
    }

    @Test
    void aScenarioWithoutExpectationsPassesWithNoLines() {
        Scenario s = ScenarioLoaderTest.parse(ScenarioLoaderTest.doc(""));
        Grade g = Grader.grade(s, result(s, Outcome.FAIL, 1, "", Map.of()));
        assertTrue(g.passed());
        assertTrue(g.lines().isEmpty());
    }

    @Test
    void theJsonReportHasTheDocumentedShape() {
        Scenario s = scenario("{\"exit\": {\"result\": \"pass\"}, \"counters\": [{\"counter\": \"instructions\", \"max\": 5}]}");
        Grade g = Grader.grade(s, result(s, Outcome.PASS, 0, "hi\n", Map.of("instructions", 9L)));
        JsonNode j = GradeReport.json(List.of(new GradeReport.Entry("t.json", g, null),
            new GradeReport.Entry("bad.json", null, "bad.json:1:1: malformed JSON: the file is empty")));
        assertEquals(1, j.get("version").asInt());
        assertFalse(j.get("passed").asBoolean());
        assertEquals("{\"scenarios\":2,\"scenarios_passed\":0,\"errors\":1,\"expectations\":2,\"expectations_passed\":1}",
            j.get("summary").toString());
        JsonNode first = j.get("scenarios").get(0);
        assertEquals("t", first.get("name").asText());
        assertEquals("pass", first.at("/run/result").asText());
        assertEquals(0, first.at("/run/exit_status").asInt());
        assertEquals(9, first.at("/counters/instructions").asInt());
        assertEquals("{\"id\":\"expect.counters[0]\",\"what\":\"counter instructions\",\"expected\":\"<= 5\",\"seen\":\"9\","
            + "\"passed\":false}", first.get("expectations").get(1).toString());
        JsonNode second = j.get("scenarios").get(1);
        assertTrue(second.get("run").isNull());
        assertEquals("bad.json:1:1: malformed JSON: the file is empty", second.get("error").asText());
    }
}
