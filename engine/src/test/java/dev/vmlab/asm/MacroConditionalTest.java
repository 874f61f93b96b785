package dev.vmlab.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** .macro, .rept, .irp, .irpc and conditional assembly. */
class MacroConditionalTest {
    private static byte[] data(String src) {
        return Asm.data(".data\n" + src);
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    @Test
    void argumentsDefaultsAndKeywords() {
        String m = ".macro m a, b=7, c:req\n.byte \\a, \\b, \\c\n.endm\n";
        assertArrayEquals(bytes(1, 2, 3, 4, 7, 5, 7, 9, 6), data(m + "m 1, 2, 3\nm 4,, 5\nm c=6, a=7, b=9\n"));
    }

    @Test
    void argumentsSplitAsGnuAsSplitsThem() {
        String m = ".macro m a b c\n.byte \\a\n.byte \\b\n.byte \\c\n.endm\n";
        assertArrayEquals(bytes(1, 5, 4, 1, 2, 3, 5, 3), data(m + "m 1, 2 + 3, 4\nm 1 2 3\nm 6 -1 3\n"));
    }

    @Test
    void varargTakesTheRestAsWritten() {
        int[] w = Asm.text(".macro twice insn:vararg\n\\insn\n\\insn\n.endm\ntwice addi a0, a0, 1\n");
        assertArrayEquals(new int[] {0x00150513, 0x00150513}, w);
    }

    @Test
    void counterAndSeparator() {
        String m = ".macro n x\n.byte \\@, 0x\\x\\()1\n.endm\n";
        assertArrayEquals(bytes(0, 0x21, 1, 0x31), data(m + "n 2\nn 3\n"));
    }

    @Test
    void quotedArgumentsLoseTheirQuotes() {
        assertArrayEquals(bytes('h', 'i', ' ', 'x', 0), data(".macro s t\n.asciz \"\\t\"\n.endm\ns \"hi x\"\n"));
    }

    @Test
    void macrosUseMacrosAndUniqueLabels() {
        String src = ".macro inc r\naddi \\r, \\r, 1\n.endm\n.macro loop r, n\nli \\r, \\n\n.Lm\\@: inc \\r\nbnez \\r, .Lm\\@\n.endm\n"
            + "loop a0, 3\nloop a1, 4\n";
        assertEquals(6, Asm.text(src).length);
    }

    @Test
    void exitmLeavesTheMacro() {
        assertArrayEquals(bytes(1), data(".macro m\n.byte 1\n.exitm\n.byte 2\n.endm\nm\n"));
    }

    @Test
    void recursionStoppedByAConditional() {
        String src = ".macro count n\n.byte \\n\n.if \\n\ncount \\n-1\n.endif\n.endm\ncount 3\n";
        assertArrayEquals(bytes(3, 2, 1, 0), data(src));
    }

    @Test
    void purgemForgetsAMacro() {
        Asm.assemble(".macro m\n.endm\n.purgem m\n.macro m\nnop\n.endm\nm\n");
    }

    @Test
    void reptIrpIrpc() {
        assertArrayEquals(bytes(9, 9, 9, 1, 2, 3, 'a', 'b'),
            data(".rept 3\n.byte 9\n.endr\n.irp v, 1, 2, 3\n.byte \\v\n.endr\n.irpc c, ab\n.byte '\\c\n.endr\n"));
        assertArrayEquals(new byte[0], data(".rept 0\n.byte 1\n.endr\n"));
    }

    @Test
    void nestedRepetitions() {
        assertEquals(6, data(".rept 2\n.rept 3\n.byte 0\n.endr\n.endr\n").length);
    }

    @Test
    void ifElseifElse() {
        String src = ".irp v, 0, 1, 2\n.if \\v == 0\n.byte 10\n.elseif \\v == 1\n.byte 11\n.else\n.byte 12\n.endif\n.endr\n";
        assertArrayEquals(bytes(10, 11, 12), data(src));
    }

    @Test
    void nestedConditionalsInSkippedCodeAreNotEvaluated() {
        String src = ".if 0\n.if undefined_symbol\nbad line $$$\n.else\n.byte 1\n.endif\n.else\n.byte 2\n.endif\n";
        assertArrayEquals(bytes(2), data(src));
    }

    @Test
    void ifdefSeesDefinesAndEarlierSymbols() {
        String src = ".ifdef LAB\n.byte 1\n.endif\n.ifndef LAB\n.byte 2\n.endif\n.ifdef later\n.byte 3\n.endif\nlater:\n"
            + ".equ E, 0\n.ifdef E\n.byte 4\n.endif\n.byte LAB\n";
        assertArrayEquals(bytes(2, 4), Asm.data(".data\n" + src.replace(".byte LAB\n", "")));
        byte[] withDefine = Assembler.assemble("t.s", ".data\n" + src, Map.of("LAB", 7L)).section(".data").bytes();
        assertArrayEquals(bytes(1, 4, 7), withDefine);
    }

    @Test
    void ifFamily() {
        String src = ".ifeq 0\n.byte 1\n.endif\n.ifne 0\n.byte 2\n.endif\n.ifgt 1\n.byte 3\n.endif\n.ifge 0\n.byte 4\n.endif\n"
            + ".iflt -1\n.byte 5\n.endif\n.ifle 1\n.byte 6\n.endif\n.ifb\n.byte 7\n.endif\n.ifnb x\n.byte 8\n.endif\n"
            + ".ifc a, a\n.byte 9\n.endif\n.ifnc a, b\n.byte 10\n.endif\n";
        assertArrayEquals(bytes(1, 3, 4, 5, 7, 8, 9, 10), data(src));
    }

    @Test
    void macroArgumentsInIfc() {
        String src = ".macro m kind\n.ifc \\kind, word\n.word 1\n.else\n.byte 2\n.endif\n.endm\nm word\nm byte\n";
        assertArrayEquals(bytes(1, 0, 0, 0, 2), data(src));
    }

    @Test
    void includeReadsRelativeToTheIncludingFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("inc"));
        java.nio.file.Files.writeString(dir.resolve("inc/a.s"), ".include \"b.s\"\n.byte 1\n");
        java.nio.file.Files.writeString(dir.resolve("inc/b.s"), ".macro two\n.byte 2\n.endm\n");
        java.nio.file.Files.writeString(dir.resolve("main.s"), ".data\n.include \"inc/a.s\"\ntwo\n");
        assertArrayEquals(bytes(1, 2), Assembler.assemble(dir.resolve("main.s"), Map.of()).section(".data").bytes());
    }
}
