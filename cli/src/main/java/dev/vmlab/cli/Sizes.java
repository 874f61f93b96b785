package dev.vmlab.cli;

import dev.vmlab.BadInputException;

import java.util.Locale;

/** Parses sizes ({@code 128M}) and addresses ({@code 0x80000000}) given on the command line. */
final class Sizes {
    private Sizes() {}

    static long parse(String text, String option) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long mul = 1;
        if (t.endsWith("IB")) t = t.substring(0, t.length() - 2);
        else if (t.endsWith("B")) t = t.substring(0, t.length() - 1);
        if (t.endsWith("K")) mul = 1L << 10;
        else if (t.endsWith("M")) mul = 1L << 20;
        else if (t.endsWith("G")) mul = 1L << 30;
        if (mul != 1) t = t.substring(0, t.length() - 1);
        try {
            long v = Long.parseLong(t);
            if (v < 0 || v > Long.MAX_VALUE / mul) throw new NumberFormatException();
            return v * mul;
        } catch (NumberFormatException e) {
            throw new BadInputException(option + " " + text + ": not a size (examples: 128M, 1G, 65536)");
        }
    }

    /** A non-negative count such as an instruction number; '_' may group digits. */
    static long count(String text, String option) {
        try {
            long v = Long.parseLong(text.trim().replace("_", ""));
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new BadInputException(option + " " + text + ": not a count (examples: 0, 1000000, 2_000_000)");
        }
    }

    static long address(String text, String option) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
        try {
            if (t.startsWith("0x")) return Long.parseUnsignedLong(t.substring(2), 16);
            return Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            throw new BadInputException(option + " " + text + ": not an address (examples: 0x80000000, 2147483648)");
        }
    }
}
