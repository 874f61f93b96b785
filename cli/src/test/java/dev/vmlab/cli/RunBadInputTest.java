package dev.vmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to {@code vmlab run} (DESIGN §7, §8): exit code 2 and exactly one line on standard
 * error, {@code vmlab: } then the file or option at fault and what is wrong with it; no stack
 * trace, nothing on standard output, nothing left on disk.
 */
class RunBadInputTest {
    /** Builds the command line for one case inside a fresh directory. */
    @FunctionalInterface
    interface Setup {
        String[] args(Path dir) throws IOException;
    }

    /**
     * One row of the table: the arguments to pass and the fragments the error line must
     * contain, in order (the first is normally the file or option the user got wrong).
     */
    record Case(String name, Setup setup, String... expected) {
        @Override
        public String toString() { return name; }
    }

    static Path guest(Path dir) throws IOException {
        Rv rv = new Rv().finisher(0x5555).spin();
        return ElfWriter.program(rv.bytes()).write(dir.resolve("ok.elf"));
    }

    static String[] run(String... rest) {
        String[] a = new String[rest.length + 1];
        a[0] = "run";
        System.arraycopy(rest, 0, a, 1, rest.length);
        return a;
    }

    static Stream<Case> cases() {
        byte[] code = new Rv().finisher(0x5555).spin().bytes();
        return Stream.of(
            new Case("missing file", d -> run(d.resolve("nope.elf").toString()),
                d("nope.elf") + ": no such file"),
            new Case("directory", d -> run(Files.createDirectory(d.resolve("adir")).toString()),
                d("adir") + ": is a directory"),
            new Case("empty file", d -> run(Files.createFile(d.resolve("empty.elf")).toString()),
                d("empty.elf") + ": empty file"),
            new Case("text file, not an ELF", d -> run(Files.writeString(d.resolve("notes.txt"), "hello, world\n").toString()),
                d("notes.txt") + ": not an ELF file"),
            new Case("32-bit ELF", d -> run(ElfWriter.program(code).elfClass(1).write(d.resolve("rv32.elf")).toString()),
                d("rv32.elf") + ": 32-bit ELF"),
            new Case("big-endian ELF", d -> run(ElfWriter.program(code).dataEncoding(2).write(d.resolve("be.elf")).toString()),
                d("be.elf") + ": big-endian ELF"),
            new Case("x86-64 ELF", d -> run(ElfWriter.program(code).machine(62).write(d.resolve("x86.elf")).toString()),
                d("x86.elf") + ": ELF for x86-64"),
            new Case("segment below RAM", d -> run(new ElfWriter().entry(0x1000).segment(0x1000, code, code.length)
                    .write(d.resolve("low.elf")).toString()),
                d("low.elf") + ": segment 0 at 0x1000", "lies outside RAM 0x80000000..0x88000000"),
            new Case("segment above RAM", d -> run(new ElfWriter().entry(0x2_0000_0000L).segment(0x2_0000_0000L, code, code.length)
                    .write(d.resolve("high.elf")).toString()),
                d("high.elf") + ": segment 0 at 0x200000000", "lies outside RAM"),
            new Case("segment straddling the end of RAM", d -> run("--memory", "1M",
                    new ElfWriter().segment(0x8000_0000L, code, 2 << 20).write(d.resolve("big.elf")).toString()),
                d("big.elf") + ": segment 0 at 0x80000000..0x80200000", "lies outside RAM 0x80000000..0x80100000"),
            new Case("truncated ELF (segment cut short)", d -> {
                    byte[] whole = ElfWriter.program(new byte[256]).bytes();
                    Path f = Files.write(d.resolve("cut.elf"), Arrays.copyOf(whole, whole.length - 100));
                    return run(f.toString());
                },
                d("cut.elf") + ": truncated: segment 0 ends at byte"),
            new Case("truncated ELF (header cut short)", d -> {
                    byte[] whole = ElfWriter.program(code).bytes();
                    return run(Files.write(d.resolve("head.elf"), Arrays.copyOf(whole, 40)).toString());
                },
                d("head.elf") + ": truncated: the ELF header needs 64 bytes but the file has 40"),
            new Case("disk image not a multiple of 512", d -> run("--disk",
                    Files.write(d.resolve("odd.img"), new byte[1000]).toString(), guest(d).toString()),
                "disk image", d("odd.img"), "size 1000 is not a multiple of 512"),
            new Case("missing disk image", d -> run("--disk", d.resolve("gone.img").toString(), guest(d).toString()),
                "disk image", d("gone.img") + ": no such file"),
            new Case("unknown trace kind", d -> run("--trace", "bogus", guest(d).toString()),
                "--trace", "unknown trace kind 'bogus'", "insn"),
            new Case("unknown trace format", d -> run("--trace", "insn", "--trace-format", "xml",
                    "--trace-file", d.resolve("t.log").toString(), guest(d).toString()),
                "--trace-format", "unknown trace format 'xml'", "text, jsonl"),
            new Case("memory not a size", d -> run("--memory", "12Q", guest(d).toString()),
                "--memory 12Q: not a size"),
            new Case("memory too small", d -> run("--memory", "64K", guest(d).toString()),
                "--memory 64K: must be between 1M and 2040M"),
            new Case("memory not a multiple of 4K", d -> run("--memory", "1048577", guest(d).toString()),
                "--memory 1048577", "multiple of 4K"),
            new Case("mode full", d -> run("--mode", "full", guest(d).toString()),
                "--mode full: not available in this version (available: isa)"),
            new Case("mode para", d -> run("--mode", "para", guest(d).toString()),
                "--mode para: not available"),
            new Case("mode hw", d -> run("--mode", "hw", guest(d).toString()),
                "--mode hw: not available"),
            new Case("engine unknown", d -> run("--engine", "jit", guest(d).toString()),
                "--engine jit: must be interp or dbt"),
            new Case("tlb not a power of two", d -> run("--tlb", "3", guest(d).toString()),
                "--tlb 3: must be 0 or a power of two"),
            new Case("summary format", d -> run("--format", "yaml", guest(d).toString()),
                "--format yaml: must be text or json"),
            new Case("trace options without --trace", d -> run("--trace-limit", "5", guest(d).toString()),
                "--trace-limit", "need --trace"),
            new Case("bad --trace-pc", d -> run("--trace", "insn", "--trace-pc", "0x80000000", guest(d).toString()),
                "--trace-pc 0x80000000: expected LO:HI"));
    }

