package dev.vmlab.cli.shell;

import dev.vmlab.BadInputException;
import dev.vmlab.hart.Csr;
import dev.vmlab.isa.Disassembler;
import dev.vmlab.machine.Machine;
import dev.vmlab.machine.Symbols;

import java.util.Locale;
import java.util.Optional;

/**
 * Reads the values commands take: addresses (a number, a symbol of the loaded ELF with an
 * optional offset, or a register as {@code $sp}), counts, and register names; and writes
 * addresses back with their symbol. Every rejection names the command and shows examples.
 */
final class Values {
    private Values() {}

    /**
     * {@code 0x80000000}, {@code 2147483648}, {@code _start}, {@code $sp}, {@code $pc}, or a CSR
     * such as {@code $mepc} or {@code $stval} (where traps leave addresses); any of them plus or
     * minus a number: {@code _start+0x10}, {@code $sp+168}.
     */
    static long address(Session s, String cmd, String text) {
        String t = text.trim();
        Long n = number(t);
        if (n != null) return n;
        Optional<Long> whole = s.symbols().address(t);
        if (whole.isPresent()) return whole.get();
        int split = Math.max(t.lastIndexOf('+'), t.lastIndexOf('-'));
        if (split > 0) {
            Long off = number(t.substring(split + 1));
            if (off == null) throw notAnAddress(cmd, text);
            long base = address(s, cmd, t.substring(0, split));
            return t.charAt(split) == '+' ? base + off : base - off;
        }
        if (t.startsWith("$")) {
            String name = t.substring(1).toLowerCase(Locale.ROOT);
            int csr = registerNumber(name) < 0 && !name.equals("pc") ? Csr.number(name) : -1;
            if (csr >= 0) {
                Long v = CsrView.read(s.machine().hart, csr);
                if (v != null) return v;
            }
            return register(s, cmd, name);
        }
        if (!s.loaded()) throw new BadInputException(cmd + ": '" + t + "' is not a number, and no guest is loaded to look up symbols");
        String near = Commands.nearest(t, s.symbols().names());
        throw new BadInputException(cmd + ": no symbol '" + t + "' in " + s.guest().name()
            + (near != null ? " (did you mean " + near + "?)" : ""));
    }

    private static BadInputException notAnAddress(String cmd, String text) {
        return new BadInputException(cmd + ": '" + text + "' is not an address (examples: 0x80000000, _start, _start+0x10, $sp)");
    }

    /** A non-negative number in hex ({@code 0x}) or decimal, '_' allowed between digits; null if it is not one. */
    static Long number(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
        if (t.isEmpty()) return null;
        try {
            if (t.startsWith("0x")) return t.length() > 2 ? Long.parseUnsignedLong(t.substring(2), 16) : null;
            if (!Character.isDigit(t.charAt(0))) return null;
            return Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A count between {@code min} and {@code max}. */
    static long count(String cmd, String what, String text, long min, long max) {
        Long n = number(text);
        if (n == null || n < min || n > max) {
            String range = max >= Integer.MAX_VALUE ? "a whole number, at least " + min : "a number from " + min + " to " + max;
            throw new BadInputException(cmd + ": " + what + " '" + text + "' must be " + range);
        }
        return n;
    }

    /** The value of a register by ABI name, {@code xN} name, {@code fp} or {@code pc}. */
    static long register(Session s, String cmd, String name) {
        Machine m = s.machine();
        if (name.equals("pc")) return m.hart.pc;
        int r = registerNumber(name);
        if (r < 0) {
            throw new BadInputException(cmd + ": no register '" + name + "' (use ABI names such as sp, a0, t1, or x0..x31, pc;"
                + " in addresses also CSRs such as $mepc)");
        }
        return r == 0 ? 0 : m.hart.x[r];
    }

    /** The number of register {@code name} (ABI name, {@code x5}, {@code fp}), or -1. */
    static int registerNumber(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("fp")) return 8;
        for (int i = 0; i < 32; i++) if (Disassembler.ABI[i].equals(n)) return i;
        if (n.matches("x([0-9]|[12][0-9]|3[01])")) return Integer.parseInt(n.substring(1));
        return -1;
    }

    /** {@code 0x0000000080000010} followed by {@code <symbol+0x4>} when a symbol covers it. */
    static String where(Session s, long address) {
        String sym = s.symbols().describe(address);
        return hex64(address) + (sym != null ? " <" + sym + ">" : "");
    }

    static String hex64(long v) {
        return String.format("0x%016x", v);
    }
}
