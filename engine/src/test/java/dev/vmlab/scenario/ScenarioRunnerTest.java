package dev.vmlab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmlab.BadInputException;
import dev.vmlab.machine.StopReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running scenarios: how runs end, console input and output, counters, recorded events, traces. */
class ScenarioRunnerTest {
    @TempDir
    Path dir;

    @BeforeEach
    void guests() throws IOException {
        TestGuests.elf(dir.resolve("hello.elf"), TestGuests.hello());
        TestGuests.elf(dir.resolve("echo.elf"), TestGuests.echo());
        TestGuests.elf(dir.resolve("illegal.elf"), TestGuests.illegal());
        TestGuests.elf(dir.resolve("idle.elf"), TestGuests.idle());
        TestGuests.elf(dir.resolve("spin.elf"), TestGuests.spin());
    }

    private Scenario scenario(String guest, String rest) {
        return ScenarioLoader.parse("{\"name\": \"t\", \"vms\": [{\"memory\": \"4M\", \"guest\": {\"elf\": \"" + guest + "\"}}]"
            + (rest.isEmpty() ? "" : ",\n" + rest) + "}", "s.json", dir);
    }

    private RunResult run(String guest, String rest) {
        return ScenarioRunner.run(scenario(guest, rest), RunOptions.grading());
    }

    @Test
    void theShippedHelloScenarioPassesEveryExpectation() {
        Scenario s = ScenarioLoader.load(Path.of("../scenarios/hello.json"));
        RunResult r = ScenarioRunner.run(s, RunOptions.grading());
        assertEquals(Outcome.PASS, r.outcome());
        assertEquals("Hello from a RISC-V guest on vmlab!\n", r.console());
        assertEquals(0, r.exitStatus());
        Grade g = Grader.grade(s, r);
        assertTrue(g.passed(), g::toString);
        assertEquals(s.expect().count(), g.lines().size());
    }

    @Test
    void aGuestThatPassesHasItsOutputAndCounters() {
        RunResult r = run("hello.elf", "");
        assertEquals(Outcome.PASS, r.outcome());
        assertEquals("guest passed", r.detail());
        assertEquals("hello\n", r.console());
        assertFalse(r.consoleTruncated());
        assertEquals(6L, r.counters().get("console.output_bytes"));
        assertEquals(r.instructions(), r.counters().get("cycles"));
        assertEquals(0L, r.counters().get("traps"));
        assertEquals("vm0", r.vm());
        assertEquals(Vm.Mode.ISA, r.mode());
    }

    @Test
    void inputIsDeliveredByTheUartsPollingTheSameWayEveryRun() {
        String rest = "\"input\": \"abc!\", \"limits\": {\"instructions\": 1000000}";
        RunResult a = run("echo.elf", rest), b = run("echo.elf", rest);
        assertEquals(Outcome.PASS, a.outcome(), a::toString);
        assertEquals("abc!", a.console());
        assertEquals(4L, a.counters().get("console.input_bytes"));
        assertEquals(a.instructions(), b.instructions());
    }

    @Test
    void aTrapIsCountedByCauseAndRecordedAsAnEvent() {
        RunResult r = run("illegal.elf", """
            "expect": {"events": {"must_appear": [{"kind": "trap", "cause": "illegal_instruction", "tval": 0}],
                                  "must_not_appear": [{"kind": "trap", "cause": 3}]}}""");
        assertEquals(Outcome.FAIL, r.outcome());
        assertEquals(3, r.exitStatus());
        assertEquals("guest failed, status 3", r.detail());
        assertEquals("trap\n", r.console());
        assertEquals(1L, r.counters().get("traps.illegal_instruction"));
        assertEquals(1L, r.counters().get("exceptions.illegal_instruction"));
        assertEquals(1L, r.counters().get("exceptions"));
        assertEquals(1L, r.counters().get("traps"));
        assertEquals(0L, r.counters().get("interrupts"));
        assertEquals(2, r.events().size());
        assertEquals(1, r.events().get(0).count());
        assertEquals("instret 3, epc 0x8000000c", r.events().get(0).first());
        assertEquals(0, r.events().get(1).count());
    }

    @Test
    void aGuestWaitingForNothingEndsIdle() {
        RunResult r = run("idle.elf", "");
        assertEquals(Outcome.IDLE, r.outcome());
        assertEquals("zzz\n", r.console());
        assertEquals(-1, r.exitStatus());
    }

    @Test
    void theInstructionLimitStopsTheRunExactly() {
        RunResult r = run("spin.elf", "\"limits\": {\"instructions\": 1000}");
        assertEquals(Outcome.LIMIT, r.outcome());
        assertEquals("instruction limit reached", r.detail());
        assertEquals(1000, r.instructions());
    }

    @Test
    void theWallClockLimitStopsARunawayGuest() {
        RunResult r = run("spin.elf", "\"limits\": {\"wall_seconds\": 0.2}");
        assertEquals(Outcome.LIMIT, r.outcome());
        assertEquals("wall-clock limit reached (0.2 s)", r.detail());
    }

    @Test
    void aSessionCanBeSteppedAndThenRunToTheSameLimit() {
        try (ScenarioSession s = ScenarioRunner.start(scenario("spin.elf", "\"limits\": {\"instructions\": 500}"),
                RunOptions.grading())) {
            assertEquals(StopReason.INSN_LIMIT, s.machine().run(200));
            RunResult r = s.run();
            assertEquals(Outcome.LIMIT, r.outcome());
            assertEquals(500, r.instructions());
            assertEquals(Outcome.LIMIT, s.run().outcome());
        }
    }

