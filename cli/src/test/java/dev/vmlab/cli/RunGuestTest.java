package dev.vmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vmlab run} on tiny hand-assembled guests: console output, verdicts, summaries and traces. */
class RunGuestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** mtvec's CSR number. */
    private static final int MTVEC = 0x305;

    @TempDir
    Path dir;

    /** Prints "hi\n" and passes through the test finisher; {@link #HELLO_INSNS} instructions retire. */
    private static Rv hello() {
        return new Rv().print("hi\n").finisher(0x5555);
    }

    /** 1 lui + 3 × (addi, sb) + lui + lui + addi + sw: the final spin never runs. */
    private static final int HELLO_INSNS = 11;

    private Path elf(String name, Rv rv) throws IOException {
        return ElfWriter.program(rv.spin().bytes()).write(dir.resolve(name));
    }

    @Test
    void helloPrintsToStdoutAndPasses() throws IOException {
        assertEquals(HELLO_INSNS, hello().count());
        Vmlab.Result r = Vmlab.run("run", elf("hello.elf", hello()).toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("hi\n", r.out(), r::toString);
        assertTrue(r.err().contains("vmlab: guest passed"), r::toString);
        assertTrue(r.err().contains(HELLO_INSNS + " instructions in"), r::toString);
    }

    @Test
    void quietPrintsNoSummary() throws IOException {
        Vmlab.Result r = Vmlab.run("run", "-q", elf("hello.elf", hello()).toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("hi\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void finisherFailureExitsOneWithTheCode() throws IOException {
        Rv rv = new Rv().print("no\n").finisher(0x3333 | 7 << 16);
        Vmlab.Result r = Vmlab.run("run", elf("fail.elf", rv).toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("no\n", r.out());
        assertTrue(r.err().contains("vmlab: guest reported failure, code 7"), r::toString);
    }

    @Test
    void finisherFailureWithCodeZeroStillFails() throws IOException {
        Vmlab.Result r = Vmlab.run("run", elf("fail0.elf", new Rv().finisher(0x3333)).toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("guest reported failure, code 1"), r::toString);
    }

    @Test
    void instructionLimitStopsAnEndlessLoop() throws IOException {
        Path f = ElfWriter.program(new Rv().spin().bytes()).write(dir.resolve("loop.elf"));
        Vmlab.Result r = Vmlab.run("run", "--max-insns", "1000", f.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("", r.out());
        assertTrue(r.err().contains("vmlab: instruction limit reached"), r::toString);
        assertTrue(r.err().contains("1,000 instructions in"), r::toString);
    }

    @Test
    void jsonSummaryParses() throws IOException {
        Vmlab.Result r = Vmlab.run("run", "--format", "json", elf("hello.elf", hello()).toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("hi\n", r.out());
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), "the JSON summary is the only thing on stderr\n" + r);
        JsonNode s = JSON.readTree(lines.get(0));
        assertEquals("pass", s.get("result").asText());
        assertEquals(0, s.get("exit_status").asInt());
        assertEquals(HELLO_INSNS, s.get("instructions").asLong());
        assertTrue(s.get("traps").isObject() && s.get("traps").isEmpty(), s.toString());
        assertTrue(s.get("seconds").isNumber() && s.get("mips").isNumber(), s.toString());
    }

    @Test
    void jsonSummaryCountsTraps() throws IOException {
        // mtvec = the handler, ecall (a trap from M-mode), the handler reports a failure with code 3.
        Rv rv = new Rv();
        rv.auipc(Rv.T0, 0).addi(Rv.T0, Rv.T0, 16).csrw(MTVEC, Rv.T0).ecall();
        assertEquals(4, rv.count(), "the handler starts 16 bytes in");
        rv.finisher(0x3333 | 3 << 16);
        Vmlab.Result r = Vmlab.run("run", "--format", "json", elf("trap.elf", rv).toString());
        assertEquals(1, r.exitCode(), r::toString);
        JsonNode s = JSON.readTree(r.errLines().get(0));
        assertEquals("fail", s.get("result").asText());
        assertEquals(3, s.get("exit_status").asInt());
        assertEquals(1, s.get("traps").size(), s.toString());
        assertEquals(1, s.get("traps").get("environment_call_from_m_mode").asInt(), s.toString());
        // auipc, addi, csrw + lui, lui, addi, sw: an ecall that traps does not retire
        assertEquals(7, s.get("instructions").asLong(), s.toString());
    }

    @Test
    void textSummaryNamesTraps() throws IOException {
        Rv rv = new Rv();
        rv.auipc(Rv.T0, 0).addi(Rv.T0, Rv.T0, 16).csrw(MTVEC, Rv.T0).ecall().finisher(0x5555);
        Vmlab.Result r = Vmlab.run("run", elf("trap.elf", rv).toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().lines().anyMatch(l -> l.matches("\\s+1  environment call from M-mode")), r::toString);
    }

    @Test
    void instructionTraceHasOneLinePerRetiredInstruction() throws IOException {
        Path trace = dir.resolve("insn.trace");
        Vmlab.Result r = Vmlab.run("run", "--format", "json", "--trace", "insn", "--trace-file", trace.toString(),
            elf("hello.elf", hello()).toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("hi\n", r.out());
        long retired = JSON.readTree(r.errLines().get(0)).get("instructions").asLong();
        List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
        assertEquals(retired, lines.size(), String.join("\n", lines));
        assertEquals(HELLO_INSNS, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String pc = String.format("0x%016x", 0x8000_0000L + 4L * i);
            assertTrue(lines.get(i).contains(" insn ") && lines.get(i).contains(pc), lines.get(i));
        }
        assertTrue(lines.get(0).contains("lui"), lines.get(0));
        assertTrue(lines.get(HELLO_INSNS - 1).contains("sw"), lines.get(HELLO_INSNS - 1));
    }

    @Test
    void jsonlTraceLinesParse() throws IOException {
        Path trace = dir.resolve("insn.jsonl");
        Vmlab.Result r = Vmlab.run("run", "-q", "--trace", "insn", "--trace-format", "jsonl", "--trace-file", trace.toString(),
            elf("hello.elf", hello()).toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.err(), "the trace goes to the file only");
        List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
        assertEquals(HELLO_INSNS, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode e = JSON.readTree(lines.get(i));
            assertEquals("insn", e.get("kind").asText(), lines.get(i));
            assertEquals(i, e.get("instret").asLong(), lines.get(i));
            assertEquals(0x8000_0000L + 4L * i, Long.decode(e.get("pc").asText()), lines.get(i));
        }
    }

    @Test
    void traceLimitGivesExactlyThatManyLines() throws IOException {
        Path trace = dir.resolve("limited.trace");
        Path loop = ElfWriter.program(new Rv().spin().bytes()).write(dir.resolve("loop.elf"));
        Vmlab.Result r = Vmlab.run("run", "-q", "--max-insns", "100", "--trace", "insn", "--trace-limit", "7",
            "--trace-file", trace.toString(), loop.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals(7, Files.readAllLines(trace, StandardCharsets.UTF_8).size());
    }

    @Test
    void traceWithoutFileGoesToStderrNotStdout() throws IOException {
        Vmlab.Result r = Vmlab.run("run", "-q", "--trace", "insn", elf("hello.elf", hello()).toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("hi\n", r.out(), "the guest console stays clean");
        assertEquals(HELLO_INSNS, r.errLines().size(), r::toString);
        assertTrue(r.errLines().stream().allMatch(l -> l.contains(" insn ")), r::toString);
    }

    /** tohost at 0x80001000; the program stores {@code value} there with sd. */
    private Path htif(String name, int value) throws IOException {
        Rv rv = new Rv().auipc(Rv.T0, 1).addi(Rv.T1, Rv.ZERO, value).sd(Rv.T1, Rv.T0, 0).spin();
        return ElfWriter.program(rv.bytes())
            .segment(0x8000_1000L, new byte[16], 16)
            .symbol("tohost", 0x8000_1000L)
            .symbol("fromhost", 0x8000_1008L)
            .write(dir.resolve(name));
    }

    @Test
    void htifPass() throws IOException {
        Vmlab.Result r = Vmlab.run("run", "--max-insns", "100000", htif("pass.elf", 1).toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("vmlab: guest passed"), r::toString);
        assertTrue(r.err().contains(" 3 instructions in"), r::toString);
    }

    @Test
    void htifFailureCarriesTheCode() throws IOException {
        Vmlab.Result r = Vmlab.run("run", "--max-insns", "100000", htif("fail.elf", 5 << 1 | 1).toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("vmlab: guest reported failure, code 5"), r::toString);
    }

    @Test
    void withoutATohostSymbolTheStoreIsJustAStore() throws IOException {
        Rv rv = new Rv().auipc(Rv.T0, 1).addi(Rv.T1, Rv.ZERO, 1).sd(Rv.T1, Rv.T0, 0).spin();
        Path f = ElfWriter.program(rv.bytes()).segment(0x8000_1000L, new byte[16], 16).write(dir.resolve("plain.elf"));
        Vmlab.Result r = Vmlab.run("run", "--max-insns", "500", f.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("instruction limit reached"), r::toString);
        assertFalse(r.err().contains("passed"), r::toString);
    }
}
