package dev.vmlab.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Data, strings, alignment, sections and symbol directives. */
class DirectiveTest {
    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    @Test
    void integersAreLittleEndianOfTheirWidth() {
        byte[] d = Asm.data(".data\n.byte 1, -1, 255\n.half 0x1234\n.short -2\n.2byte 3\n.word 0x11223344\n.long 5\n"
            + ".4byte 6\n.int 7\n.dword 0x0102030405060708\n.quad -1\n.8byte 9\n");
        ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, b.get());
        assertEquals(-1, b.get());
        assertEquals(-1, b.get());
        assertEquals(0x1234, b.getShort());
        assertEquals(-2, b.getShort());
        assertEquals(3, b.getShort());
        assertEquals(0x11223344, b.getInt());
        assertEquals(5, b.getInt());
        assertEquals(6, b.getInt());
        assertEquals(7, b.getInt());
        assertEquals(0x0102030405060708L, b.getLong());
        assertEquals(-1L, b.getLong());
        assertEquals(9L, b.getLong());
        assertEquals(0, b.remaining());
    }

    @Test
    void stringsWithEscapes() {
        assertArrayEquals(bytes('a', 'b', 'c', 'x', 0, 'y', 0, '\n', '\t', '"', '\\', 0x41, 0x7f, 0),
            Asm.data(".data\n.ascii \"abc\"\n.asciz \"x\", \"y\"\n.string \"\\n\\t\\\"\\\\\\x41\\177\"\n"));
    }

    @Test
    void zeroSpaceSkipAndFill() {
        assertArrayEquals(bytes(0, 0, 0xee, 0xee, 0, 0x34, 0x12, 0x34, 0x12, 7),
            Asm.data(".data\n.zero 2\n.space 2, 0xee\n.skip 1\n.fill 2, 2, 0x1234\n.fill 1, 1, 7\n"));
    }

    @Test
    void alignmentInDataUsesZerosOrTheFillByte() {
        assertArrayEquals(bytes(1, 0, 0, 0, 2, 0xaa, 0xaa, 0xaa, 3),
            Asm.data(".data\n.byte 1\n.align 2\n.byte 2\n.balign 8, 0xaa\n.byte 3\n"));
        assertArrayEquals(bytes(1, 2), Asm.data(".data\n.byte 1\n.p2align 3, 0, 2\n.byte 2\n"), "max skip exceeded: no padding");
    }

    @Test
    void alignmentInCodeUsesNops() {
        int[] w = Asm.text("nop\n.align 4\nret\n");
        assertArrayEquals(new int[] {0x13, 0x13, 0x13, 0x13, 0x8067, 0x13, 0x13, 0x13}, w, "padded, and .text ends aligned");
        assertArrayEquals(bytes(1, 0, 1, 0, 0x13, 0, 0, 0), Asm.assemble(".byte 1\n.align 3\n").section(".text").bytes());
    }

    @Test
    void sectionsAreLaidOutOnPageBoundariesInOrder() {
        Assembly a = Asm.assemble(".data\nd: .byte 1\n.bss\nb: .zero 100\n.rodata\nr: .byte 2\n.text\nt: nop\n");
        assertEquals(0x8000_0000L, a.symbol("t").orElseThrow());
        assertEquals(0x8000_1000L, a.symbol("r").orElseThrow());
        assertEquals(0x8000_2000L, a.symbol("d").orElseThrow());
        assertEquals(0x8000_3000L, a.symbol("b").orElseThrow());
        assertEquals(100, a.section(".bss").size());
    }

    @Test
    void emptySectionsTakeNoPage() {
        Assembly a = Asm.assemble("nop\n.data\nd: .byte 1\n");
        assertEquals(0x8000_1000L, a.symbol("d").orElseThrow());
        assertEquals(0, a.section(".rodata").size());
    }

    @Test
    void largeAlignmentMovesTheSectionStart() {
        Assembly a = Asm.assemble("nop\n.data\n.align 13\npt: .zero 8\n");
        assertEquals(0x8000_2000L, a.symbol("pt").orElseThrow());
    }

    @Test
    void sectionDirectiveByNameAndByFlags() {
        Assembly a = Asm.assemble(".section .text.init\ni: nop\n.section .rodata.str\ns: .byte 0\n.section .sdata\nd: .byte 0\n"
            + ".section .sbss\nb: .zero 1\n.section mine, \"aw\", @nobits\nm: .zero 1\n.section code, \"ax\"\nc: nop\n"
            + ".section \"ro\", \"a\"\nr: .byte 0\n.section .data.x, \"aw\"\nx: .byte 0\n");
        assertEquals(0x8000_0000L, a.symbol("i").orElseThrow());
        assertEquals(0x8000_0004L, a.symbol("c").orElseThrow());
        assertEquals(0x8000_1000L, a.symbol("s").orElseThrow());
        assertEquals(0x8000_1001L, a.symbol("r").orElseThrow());
        assertEquals(0x8000_2000L, a.symbol("d").orElseThrow());
        assertEquals(0x8000_2001L, a.symbol("x").orElseThrow());
        assertEquals(0x8000_3000L, a.symbol("b").orElseThrow());
        assertEquals(0x8000_3001L, a.symbol("m").orElseThrow());
    }

    @Test
    void previousPushAndPop() {
        Assembly a = Asm.assemble(".data\n.text\nnop\n.previous\nd: .byte 0\n.pushsection .rodata\nr: .byte 0\n.popsection\nd2: .byte 0\n");
        assertEquals(0x8000_2000L, a.symbol("d").orElseThrow());
        assertEquals(0x8000_1000L, a.symbol("r").orElseThrow());
        assertEquals(0x8000_2001L, a.symbol("d2").orElseThrow());
    }

    @Test
    void globalsTypesAndSizes() {
        Assembly a = Asm.assemble(".globl f\n.global g\n.type f, @function\nf: nop\n.size f, . - f\ng: nop\nl: nop\n"
            + ".weak w\nw: nop\n.equ K, 5\n");
        List<Assembly.Symbol> s = a.symbols();
        Assembly.Symbol f = s.stream().filter(x -> x.name().equals("f")).findFirst().orElseThrow();
        assertTrue(f.global());
        assertEquals(4, f.size());
        assertTrue(s.stream().filter(x -> x.name().equals("g")).findFirst().orElseThrow().global());
        assertTrue(!s.stream().filter(x -> x.name().equals("l")).findFirst().orElseThrow().global());
        Assembly.Symbol k = s.stream().filter(x -> x.name().equals("K")).findFirst().orElseThrow();
        assertEquals(5, k.value());
        assertEquals(null, k.section());
        Assembly b = Asm.assemble("f: nop\n.equ alias, f + 4\n.data\n.word 0\n.equ after_data, .\n");
        assertEquals(".text", b.symbols().stream().filter(x -> x.name().equals("alias")).findFirst().orElseThrow().section(),
            "an assigned address belongs to its section");
        assertEquals(".data", b.symbols().stream().filter(x -> x.name().equals("after_data")).findFirst().orElseThrow().section());
    }

    @Test
    void entryIsStartOrTheStartOfText() {
        assertEquals(0x8000_0004L, Asm.assemble("nop\n_start: nop\n").entry());
        assertEquals(0x8000_0000L, Asm.assemble("nop\nmain: nop\n").entry());
    }

    @Test
    void statementsSeparatedBySemicolonsAndLabelsOnTheirOwn() {
        assertArrayEquals(new int[] {0x13, 0x00150513}, Asm.text("a:\nb: c: nop; addi a0, a0, 1 # comment\n/* block\ncomment */\n"));
    }

    @Test
    void optionDirectivesAreAcceptedAndSomeNoted() {
        Assembly a = Asm.assemble(".option norvc\n.option push\n.option rvc\n.option pop\n.option norelax\nnop\n");
        assertEquals(1, a.notes().size());
        assertTrue(a.notes().get(0).startsWith("t.s:3:1: note: '.option rvc' ignored"), a.notes().get(0));
    }

    @Test
    void compilerBoilerplateIsIgnored() {
        assertEquals(1, Asm.text(".file \"x.c\"\n.ident \"GCC\"\n.attribute arch, \"rv64i\"\n.cfi_startproc\nnop\n.cfi_endproc\n").length);
    }

    @Test
    void orgAdvancesWithinTheSection() {
        Assembly a = Asm.assemble("vec: j reset\n.org vec + 0x10\nreset: nop\n.data\n.byte 1\n.org 4, 0xee\n.byte 2\n");
        assertEquals(0x8000_0010L, a.symbol("reset").orElseThrow());
        assertArrayEquals(bytes(1, 0xee, 0xee, 0xee, 2), a.section(".data").bytes());
    }

    @Test
    void commonSymbolsGoToBss() {
        Assembly a = Asm.assemble(".globl g\n.comm g, 24, 16\n.bss\nb: .zero 3\n.local l\n.comm l, 8, 8\n.lcomm m, 2\n.text\nnop\n");
        assertEquals(0x8000_1000L, a.symbol("b").orElseThrow());
        assertEquals(0x8000_1008L, a.symbol("l").orElseThrow(), "a local .comm is placed where it is");
        assertEquals(0x8000_1010L, a.symbol("m").orElseThrow());
        assertEquals(0x8000_1020L, a.symbol("g").orElseThrow(), "a global .comm goes at the end, aligned");
        assertEquals(0x38, a.section(".bss").size());
    }

    @Test
    void sectionsWithoutTheAllocateFlagAreLeftOut() {
        Assembly a = Asm.assemble(".section .note.GNU-stack, \"\", @progbits\n.section .comment\n.string \"GCC\"\n"
            + ".section .debug_info\nd: .word d\n.section .riscv.attributes\n.byte 1\n.text\nt: nop\n");
        assertEquals(List.of("t"), a.symbols().stream().map(Assembly.Symbol::name).toList());
        assertEquals(4, a.section(".text").size());
        assertEquals(0, a.section(".data").size() + a.section(".rodata").size());
    }

    @Test
    void endStopsAssembly() {
        assertEquals(1, Asm.text("nop\n.end\nthis is not assembled\n").length);
    }
}
