package dev.vmlab.trace;

/**
 * Hex formatting shared by the sinks. {@code String.format} parses its pattern on every call,
 * and a busy instruction trace formats several numbers per line, so the sinks use these
 * fixed-width writers instead.
 */
final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {}

    /** Appends {@code 0x} and the low {@code digits} hex digits of {@code value}, zero-padded. */
    static StringBuilder append(StringBuilder sb, long value, int digits) {
        sb.append('0').append('x');
        return appendDigits(sb, value, digits);
    }

    /** Appends the low {@code digits} hex digits of {@code value} without a prefix. */
    static StringBuilder appendDigits(StringBuilder sb, long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            sb.append(DIGITS[(int) (value >>> shift) & 0xf]);
        }
        return sb;
    }

    /** Appends {@code 0x} and the shortest hex spelling of {@code value} (unsigned). */
    static StringBuilder appendShort(StringBuilder sb, long value) {
        return append(sb, value, digitsNeeded(value));
    }

    /**
     * Writes {@code 0x} and the low {@code digits} hex digits of {@code value} into
     * {@code buf} and returns the number of chars written; the JSON sink hands the buffer to
     * Jackson without making a String per field.
     */
    static int write(char[] buf, long value, int digits) {
        buf[0] = '0';
        buf[1] = 'x';
        int i = 2;
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            buf[i++] = DIGITS[(int) (value >>> shift) & 0xf];
        }
        return i;
    }

    static int digitsNeeded(long value) {
        return value == 0 ? 1 : (64 - Long.numberOfLeadingZeros(value) + 3) / 4;
    }

    /** The bits an access of {@code size} bytes carries; sizes outside 1..8 are treated as 8. */
    static long maskToSize(long value, int size) {
        return size >= 1 && size < 8 ? value & ((1L << (size * 8)) - 1) : value;
    }

    /** Hex digits for an access of {@code size} bytes: two per byte, at most sixteen. */
    static int digitsForSize(int size) {
        return size >= 1 && size <= 8 ? size * 2 : 16;
    }
}
