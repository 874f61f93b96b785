package dev.vmlab.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Expressions evaluate as in GNU as: its precedence, logical right shift, -1 for true. */
class ExpressionTest {
    private static long value(String expr) {
        return Asm.symbol(".equ X, " + expr + "\n", "X");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
        "1 + 2 * 3 => 7",
        "(1 + 2) * 3 => 9",
        "4 + 2 & 3 => 6",
        "1 << 4 + 1 => 17",
        "2 + 3 << 2 => 14",
        "7 | 8 ^ 3 => 12",
        "10 - 4 - 3 => 3",
        "100 / 7 % 4 => 2",
        "-7 / 2 => -3",
        "-7 % 2 => -1",
        "-16 >> 60 => 15",
        "1 << 63 >> 63 => 1",
        "1 << 64 => 0",
        "~0 => -1",
        "!5 => 0",
        "!0 => 1",
        "- -3 => 3",
        "+4 => 4",
        "3 < 4 => -1",
        "3 > 4 => 0",
        "3 == 3 => -1",
        "3 != 3 => 0",
        "3 <> 4 => -1",
        "4 <= 4 => -1",
        "5 >= 6 => 0",
        "1 && 2 => 1",
        "0 || 0 => 0",
        "1 + 2 == 3 && 4 => 1",
        "0x10 + 0b101 + 010 => 29",
        "0XfF => 255",
        "'a => 97",
        "'a' => 97",
        "'\\n' => 10",
        "'\\\\ => 92",
        "18446744073709551615 => -1",
        "0xffffffffffffffff => -1",
    })
    void evaluates(String expr, long expected) {
        assertEquals(expected, value(expr), expr);
    }

    @Test
    void dotIsTheStatementsAddress() {
        Assembly a = Asm.assemble("nop\nhere: .equ X, .\n.data\n.dword ., .\n");
        assertEquals(0x8000_0004L, a.symbol("X").orElseThrow());
        byte[] d = a.section(".data").bytes();
        assertEquals(0x8000_1000L, java.nio.ByteBuffer.wrap(d).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0));
        assertEquals(0x8000_1008L, java.nio.ByteBuffer.wrap(d).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(8));
    }

    @Test
    void labelDifferencesAreConstantsEvenBeforeLayout() {
        Assembly a = Asm.assemble("a: nop\nnop\nb:\n.if b - a == 8\n.equ OK, 1\n.endif\n.zero b - a\n");
        assertEquals(1, a.symbol("OK").orElseThrow());
        assertEquals(16, a.section(".text").size());
    }

    @Test
    void forwardReferencesResolveAfterLayout() {
        Assembly a = Asm.assemble(".equ SIZE, end - start\n.data\nstart: .word SIZE, LATER\n.zero 12\nend:\n.equ LATER, 0x42\n");
        byte[] d = a.section(".data").bytes();
        assertEquals(20, d[0]);
        assertEquals(0x42, d[4]);
        assertEquals(20, a.symbol("SIZE").orElseThrow());
    }

    @Test
    void setIsReplayedInOrder() {
        byte[] d = Asm.data(".data\n.set N, 1\n.byte N\n.set N, N + 1\n.byte N\nN = N * 10\n.byte N\n");
        assertEquals(1, d[0]);
        assertEquals(2, d[1]);
        assertEquals(20, d[2]);
    }

    @Test
    void crossSectionAddressesAreKnownAfterLayout() {
        Assembly a = Asm.assemble(".data\nv: .dword t, v - t\n.text\nt: nop\n");
        var b = java.nio.ByteBuffer.wrap(a.section(".data").bytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x8000_0000L, b.getLong(0));
        assertEquals(0x1000, b.getLong(8));
    }
}
