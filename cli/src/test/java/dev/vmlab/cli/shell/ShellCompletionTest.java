package dev.vmlab.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tab completion: commands, options, file paths, registers, CSRs, symbols, trap causes, trace kinds. */
class ShellCompletionTest {
    @TempDir
    Path dir;

    private Terminal terminal;
    private LineReader reader;
    private Driver driver;
    private ShellCompleter completer;

    @BeforeEach
    void setUp() throws IOException {
        terminal = new DumbTerminal("test", Terminal.TYPE_DUMB, new ByteArrayInputStream(new byte[0]),
            new ByteArrayOutputStream(), StandardCharsets.UTF_8);
        reader = LineReaderBuilder.builder().terminal(terminal).build();
        driver = new Driver();
        completer = new ShellCompleter(driver.commands, driver.session);
    }

    @AfterEach
    void tearDown() throws IOException {
        terminal.close();
    }

    /** The candidate values offered with the cursor at the end of {@code line}, those starting with the word typed. */
    private Set<String> complete(String line) {
        var parsed = new DefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE);
        List<Candidate> out = new ArrayList<>();
        completer.complete(reader, parsed, out);
        Set<String> values = new TreeSet<>();
        for (Candidate c : out) if (c.value().startsWith(parsed.word())) values.add(c.value());
        return values;
    }

    @Test
    void commandNamesAndAliases() {
        assertEquals(Set.of("step", "stats", "s", "si"), complete("s"));
        assertTrue(complete("").containsAll(List.of("load", "continue", "run", "break", "pt", "tlb", "quit")));
    }

    @Test
    void options() {
        assertEquals(Set.of("-v"), complete("mem -"));
        assertEquals(Set.of("--all", "--format"), complete("tlb --"));
        assertEquals(Set.of("text", "json"), complete("pt 0x1000 --format "));
    }

    @Test
    void filePathsForLoad() throws IOException {
        Files.writeString(dir.resolve("guest.elf"), "");
        Files.writeString(dir.resolve("lab.json"), "");
        Set<String> c = complete("load " + dir + "/g");
        assertEquals(1, c.size(), c::toString);
        assertTrue(c.iterator().next().endsWith("guest.elf"), c::toString);
    }

    @Test
    void registersAndCsrs() {
        assertEquals(Set.of("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "sp"),
            complete("regs s"));
        assertEquals(Set.of("mstatus"), complete("csr mst"));
        assertTrue(complete("csr s").containsAll(List.of("satp", "sstatus", "sepc", "scause")));
    }

    @Test
    void symbolsOfTheLoadedGuestAndRegistersForAddresses() {
        assertEquals(Set.of(), complete("until _st"), "no guest, no symbols");
        driver.run("load samples/shell/hello.elf");
        assertEquals(Set.of("_start"), complete("until _st"));
        assertEquals(Set.of("message"), complete("mem mes"));
        assertEquals(Set.of("$sp", "$s0", "$s1", "$s2", "$s3", "$s4", "$s5", "$s6", "$s7", "$s8", "$s9", "$s10", "$s11"),
            complete("disasm $s"));
        assertTrue(complete("break ").containsAll(List.of("trap", "next", "wait", "$ra")));
    }

    @Test
    void trapCausesAfterBreakTrap() {
        assertEquals(Set.of("illegal_instruction", "instruction_access_fault", "instruction_address_misaligned",
            "instruction_page_fault"), complete("break trap i"));
        assertTrue(complete("break trap ").containsAll(List.of("any", "machine_timer_interrupt", "load_page_fault")));
    }

    @Test
    void traceKindsCompleteAfterACommaToo() {
        assertEquals(Set.of("trap", "tlb"), complete("trace t"));
        assertEquals(Set.of("insn,trap", "insn,tlb"), complete("trace insn,t"));
        assertTrue(complete("trace ").containsAll(List.of("all", "off", "pagewalk")));
    }

    @Test
    void helpTopicsAndPageWalkAccesses() {
        assertEquals(Set.of("scripts", "stats", "step"), complete("help s"));
        assertEquals(Set.of("store"), complete("pt 0x80001000 st"));
    }
}
