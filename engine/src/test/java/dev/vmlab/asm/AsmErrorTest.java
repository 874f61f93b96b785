package dev.vmlab.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of mistake, with its exact message: {@code file:line:col: reason}, the source line
 * and a caret under the column.
 */
class AsmErrorTest {
    static Stream<Arguments> mistakes() {
        return Stream.of(
            // unknown mnemonics and directives, with suggestions
            err("adi a0, a0, 1", "1:1: unknown instruction 'adi' (did you mean 'addi'?)"),
            err("  lwu a0, 0(a1)\n  lqu a0, 0(a1)", "2:3: unknown instruction 'lqu' (did you mean 'lbu'?)"),
            err("mret\nmert", "2:1: unknown instruction 'mert' (did you mean 'mret'?)"),
            err("xyzzy a0", "1:1: unknown instruction 'xyzzy'"),
            err(".macro pushreg r\n.endm\npushrg a0", "3:1: unknown instruction 'pushrg' (did you mean 'pushreg'?)"),
            err(".wrod 1", "1:1: unknown directive '.wrod' (did you mean '.word'?)"),
            err(".globl", "1:7: '.globl' takes symbol names (1.. operands), found 0"),
            // operands
            err("addi a0, a0", "1:12: 'addi' takes 'rd, rs1, imm', found 2 operands"),
            err("ret a0", "1:5: 'ret' takes no operands, found 1 operand"),
            err("jalr a0, a1, 4, 5", "1:17: 'jalr' takes 'rs' or 'offset(rs1)' or 'rs, imm' or 'rd, rs' or 'rd, offset(rs1)' "
                + "or 'rd, rs, imm', found 4 operands"),
            err("addi a0, a0, a1", "1:14: operand 3 of 'addi' must be an immediate, found register 'a1'"),
            err("add a0, 5, a1", "1:9: operand 2 of 'add' must be a register, found an expression"),
            err("sw a0, msg", "1:8: operand 2 of 'sw' must be offset(register), found the symbol 'msg'; to store to a label, name a "
                + "scratch register for its address: sw rs2, label, t0"),
            err("lw a0, a1", "1:8: operand 2 of 'lw' must be offset(register), found register 'a1'"),
            err(".section .comment\nc: .byte 0\n.text\nla a0, c", "4:8: 'c' is in a section that is not loaded (it has no \"a\" flag), "
                + "so it has no address"),
            err("lr.d a0, 8(a1)", "1:10: operand 2 of 'lr.d' must be (register), found an offset (lr.d takes no offset, only (register))"),
            err("fence rw, rx", "1:11: operand 2 of 'fence' must be a fence set such as rw or iorw, found something else "
                + "(the letters must come in the order i, o, r, w)"),
            err("csrr mstatus, a0", "1:6: operand 1 of 'csrr' must be a register, found the symbol 'mstatus'"),
            err("addi A0, a0, 1", "1:6: operand 1 of 'addi' must be a register, found 'A0' (register names are lower case: a0)"),
            err("loop\n  j loop", "1:1: unknown instruction 'loop' (a label needs a colon: 'loop:')"),
            err("start li a0, 1", "1:1: unknown instruction 'start' (a label needs a colon: 'start:')"),
            err(".org 8\nnop\n.org 4", "3:6: .org cannot move backwards: the section is already at offset 0xc, past 0x4"),
            err("addi a0 a0, 1", "1:9: expected ',' after register 'a0'"),
            err("add a0, a1, a2,", "1:16: missing operand after ','"),
            // registers and CSRs
            err("addi x32, a0, 1", "1:6: bad register name 'x32' (registers are x0..x31, zero, ra, sp, gp, tp, t0..t6, s0..s11, "
                + "a0..a7, fp)"),
            err("ld a0, 8(t7)", "1:10: bad register name 't7' (registers are x0..x31, zero, ra, sp, gp, tp, t0..t6, s0..s11, "
                + "a0..a7, fp)"),
            err("csrr a0, mstatsu", "1:10: unknown CSR 'mstatsu' (did you mean 'mstatus'?)"),
            err("csrw 0x1000, a0", "1:6: CSR number 0x1000 is out of range 0..0xfff"),
            // immediates
            err("addi a0, a0, 2048", "1:14: immediate 2048 is out of range: addi takes -2048..2047 (a 12-bit signed value)"),
            err("sd a0, -2049(sp)", "1:8: immediate -2049 is out of range: sd takes -2048..2047 (a 12-bit signed value)"),
            err("lui a0, 0x100000", "1:9: immediate 0x100000 is out of range: lui takes 0..0xfffff (a 20-bit value placed in bits 31:12)"),
            err("slliw a0, a0, 32", "1:15: shift amount 32 is out of range: slliw takes 0..31"),
            err("srai a0, a0, -1", "1:14: shift amount -1 is out of range: srai takes 0..63"),
            err("csrwi mie, 32", "1:12: immediate 32 is out of range: csrwi takes 0..31 (a 5-bit unsigned value)"),
            err(".byte 256", "1:7: value 256 (0x100) does not fit in .byte (-128..255)"),
            err(".half -32769", "1:7: value -32769 (0xffffffffffff7fff) does not fit in .half (-32768..65535)"),
            err("li a0, 1 << 64 - 1 + 0x1ffffffffffffffff", "1:22: number '0x1ffffffffffffffff' does not fit in 64 bits"),
            // branches and jumps
            err("beq a0, a1, far\n.zero 4096\nfar:", "1:13: branch target 0x80001004 is out of range: it is 4100 bytes from the "
                + "instruction, and beq reaches -4096..4094; to go further, branch around a 'j'"),
            err("j .+0x100000", "1:3: jump target 0x80100000 is out of range: it is 1048576 bytes from the instruction, and j "
                + "reaches -1048576..1048574; to go further, use call or tail"),
            err("beqz a0, .+3", "1:10: branch target 0x80000003 is not 2-byte aligned"),
            // symbols
            err("j nowhere", "1:3: undefined symbol 'nowhere'"),
            err("loop: nop\nj lopo", "2:3: undefined symbol 'lopo' (did you mean 'loop'?)"),
            err("x: nop\nx: nop", "2:1: duplicate symbol 'x' (already defined at t.s:1)"),
            err("x: nop\n.equ x, 1", "2:6: 'x' is a label (at t.s:1); it cannot be given a value"),
            err(".equiv K, 1\n.equiv K, 2", "2:8: duplicate symbol 'K' (already defined at t.s:1)"),
            err("j 1f", "1:3: '1f' refers forward to a label '1:', but there is none after this line"),
            err("j 1b", "1:3: '1b' refers back to a label '1:', but there is none before this line"),
            err(".equ A, B\n.equ B, A\n.word A", "1:9: circular definition: B -> A -> B"),
            err(".set x, x + 1\n.word x", "1:9: 'x' is defined in terms of itself"),
            err("li a0, msg\nmsg:", "1:8: li's value must be a constant known at this point, but 'msg' is not defined before this "
                + "line"),
            err("msg: li a0, msg", "1:13: li's value must be a constant known at this point, but it is an address, which is "
                + "not known until sections are laid out; to load an address use la"),
            err(".zero n\n.equ n, 4", "1:7: the byte count must be a constant known at this point, but 'n' is not defined before "
                + "this line"),
            err("1: auipc a0, %pcrel_hi(x)\naddi a0, a0, %pcrel_lo(2f)\n2: nop\nx:", "2:14: %pcrel_lo needs the label of an auipc "
                + "with %pcrel_hi, but 0x80000008 is not one"),
            err("lui a0, %hi(0x80000000)", "1:9: %hi(0x80000000) does not fit: lui sign-extends, so %hi/%lo reach only addresses "
                + "within 2 GiB of 0; use la or %pcrel_hi/%pcrel_lo"),
            err("addi a0, a0, %got(x)", "1:14: unknown relocation operator '%got' (vmlab knows %hi, %lo, %pcrel_hi, %pcrel_lo)"),
            // expressions and lexing
            err(".word 1 / (2 - 2)", "1:9: division by zero"),
            err(".word (1 + 2", "1:7: '(' is never closed"),
            err(".word 1 + 2)", "1:12: unbalanced ')'"),
            err(".word 1 +", "1:10: expected an expression"),
            err(".word 09", "1:7: bad digit '9' in octal (it starts with 0) number '09'"),
            err(".ascii \"abc", "1:8: unterminated string (missing closing '\"')"),
            err(".ascii \"a\\qb\"", "1:10: unknown escape sequence '\\q'"),
            err("nop\n/* open\nnop", "2:1: unterminated comment: '/*' has no matching '*/'"),
            err("addi a0, a0, `", "1:14: unexpected character '`'"),
            // macros, conditionals, repetition
            err("nop\n.macro m\nnop", "2:1: unterminated macro 'm': no .endm before the end of the file"),
            err(".if 1\nnop\n.if 0\n.endif", "1:1: unterminated .if: no .endif before the end of the file"),
            err(".rept 2\nnop", "1:1: unterminated .rept: no .endr before the end of the file"),
            err(".endif", "1:1: .endif without a matching .if"),
            err(".if 1\n.else\n.else\n.endif", "3:1: second .else for the .if at t.s:1"),
            err(".endm", "1:1: .endm without .macro"),
            err(".endr", "1:1: .endr without .rept, .irp or .irpc"),
            err(".exitm", "1:1: .exitm outside a macro"),
            err(".macro m\n.endm\n.macro m\n.endm", "3:8: macro 'm' is already defined (at t.s:1)"),
            err(".macro m a\n.endm\nm 1, 2", "3:3: macro 'm' takes 1 argument, but 2 were given"),
            err(".macro m a:req\n.endm\nm", "3:1: macro 'm' needs a value for its parameter 'a'"),
            err(".macro m r\naddi \\r, \\r, 1\n.endm\nm x40", "2:6: bad register name 'x40' (registers are x0..x31, zero, ra, sp, "
                + "gp, tp, t0..t6, s0..s11, a0..a7, fp) (in macro 'm' expanded at t.s:4)"),
            err(".macro m\nm\n.endm\nm", "2:1: expansion nested more than 100 deep: does macro 'm' use itself without an .if that "
                + "stops it? (in macro 'm' expanded at t.s:2, in macro 'm' expanded at t.s:4)"),
            err(".if x\n.endif", "1:5: the condition of .if must be a constant known at this point, but 'x' is not defined before "
                + "this line"),
            err(".error \"stop here\"", "1:1: stop here"),
            // alignment and sections
            err(".align 31", "1:8: misaligned .align argument 31: must be 0..30 (a power of two; .align 12 is 4096 bytes; use "
                + ".balign for a byte count)"),
            err(".balign 12", "1:9: misaligned .balign argument 12: must be a power of two up to 2^30"),
            err(".section .foo", "1:10: unknown section '.foo': vmlab places .text*, .rodata*, .data* and .bss*; give flags to "
                + "choose (\"ax\" code, \"a\" read-only, \"aw\" data, \"\" not loaded)"),
            err(".bss\nnop", "2:1: instructions cannot go in .bss, which holds only zeros (switch with .text)"),
            err(".bss\n.word 1", "2:7: .bss holds only zeros; put initialized data in .data"),
            err(".option rvc2", "1:9: unknown .option 'rvc2'"),
            err(".zero 0x10000000", "1:1: .text would grow beyond 64 MiB"),
            err(".align 30\nnop", "1:1: .text would grow beyond 64 MiB: it is padded at its end to this alignment, as GNU as "
                + "pads code sections"));
    }

