package dev.vmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vmlab run scenario.json}: the scenario's VM on the console, its expectations not graded. */
class RunScenarioTest {
    @TempDir
    Path dir;

    @Test
    void runsTheScenariosVmWithTheConsoleOnStandardOutput() {
        Vmlab.Result r = Vmlab.run("run", "../scenarios/hello.json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("Hello from a RISC-V guest on vmlab!\n", r.out());
        assertTrue(r.err().contains("vmlab: guest passed"), r::toString);
    }

    @Test
    void expectationsAreNotGradedByRun() throws IOException {
        Path s = dir.resolve("s.json");
        Files.writeString(s, "{\"name\": \"s\", \"vms\": [{\"guest\": {\"elf\": \""
            + Path.of("../samples/hello/hello.elf").toAbsolutePath() + "\"}}], \"expect\": {\"console\": {\"contains\": [\"nope\"]}}}");
        assertEquals(0, Vmlab.run("run", "-q", s.toString()).exitCode());
    }

    @Test
    void maxInsnsAndTraceOptionsOverrideTheScenario() throws IOException {
        Path trace = dir.resolve("t.jsonl");
        Vmlab.Result r = Vmlab.run("run", "--max-insns", "50", "--trace", "mmio", "--trace-format", "jsonl",
            "--trace-file", trace.toString(), "--format", "json", "../scenarios/hello.json");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("\"result\":\"insn_limit\""), r::toString);
        assertTrue(r.err().contains("\"instructions\":50"), r::toString);
        List<String> lines = Files.readAllLines(trace);
        assertTrue(!lines.isEmpty() && lines.stream().allMatch(l -> l.contains("\"kind\":\"mmio\"")), lines::toString);
    }

    @Test
    void vmOptionsConflictWithAScenario() {
        Vmlab.Result r = Vmlab.run("run", "--memory", "64M", "../scenarios/hello.json");
        assertEquals(2, r.exitCode());
        assertEquals(List.of("vmlab: --memory: ../scenarios/hello.json is a scenario, which sets the VM itself; "
            + "edit its \"vms\" entry"), r.errLines());
    }

    @Test
    void aModeNotAvailableYetIsBadInput() throws IOException {
        Path s = dir.resolve("hw.json");
        Files.writeString(s, "{\"name\": \"hw\",\n \"vms\": [{\"mode\": \"hw\", \"guest\": {\"elf\": \""
            + Path.of("../samples/hello/hello.elf").toAbsolutePath() + "\"}}]}");
        Vmlab.Result r = Vmlab.run("run", s.toString());
        assertEquals(2, r.exitCode());
        assertEquals(List.of("vmlab: " + s + ":2:19: vms[0].mode: mode \"hw\" is not available yet (available: isa)"),
            r.errLines());
    }

    @Test
    void aMalformedScenarioIsBadInputWithItsPosition() throws IOException {
        Path s = dir.resolve("m.json");
        Files.writeString(s, "{\"name\": \"m\",\n  \"vms\": [\n}");
        Vmlab.Result r = Vmlab.run("run", s.toString());
        assertEquals(2, r.exitCode());
        assertEquals(List.of("vmlab: " + s + ":3:1: malformed JSON: Unexpected close marker '}': expected ']' "
            + "(for the array that starts at 2:10)"), r.errLines());
    }
}
