package dev.vmlab.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command's bad input gets one precise line on standard error, {@code error: ...}, no
 * stack trace; the session goes on (the next command runs) and the script's status is 2.
 */
class ShellBadInputTest {
    @TempDir
    static Path dir;

    static Stream<Arguments> withoutAGuest() {
        return Stream.of(
            Arguments.of("regs", "no guest loaded; use: load <file.elf>"),
            Arguments.of("continue", "no guest loaded; use: load <file.elf>"),
            Arguments.of("step", "no guest loaded; use: load <file.elf>"),
            Arguments.of("csr", "no guest loaded; use: load <file.elf>"),
            Arguments.of("mem 0x80000000", "no guest loaded; use: load <file.elf>"),
            Arguments.of("disasm", "no guest loaded; use: load <file.elf>"),
            Arguments.of("pt 0", "no guest loaded; use: load <file.elf>"),
            Arguments.of("tlb", "no guest loaded; use: load <file.elf>"),
            Arguments.of("stats", "no guest loaded; use: load <file.elf>"),
            Arguments.of("reset", "no guest loaded; use: load <file.elf>"),
            Arguments.of("until _start", "until: '_start' is not a number, and no guest is loaded to look up symbols"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withoutAGuest")
    void commandsThatNeedAGuestSaySo(String command, String message) {
        ShellRunner.Result r = ShellRunner.script(command + "\nhelp quit\n");
        assertEquals("error: " + message + "\n", r.err(), r::toString);
        assertEquals(2, r.status());
        assertTrue(r.out().contains("Leave the shell"), "the session went on\n" + r);
    }

    static Stream<Arguments> withHello() throws IOException {
        Path asm = Files.writeString(dir.resolve("guest.s"), "adi a0, a0, 1\n");
        Path scenario = Files.writeString(dir.resolve("lab.json"), "{}\n");
        return Stream.of(
            Arguments.of("load", "load: expected 1 argument, got no arguments; usage: load <file.elf|file.s|scenario.json>"),
            Arguments.of("load nope.elf", "nope.elf: no such file"),
            Arguments.of("load samples", "samples: is a directory; load takes a file"),
            Arguments.of("load README.md", "README.md: not an ELF file (bad magic)"),
            Arguments.of("load " + asm, asm + ":1:1: unknown instruction 'adi' (did you mean 'addi'?)\n"
                + "adi a0, a0, 1\n^"),
            Arguments.of("load " + scenario, scenario + ":1:1: missing required field \"name\""),
            Arguments.of("load \"samples/hello", "unterminated double quote"),
            Arguments.of("continue x", "continue: instruction count 'x' must be a whole number, at least 1"),
            Arguments.of("run 1 2", "continue: expected 0 to 1 arguments, got 2 arguments; usage: continue [N]"),
            Arguments.of("step 0", "step: count '0' must be a number from 1 to 1000000"),
            Arguments.of("step --format json", "step: unknown option --format (it takes none)"),
            Arguments.of("until", "until: expected 1 argument, got no arguments; usage: until <addr|symbol>"),
            Arguments.of("until nosuch", "until: no symbol 'nosuch' in samples/shell/hello.elf"),
            Arguments.of("until _strat", "until: no symbol '_strat' in samples/shell/hello.elf (did you mean _start?)"),
            Arguments.of("break", "break: expected at least 1 argument, got no arguments; usage: break <addr|symbol> | trap <cause>"),
            Arguments.of("break trap", "break trap: expected one cause, e.g. break trap illegal_instruction (or an exception code, or any)"),
            Arguments.of("break trap ilegal_instruction", "break trap: unknown cause 'ilegal_instruction' (did you mean illegal_instruction?)"),
            Arguments.of("break trap 10", "break trap: unknown cause '10' (examples: illegal_instruction, 2, any)"),
            Arguments.of("break exit io", "break exit: not available: VM exits come with the full, para and hw modes, which this version does not have yet"),
            Arguments.of("break hypercall 0x10", "break hypercall: not available: hypercalls come with the para and hw modes, which this version does not have yet"),
            Arguments.of("break next wait", "break: expected 1 argument, got 2 arguments; usage: break <addr|symbol> | trap <cause>"),
            Arguments.of("break $q9", "break: no register 'q9' (use ABI names such as sp, a0, t1, or x0..x31, pc; in addresses also CSRs such as $mepc)"),
            Arguments.of("delete 9", "delete: no breakpoint 9 (breakpoints lists them)"),
            Arguments.of("delete x", "delete: breakpoint number 'x' must be a whole number, at least 1"),
            Arguments.of("delete", "delete: expected at least 1 argument, got no arguments; usage: delete <n>... | all"),
            Arguments.of("breakpoints extra", "breakpoints: expected no arguments, got 1 argument; usage: breakpoints [--format json]"),
            Arguments.of("breakpoints --format xml", "breakpoints: --format xml: must be one of text, json"),
            Arguments.of("regs q9", "regs: no register 'q9' (use ABI names such as sp, a0, t1, or x0..x31, pc; in addresses also CSRs such as $mepc)"),
            Arguments.of("regs --fromat json", "regs: unknown option --fromat (did you mean --format?)"),
            Arguments.of("regs --format", "regs: --format needs a value (FMT)"),
            Arguments.of("csr mstatsu", "csr: no CSR named 'mstatsu' (did you mean mstatus?)"),
            Arguments.of("csr 0x7c0", "csr: csr0x7c0 does not exist on this hart"),
            Arguments.of("csr mstatus sstatus", "csr: expected 0 to 1 arguments, got 2 arguments; usage: csr [name] [--format json]"),
            Arguments.of("mem", "mem: expected 1 to 2 arguments, got no arguments; usage: mem [-v] <addr> [len]"),
            Arguments.of("mem 0x10000000 4", "mem: 0x10000000 is a device window (uart0); reading it would change the device "
                + "(RAM is 0x80000000..0x87ffffff; use -v for virtual addresses)"),
            Arguments.of("mem 0 4", "mem: 0x0..0x3 is not RAM (RAM is 0x80000000..0x87ffffff; use -v for virtual addresses)"),
            Arguments.of("mem 0x87fffff0 32", "mem: 0x87fffff0..0x8800000f is not RAM (RAM is 0x80000000..0x87ffffff; use -v for virtual addresses)"),
            Arguments.of("mem 0x80000000 0", "mem: length '0' must be a number from 1 to 65536"),
            Arguments.of("mem -x 0", "mem: unknown option -x (did you mean -v?)"),
            Arguments.of("mem _start+zz", "mem: '_start+zz' is not an address (examples: 0x80000000, _start, _start+0x10, $sp)"),
            Arguments.of("disasm _start 0", "disasm: count '0' must be a number from 1 to 1000"),
            Arguments.of("disasm foo", "disasm: no symbol 'foo' in samples/shell/hello.elf"),
            Arguments.of("pt", "pt: expected 1 to 2 arguments, got no arguments; usage: pt <va> [load|store|fetch] [--format json]"),
            Arguments.of("pt 0 write2", "pt: access 'write2' must be load, store or fetch"),
            Arguments.of("tlb extra", "tlb: expected no arguments, got 1 argument; usage: tlb [--all] [--format json]"),
            Arguments.of("tlb --all=1", "tlb: --all takes no value"),
            Arguments.of("trace bogus", "trace: unknown trace kind 'bogus' (valid: insn, trap, irq, csr, pagewalk, tlb, mmio, all)"),
            Arguments.of("trace insn --limit x", "trace: --limit 'x' must be a whole number, at least 0"),
            Arguments.of("trace --limit", "trace: --limit needs a value (N)"),
            Arguments.of("stats 1", "stats: expected no arguments, got 1 argument; usage: stats [--format json]"),
            Arguments.of("reset now", "reset: expected no arguments, got 1 argument; usage: reset"),
            Arguments.of("help nosuch", "help: unknown command 'nosuch'; help lists the commands"),
            Arguments.of("quit x", "quit: status 'x' must be a number from 0 to 255"),
            Arguments.of("frobnicate", "unknown command 'frobnicate'; help lists the commands"),
            Arguments.of("stpe", "unknown command 'stpe' (did you mean step?); help lists the commands"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withHello")
    void badInputIsOneLineAndTheSessionGoesOn(String command, String message) {
        ShellRunner.Result r = ShellRunner.script("load samples/shell/hello.elf\n" + command + "\nregs pc\n");
        assertEquals("error: " + message + "\n", r.err(), r::toString);
        assertEquals(2, r.status());
        assertTrue(r.out().endsWith("> regs pc\npc   0x0000000080000000 <_start>\n"), "the next command ran\n" + r);
    }
}