    private static Arguments err(String src, String first) {
        return Arguments.of(src, first);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("mistakes")
    void isReportedPrecisely(String src, String expected) {
        AsmException e = Asm.error(src + "\n");
        String[] lines = e.getMessage().split("\n", -1);
        assertEquals(3, lines.length, e.getMessage());
        assertEquals("t.s:" + expected, lines[0]);
        // The caret sits under the column the first line names.
        int col = Integer.parseInt(expected.split(":")[1]);
        assertEquals(col, e.column());
        assertEquals(col, lines[2].length(), "caret column in\n" + e.getMessage());
        assertEquals('^', lines[2].charAt(col - 1));
        assertEquals(Integer.parseInt(expected.split(":")[0]), e.line());
    }

    @Test
    void caretFollowsTabs() {
        AsmException e = Asm.error("\taddi\ta0, a0, 9999\n");
        assertEquals("t.s:1:15: immediate 9999 is out of range: addi takes -2048..2047 (a 12-bit signed value)\n"
            + "\taddi\ta0, a0, 9999\n"
            + "\t    \t        ^", e.getMessage());
    }

    @Test
    void errorsInIncludedFilesNameThatFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("part.s"), "nop\nbogus a0\n");
        Files.writeString(dir.resolve("main.s"), ".include \"part.s\"\n");
        AsmException e = assertThrows(AsmException.class, () -> Assembler.assemble(dir.resolve("main.s"), Map.of()));
        assertEquals(dir.resolve("part.s") + ":2:1: unknown instruction 'bogus'", e.getMessage().split("\n")[0]);
    }

    @Test
    void includeLoopNamesTheChain(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.s"), ".include \"b.s\"\n");
        Files.writeString(dir.resolve("b.s"), "nop\n.include \"a.s\"\n");
        AsmException e = assertThrows(AsmException.class, () -> Assembler.assemble(dir.resolve("a.s"), Map.of()));
        String a = dir.resolve("a.s").toString(), b = dir.resolve("b.s").toString();
        assertEquals(b + ":2:1: include loop: " + a + " -> " + b + " -> " + a, e.getMessage().split("\n")[0]);
    }

    @Test
    void missingIncludeAndMissingSource(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("m.s"), "  .include \"gone.s\"\n");
        AsmException e = assertThrows(AsmException.class, () -> Assembler.assemble(dir.resolve("m.s"), Map.of()));
        assertEquals(dir.resolve("m.s") + ":1:3: cannot include '" + dir.resolve("gone.s") + "': no such file",
            e.getMessage().split("\n")[0]);
        Path none = dir.resolve("none.s");
        assertEquals(none + ": no such file", assertThrows(AsmException.class, () -> Assembler.assemble(none, Map.of())).getMessage());
    }

    @Test
    void cPreprocessorLinesInDotCapitalSFiles() {
        AsmException e = assertThrows(AsmException.class, () -> Assembler.assemble("boot.S", "#define X 1\n", Map.of()));
        assertEquals("boot.S:1:1: C preprocessor directive '#define' is not supported; vmlab assembles .S files itself: use "
            + ".equ NAME, value (or -D NAME=value)", e.getMessage().split("\n")[0]);
        Asm.assemble("#define X 1\n");   // in a .s file it is a comment, as in GNU as
    }

    @Test
    void badDefines() {
        assertEquals("-D 9x: not a valid symbol name (letters, digits, _ . $; not starting with a digit)",
            assertThrows(dev.vmlab.BadInputException.class, () -> Assembler.parseDefines(java.util.List.of("9x"))).getMessage());
        assertEquals("-D X=1+: bad value (expected an expression)",
            assertThrows(dev.vmlab.BadInputException.class, () -> Assembler.parseDefines(java.util.List.of("X=1+"))).getMessage());
        assertEquals(Map.of("A", 1L, "B", 0x1000L), Assembler.parseDefines(java.util.List.of("A", "B=1<<12")));
    }
}
