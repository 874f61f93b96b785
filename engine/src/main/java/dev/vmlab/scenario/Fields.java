package dev.vmlab.scenario;

import dev.vmlab.BadInputException;
import dev.vmlab.scenario.JsonTree.Arr;
import dev.vmlab.scenario.JsonTree.Member;
import dev.vmlab.scenario.JsonTree.Node;
import dev.vmlab.scenario.JsonTree.Num;
import dev.vmlab.scenario.JsonTree.Obj;
import dev.vmlab.scenario.JsonTree.Pos;
import dev.vmlab.scenario.JsonTree.Str;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reading of a {@link JsonTree} with one precise error per mistake: every method takes
 * the value's JSON path ({@code vms[0].memory}) and throws a {@link BadInputException} that
 * starts with {@code file:line:col}. It also records where each field was written, for
 * {@link Origin}.
 */
final class Fields {
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})(K|M|G|KiB|MiB|GiB)?");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]{1,16}");
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final String file;
    private final Map<String, String> positions = new HashMap<>();

    Fields(String file) { this.file = file; }

    String file() { return file; }

    Map<String, String> positions() { return positions; }

    BadInputException error(Pos pos, String path, String message) {
        return new BadInputException(oneLine(file + ":" + pos + ": " + (path.isEmpty() ? "" : path + ": ") + message));
    }

    /**
     * Messages quote what the user wrote, which may hold line breaks or other control
     * characters; escaped, the message stays one line.
     */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }

    /** {@code path.key}, or {@code key} at the top level. */
    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String where(String path) {
        return path.isEmpty() ? "at the top level" : "in " + path;
    }

    /**
     * Checks that {@code n} is an object with no field outside {@code valid} and every field of
     * {@code required}; returns it. Unknown fields are reported first, at the key, with the
     * nearest valid name.
     */
    Obj object(Node n, String path, List<String> valid, List<String> required) {
        if (!(n instanceof Obj o)) throw error(n.pos(), path, "expected an object, found " + n.describe());
        positions.putIfAbsent(path, n.pos().toString());
        for (Member m : o.members().values()) {
            if (!valid.contains(m.key())) {
                String hint = Suggest.closest(m.key(), valid).map(s -> "; did you mean \"" + s + "\"?")
                    .orElse(" (valid: " + String.join(", ", valid) + ")");
                throw error(m.keyPos(), "", "unknown field \"" + m.key() + "\" " + where(path) + hint);
            }
            positions.put(child(path, m.key()), m.value().pos().toString());
        }
        for (String r : required) {
            if (!o.members().containsKey(r)) throw error(o.pos(), path, "missing required field \"" + r + "\"");
        }
        return o;
    }

    /** The value of {@code key} in {@code o}, or null when it is absent. */
    static Node get(Obj o, String key) {
        Member m = o.members().get(key);
        return m == null ? null : m.value();
    }

    List<Node> array(Node n, String path, int maxItems) {
        if (!(n instanceof Arr a)) throw error(n.pos(), path, "expected an array, found " + n.describe());
        if (a.items().size() > maxItems) {
            throw error(n.pos(), path, "too many entries (" + a.items().size() + "; at most " + maxItems + ")");
        }
        for (int i = 0; i < a.items().size(); i++) positions.put(path + "[" + i + "]", a.items().get(i).pos().toString());
        return a.items();
    }

    String string(Node n, String path, int maxLength) {
        if (!(n instanceof Str s)) throw error(n.pos(), path, "expected a string, found " + n.describe());
        if (s.value().length() > maxLength) {
            throw error(n.pos(), path, "too long (" + s.value().length() + " characters; at most " + maxLength + ")");
        }
        return s.value();
    }

    /** A string that must match {@code pattern}; {@code rule} says what it must look like. */
    String name(Node n, String path, Pattern pattern, int maxLength, String rule) {
        String s = string(n, path, maxLength);
        if (!pattern.matcher(s).matches()) throw error(n.pos(), path, "\"" + s + "\" is not a valid name (" + rule + ")");
        return s;
    }

    boolean bool(Node n, String path) {
        if (!(n instanceof JsonTree.Bool b)) throw error(n.pos(), path, "expected true or false, found " + n.describe());
        return b.value();
    }

    long integer(Node n, String path, long min, long max) {
        if (!(n instanceof Num num) || !num.integral()) {
            throw error(n.pos(), path, "expected a whole number, found " + n.describe());
        }
        BigDecimal v = num.value();
        if (v.compareTo(BigDecimal.valueOf(min)) < 0 || v.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw error(n.pos(), path, v.toPlainString() + " is out of range (" + min + " to " + max + ")");
        }
        return v.longValueExact();
    }

    double decimal(Node n, String path, double min, double max) {
        if (!(n instanceof Num num)) throw error(n.pos(), path, "expected a number, found " + n.describe());
        double v = num.value().doubleValue();
        if (v < min || v > max) throw error(n.pos(), path, num.value().toPlainString() + " is out of range (" + min + " to " + max + ")");
        return v;
    }

    /** One of {@code valid} (lower-case words); {@code what} names the choice ("mode"). */
    String choice(Node n, String path, String what, List<String> valid) {
        if (!(n instanceof Str s)) {
            throw error(n.pos(), path, "expected a " + what + " (" + String.join(", ", valid) + "), found " + n.describe());
        }
        if (valid.contains(s.value())) return s.value();
        String hint = Suggest.closest(s.value(), valid).map(x -> "; did you mean \"" + x + "\"?")
            .orElse(" (valid: " + String.join(", ", valid) + ")");
        throw error(n.pos(), path, "unknown " + what + " \"" + s.value() + "\"" + hint);
    }

    /**
     * A size in bytes: a whole number, or a string such as {@code "64M"} ({@code K}, {@code M},
     * {@code G}, optionally {@code KiB} ... all powers of two). Must lie in {@code [min, max]}
     * and be a multiple of {@code align}.
     */
    long size(Node n, String path, long min, long max, long align) {
        long v;
        if (n instanceof Num num && num.integral()) {
            if (num.value().signum() < 0 || num.value().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw error(n.pos(), path, num.value().toPlainString() + " is out of range (" + human(min) + " to " + human(max) + ")");
            }
            v = num.value().longValueExact();
        } else if (n instanceof Str s) {
            Matcher m = SIZE.matcher(s.value());
            if (!m.matches()) {
                throw error(n.pos(), path, "\"" + s.value() + "\" is not a size (examples: \"64M\", \"1G\", 1048576)");
            }
            int shift = m.group(2) == null ? 0 : switch (m.group(2).charAt(0)) {
                case 'K' -> 10;
                case 'M' -> 20;
                default -> 30;
            };
            v = Long.parseLong(m.group(1)) << shift;
        } else {
            throw error(n.pos(), path, "expected a size such as \"64M\" or a number of bytes, found " + n.describe());
        }
        if (v < min || v > max) throw error(n.pos(), path, human(v) + " is out of range (" + human(min) + " to " + human(max) + ")");
        if (v % align != 0) throw error(n.pos(), path, human(v) + " is not a multiple of " + human(align));
        return v;
    }

    /** Bytes as the largest exact unit: {@code 128M}, {@code 4K}, {@code 1000}. */
    static String human(long bytes) {
        if (bytes != 0 && bytes % (1L << 30) == 0) return (bytes >> 30) + "G";
        if (bytes != 0 && bytes % (1L << 20) == 0) return (bytes >> 20) + "M";
        if (bytes != 0 && bytes % (1L << 10) == 0) return (bytes >> 10) + "K";
        return Long.toString(bytes);
    }

    /** A 64-bit unsigned value: a whole number, or a {@code "0x..."} string (how traces write them). */
    long address(Node n, String path) {
        if (n instanceof Num num && num.integral()) {
            BigInteger v = num.value().toBigIntegerExact();
            if (v.signum() < 0 || v.compareTo(U64_MAX) > 0) {
                throw error(n.pos(), path, v + " is out of range (0 to 0xffffffffffffffff)");
            }
            return v.longValue();
        }
        if (n instanceof Str s && HEX.matcher(s.value()).matches()) {
            return Long.parseUnsignedLong(s.value().substring(2), 16);
        }
        throw error(n.pos(), path, "expected an address such as \"0x80000000\" or a whole number, found " + n.describe());
    }

    /**
     * A file named relative to the scenario's directory. When {@code mustExist}, a missing file
     * is reported here, at the field, rather than later when the run starts.
     */
    Path path(Node n, String path, Path directory, boolean mustExist) {
        String s = string(n, path, 4096);
        if (s.isEmpty()) throw error(n.pos(), path, "the file name is empty");
        Path p;
        try {
            p = directory.resolve(s).normalize();
        } catch (InvalidPathException e) {
            throw error(n.pos(), path, "\"" + s + "\" is not a valid file name");
        }
        if (mustExist) {
            if (!Files.exists(p)) throw error(n.pos(), path, "no such file: " + p);
            if (Files.isDirectory(p)) throw error(n.pos(), path, "is a directory, not a file: " + p);
        }
        return p;
    }
}
