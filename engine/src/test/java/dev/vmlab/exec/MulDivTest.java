package dev.vmlab.exec;

import static dev.vmlab.exec.Ops.r;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmlab.testing.Asm;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The M extension (unprivileged spec, "M" Standard Extension for Integer Multiplication and Division). */
class MulDivTest {
    private static final long MIN = Long.MIN_VALUE, MAX = Long.MAX_VALUE;
    private static final int IMIN = Integer.MIN_VALUE;
    private static final BigInteger TWO64 = BigInteger.ONE.shiftLeft(64);
    private static final long[] EXTREMES = {0, 1, -1, 2, -2, MIN, MAX, MIN + 1, 0xffffffffL, 0x100000000L,
        0x123456789abcdef0L, 0xfedcba9876543210L};

    private static BigInteger signed(long v) { return BigInteger.valueOf(v); }

    private static BigInteger unsigned(long v) { return v >= 0 ? BigInteger.valueOf(v) : BigInteger.valueOf(v).add(TWO64); }

    /** Bits 127:64 of the exact product. */
    private static long high(BigInteger product) { return product.shiftRight(64).longValue(); }

    @Test
    void mulGivesTheLow64BitsOfTheProduct() {
        for (long a : EXTREMES) {
            for (long b : EXTREMES) {
                assertEquals(signed(a).multiply(signed(b)).longValue(), r(Asm::mul, a, b), a + " * " + b);
            }
        }
    }

    @Test
    void mulhMulhsuMulhuGiveTheHigh64BitsForEachSignedness() {
        for (long a : EXTREMES) {
            for (long b : EXTREMES) {
                String what = Long.toHexString(a) + " * " + Long.toHexString(b);
                assertEquals(high(signed(a).multiply(signed(b))), r(Asm::mulh, a, b), "mulh " + what);
                assertEquals(high(signed(a).multiply(unsigned(b))), r(Asm::mulhsu, a, b), "mulhsu " + what);
                assertEquals(high(unsigned(a).multiply(unsigned(b))), r(Asm::mulhu, a, b), "mulhu " + what);
            }
        }
    }

    @Test
    void mulhExtremes() {
        assertEquals(0x4000000000000000L, r(Asm::mulh, MIN, MIN));
        assertEquals(0, r(Asm::mulh, MIN, -1), "MIN * -1 = 2^63: high half 0");
        assertEquals(-1, r(Asm::mulhsu, -1, -1), "-1 * (2^64 - 1)");
        assertEquals(-2, r(Asm::mulhu, -1, -1), "(2^64 - 1)^2 = 2^128 - 2^65 + 1");
    }

    @Test
    void mulwSignExtendsTheLow32BitsOfTheProduct() {
        assertEquals(0xffffffff80000000L, r(Asm::mulw, 0x10000, 0x8000));
        assertEquals(1, r(Asm::mulw, 0xffffffffL, 0xffffffffL));
        assertEquals(6, r(Asm::mulw, 0x1234567800000002L, 0xabcdef0000000003L), "upper input bits are ignored");
    }

    @Test
    void divAndRemRoundTowardsZero() {
        assertEquals(-2, r(Asm::div, -7, 3));
        assertEquals(-1, r(Asm::rem, -7, 3), "remainder takes the dividend's sign");
        assertEquals(-2, r(Asm::div, 7, -3));
        assertEquals(1, r(Asm::rem, 7, -3));
        assertEquals(0x5555555555555552L, r(Asm::divu, -8, 3), "(2^64 - 8) / 3");
        assertEquals(2, r(Asm::remu, -8, 3));
    }

    @Test
    void divByZeroGivesAllOnesAndRemByZeroGivesTheDividend() {
        assertEquals(-1, r(Asm::div, 42, 0));
        assertEquals(-1, r(Asm::div, MIN, 0));
        assertEquals(-1, r(Asm::divu, 42, 0));
        assertEquals(42, r(Asm::rem, 42, 0));
        assertEquals(MIN, r(Asm::rem, MIN, 0));
        assertEquals(-5, r(Asm::remu, -5, 0));
    }

    @Test
    void signedOverflowGivesTheDividendAndRemainderZero() {
        assertEquals(MIN, r(Asm::div, MIN, -1));
        assertEquals(0, r(Asm::rem, MIN, -1));
        assertEquals(0, r(Asm::divu, MIN, -1), "unsigned: 2^63 / (2^64 - 1)");
        assertEquals(MIN, r(Asm::remu, MIN, -1));
    }

    @Test
    void wordDivisionsSignExtendAndHandleZeroAndOverflow() {
        assertEquals(-1, r(Asm::divw, 42, 0));
        assertEquals(-1, r(Asm::divuw, 42, 0), "all ones, sign-extended");
        assertEquals(42, r(Asm::remw, 42, 0));
        assertEquals(0xffffffff80000001L, r(Asm::remuw, 0x80000001L, 0), "the 32-bit dividend, sign-extended");
        assertEquals(IMIN, r(Asm::divw, IMIN, -1));
        assertEquals(0, r(Asm::remw, IMIN, -1));
        assertEquals(-2, r(Asm::divw, 0x12345678fffffff9L, 3), "only the low words count: -7 / 3");
        assertEquals(-1, r(Asm::remw, -7, 0xabcdef0000000003L));
        assertEquals(0x55555553L, r(Asm::divuw, 0xfffffff9L, 3));
        assertEquals(0xffffffff80000000L, r(Asm::divuw, 0x80000000L, 1), "a quotient with bit 31 set is sign-extended");
        assertEquals(0xfffffffeL - 0x100000000L, r(Asm::remuw, 0xfffffffeL, 0xffffffffL));
    }
}