    @Test
    void theScenarioTraceIsWrittenWithItsFiltersWhileEventsAreRecordedInFull() throws IOException {
        Scenario s = scenario("hello.elf", """
            "trace": {"kinds": ["mmio"], "format": "jsonl", "file": "out.jsonl", "limit": 2},
            "expect": {"events": {"must_appear": [{"kind": "mmio", "write": true}, {"kind": "insn", "pc": "0x80000000"}]}}""");
        RunResult r = ScenarioRunner.run(s, new RunOptions(null, true, true, null, false, 1 << 20));
        List<String> lines = Files.readAllLines(dir.resolve("out.jsonl"));
        assertEquals(2, lines.size());
        assertTrue(lines.stream().allMatch(l -> l.contains("\"kind\":\"mmio\"")), lines::toString);
        assertEquals(7, r.events().get(0).count(), "every UART write and the finisher's");
        assertEquals(1, r.events().get(1).count());
    }

    @Test
    void gradingRunsWriteNoTrace() {
        Scenario s = scenario("hello.elf", "\"trace\": {\"kinds\": [\"mmio\"], \"file\": \"out.txt\"}");
        ScenarioRunner.run(s, RunOptions.grading());
        assertFalse(Files.exists(dir.resolve("out.txt")));
    }

    @Test
    void anAssemblySourceGuestIsAssembledWithItsDefines() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("greet.s"), String.join("\n",
            ".text", ".globl _start", "_start:",
            "  li t0, 0x10000000",
            ".ifdef LOUD", "  li t1, 'L'", ".else", "  li t1, 'q'", ".endif",
            "  sb t1, 0(t0)",
            "  li t0, 0x100000", "  li t1, 0x5555", "  sw t1, 0(t0)", "1: j 1b", ""));
        String doc = "{\"name\": \"t\", \"vms\": [{\"guest\": {\"source\": \"greet.s\", \"defines\": {\"LOUD\": 1}}}]}";
        RunResult r = ScenarioRunner.run(ScenarioLoader.parse(doc, "s.json", dir), RunOptions.grading());
        assertEquals("L", r.console());
    }

    @Test
    void whatThisVersionCannotRunIsBadInputAtTheField() {
        String[][] cases = {
            {"{\"name\": \"t\", \"vms\": [{\"mode\": \"full\", \"guest\": {\"elf\": \"hello.elf\"}}]}",
                "s.json:1:32: vms[0].mode: mode \"full\" is not available yet (available: isa)"},
            {"{\"name\": \"t\", \"vms\": [{\"vcpus\": 2, \"guest\": {\"elf\": \"hello.elf\"}}]}",
                "s.json:1:33: vms[0].vcpus: 2 vCPUs are not available yet (available: 1)"},
            {"{\"name\": \"t\", \"vms\": [{\"profile\": \"legacy\", \"guest\": {\"elf\": \"hello.elf\"}}]}",
                "s.json:1:35: vms[0].profile: ISA profile \"legacy\" is not available yet (available: classic)"},
            {"{\"name\": \"t\", \"vms\": [{\"guest\": {\"elf\": \"hello.elf\"}}, {\"guest\": {\"elf\": \"hello.elf\"}}]}",
                "s.json:1:22: vms: running 2 VMs at once is not available yet; this version runs one VM"},
        };
        for (String[] c : cases) {
            Scenario s = ScenarioLoader.parse(c[0], "s.json", dir);
            assertEquals(c[1], assertThrows(BadInputException.class, () -> ScenarioRunner.run(s, RunOptions.grading()))
                .getMessage());
        }
    }

    @Test
    void aBadGuestFileIsReportedAtItsField() throws IOException {
        Files.writeString(dir.resolve("text.elf"), "not an ELF");
        Scenario s = scenario("text.elf", "");
        String m = assertThrows(BadInputException.class, () -> ScenarioRunner.run(s, RunOptions.grading())).getMessage();
        assertEquals("s.json:1:57: " + dir.resolve("text.elf") + ": not an ELF file (bad magic)", m);
    }

    @Test
    void tooLittleMemoryForTheGuestPointsAtTheMemoryField() {
        Scenario s = ScenarioLoader.parse("{\"name\": \"t\", \"vms\": [{\"memory\": \"1M\", \"guest\": {\"elf\": \"hello.elf\"}}]}",
            "s.json", dir);
        assertEquals("s.json:1:34: " + dir.resolve("hello.elf") + ": image ends at 0x80000048 and leaves no room for the"
            + " device tree in 1 MiB of RAM; raise vms[0].memory",
            assertThrows(BadInputException.class, () -> ScenarioRunner.run(s, RunOptions.grading())).getMessage());
    }

    @Test
    void theModesGuestBuildIsChosen() throws IOException {
        Scenario s = ScenarioLoader.parse("{\"name\": \"t\", \"vms\": [{\"memory\": \"4M\", \"guest\": {\"elf\": \"spin.elf\"},"
            + " \"builds\": {\"isa\": {\"elf\": \"hello.elf\"}}}]}", "s.json", dir);
        assertEquals(Outcome.PASS, ScenarioRunner.run(s, RunOptions.grading()).outcome());
    }

    @Test
    void outputBeyondTheCaptureLimitIsCountedButNotKept() {
        Scenario s = scenario("hello.elf", "");
        RunResult r = ScenarioRunner.run(s, new RunOptions(null, true, false, null, false, 3));
        assertEquals("hel", r.console());
        assertTrue(r.consoleTruncated());
        assertEquals(6L, r.counters().get("console.output_bytes"));
    }

}
