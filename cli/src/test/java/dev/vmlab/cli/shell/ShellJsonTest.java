package dev.vmlab.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --format json} on the commands that report something: one JSON object on one line, hex strings for 64-bit values. */
class ShellJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Driver d;

    @BeforeEach
    void inSupervisorModeWithSv39() {
        d = new Driver();
        d.run("load samples/bench/bench-sv39.elf");
        d.run("until s_entry");
    }

    private JsonNode json(String command) throws IOException {
        String out = d.run(command);
        assertEquals(1, out.lines().count(), out);
        return JSON.readTree(out);
    }

    @Test
    void regs() throws IOException {
        JsonNode r = json("regs --format json");
        assertEquals("S", r.get("priv").asText());
        assertEquals("0x0000000080000082", r.get("pc").asText());
        assertEquals(34, r.size(), "priv, pc and 32 registers");
        assertEquals("0x0000000000000000", r.get("zero").asText());
    }

    @Test
    void csr() throws IOException {
        JsonNode all = json("csr --format json");
        assertEquals("0x8000000000080006", all.get("satp").asText());
        JsonNode satp = json("csr satp --format json");
        assertEquals(8, satp.get("fields").get("MODE").asInt());
        assertEquals(0x80006, satp.get("fields").get("PPN").asLong());
        assertEquals("0x180", satp.get("number").asText());
    }

    @Test
    void pageWalkAndFault() throws IOException {
        JsonNode ok = json("pt 0x80001000 --format json");
        assertEquals("sv39", ok.get("mode").asText());
        assertEquals(3, ok.get("levels").size());
        assertEquals("0x0000000080006010", ok.get("levels").get(0).get("pte_address").asText());
        assertEquals("0x0000000080001000", ok.get("pa").asText());
        assertEquals(4096, ok.get("page_size").asLong());
        JsonNode bad = json("pt 0x7fff0000 fetch --format json");
        assertFalse(bad.has("pa"));
        assertEquals("instruction_page_fault", bad.get("fault").get("cause").asText());
        assertEquals("PTE at level 2 is not valid (V=0)", bad.get("fault").get("reason").asText());
    }

    @Test
    void tlbStatsAndBreakpoints() throws IOException {
        d.run("continue 1000");
        JsonNode tlb = json("tlb --format json");
        assertEquals(64, tlb.get("entries_per_set").asInt());
        assertTrue(tlb.get("misses").asLong() > 0);
        assertTrue(tlb.get("entries").size() > 0);
        assertTrue(tlb.get("entries").get(0).get("translated").asBoolean());
        JsonNode stats = json("stats --format json");
        assertEquals(d.hart().retired, stats.get("instructions").asLong());
        assertEquals(tlb.get("misses").asLong(), stats.get("tlb").get("misses").asLong());
        d.run("break bench_main");
        d.run("break trap illegal_instruction");
        JsonNode bps = json("breakpoints --format json").get("breakpoints");
        assertEquals("pc", bps.get(0).get("kind").asText());
        assertEquals("bench_main", bps.get(0).get("symbol").asText());
        assertEquals("illegal_instruction", bps.get(1).get("cause").asText());
    }
}