    /** Marks a name the setup will resolve in the case's directory; see {@link #resolve}. */
    private static String d(String name) {
        return "<dir>/" + name;
    }

    private static String resolve(String fragment, Path dir) {
        return fragment.replace("<dir>/", dir.toString() + dir.getFileSystem().getSeparator());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exitsTwoWithOneLineNamingTheProblem(Case c, @TempDir Path dir) throws IOException {
        String[] args = c.setup().args(dir);
        List<String> before = listing(dir);
        Vmlab.Result r = Vmlab.run(args);

        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("", r.out(), "nothing on stdout\n" + r);
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), () -> "exactly one line on stderr\n" + r);
        String line = lines.get(0);
        assertTrue(line.startsWith("vmlab: "), line);
        int from = 0;
        for (String fragment : c.expected()) {
            String want = resolve(fragment, dir);
            int at = line.indexOf(want, from);
            assertTrue(at >= 0, () -> "expected '" + want + "' in order in:\n" + line);
            from = at + want.length();
        }
        assertFalse(line.contains("Exception") || line.contains("\tat "), line);
        assertEquals(before, listing(dir), "the run must create or delete nothing");
    }

    @Test
    void unknownOptionGetsPicocliMessageAndSuggestion(@TempDir Path dir) throws IOException {
        Vmlab.Result r = Vmlab.run("run", "--quite", guest(dir).toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("", r.out());
        List<String> lines = r.errLines();
        assertEquals("vmlab: Unknown option: '--quite'", lines.get(0), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Possible solutions:") && l.contains("--quiet")), r::toString);
        assertEquals("Try 'vmlab run --help' for more information.", lines.get(lines.size() - 1));
        assertFalse(r.err().contains("\tat "), r::toString);
    }

    @Test
    void unknownSubcommandIsBadInput() {
        Vmlab.Result r = Vmlab.run("rnu");
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("vmlab: Unmatched argument at index 0: 'rnu'", r.errLines().get(0), r::toString);
        assertEquals("Try 'vmlab --help' for more information.", r.errLines().get(r.errLines().size() - 1), r::toString);
    }

    @Test
    void missingGuestParameterIsBadInput() {
        Vmlab.Result r = Vmlab.run("run");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.errLines().get(0).startsWith("vmlab: Missing required parameter: 'GUEST'"), r::toString);
    }

    @Test
    void verboseAddsTheStackTraceAfterTheSameLine(@TempDir Path dir) {
        String missing = dir.resolve("nope.elf").toString();
        for (String[] args : List.of(new String[] {"-v", "run", missing}, new String[] {"run", "-v", missing})) {
            Vmlab.Result r = Vmlab.run(args);
            assertEquals(2, r.exitCode(), r::toString);
            assertEquals("vmlab: " + missing + ": no such file", r.errLines().get(0), r::toString);
            assertTrue(r.errLines().size() > 2 && r.err().contains("\tat dev.vmlab.cli.RunCommand"),
                () -> String.join(" ", args) + " shows the stack trace\n" + r);
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(Path::toString).sorted().toList();
        }
    }
}
