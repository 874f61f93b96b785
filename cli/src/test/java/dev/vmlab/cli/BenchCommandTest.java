package dev.vmlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCommandTest {
    private static final String HELLO = Path.of("..", "samples", "hello", "hello.elf").toAbsolutePath().toString();

    @Test
    void jsonReportsTheExactInstructionCountOfEachRun() throws Exception {
        Vmlab.Result r = Vmlab.run("bench", "--runs", "2", "--warmup", "0", "--format", "json", HELLO);
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode o = new ObjectMapper().readTree(r.out().strip());
        assertEquals(HELLO, o.get("guest").asText());
        assertEquals(297, o.get("instructions").asLong(), "hello retires 297 instructions, every run");
        assertEquals(2, o.get("runs").asInt());
        assertTrue(o.get("seconds").asDouble() > 0);
        assertTrue(o.get("mips").asDouble() > 0);
    }

    @Test
    void textShowsOneRowPerGuest() {
        Vmlab.Result r = Vmlab.run("bench", "--runs", "1", "--warmup", "0", HELLO, HELLO);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(3, r.out().strip().split("\n").length, "a header and two rows");
        assertTrue(r.out().contains("hello.elf"), r.out());
    }

    @Test
    void missingGuestIsBadInput() {
        Vmlab.Result r = Vmlab.run("bench", "no-such.elf");
        assertEquals(2, r.exitCode());
        assertEquals("vmlab: no-such.elf: no such file", r.err().strip());
    }
}
