package dev.vmlab.asm;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns the code of one line into tokens, with GNU as's lexical rules: numbers in decimal,
 * {@code 0x} hex, {@code 0b} binary and leading-zero octal; character constants {@code 'a} and
 * {@code 'a'}; strings with C escapes; {@code 1b}/{@code 1f} local-label references;
 * symbols made of letters, digits, {@code _ . $}.
 */
final class Lexer {
    private static final Set<String> RELOCS = Set.of("hi", "lo", "pcrel_hi", "pcrel_lo");
    private static final String[] TWO = {"<<", ">>", "==", "!=", "<>", "<=", ">=", "&&", "||"};
    private static final String ONE = "+-*/%&|^~!(),:=<>;@";

    private final Line line;
    private final String s;
    private int i;

    private Lexer(Line line, String code) {
        this.line = line;
        this.s = code;
    }

    /** Tokens of the whole line ({@link Line#code()}). */
    static List<Token> lex(Line line) {
        return new Lexer(line, line.code()).run();
    }

    static boolean identStart(char c) {
        return Character.isLetter(c) && c < 128 || c == '_' || c == '.' || c == '$';
    }

    static boolean identPart(char c) {
        return identStart(c) || c >= '0' && c <= '9';
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        while (true) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
            if (i >= s.length()) return out;
            out.add(next());
        }
    }

    private Token next() {
        int start = i;
        char c = s.charAt(i);
        if (identStart(c)) {
            while (i < s.length() && identPart(s.charAt(i))) i++;
            return new Token(Token.Kind.IDENT, s.substring(start, i), start, i, 0);
        }
        if (c >= '0' && c <= '9') return number();
        if (c == '"') return string();
        if (c == '\'') return character();
        if (c == '%' && i + 1 < s.length() && identStart(s.charAt(i + 1))) {
            int k = i + 1;
            while (k < s.length() && identPart(s.charAt(k))) k++;
            String name = s.substring(i + 1, k);
            if (RELOCS.contains(name)) {
                i = k;
                return new Token(Token.Kind.RELOC, name, start, i, 0);
            }
            if (name.matches("[a-z_]+") && !name.startsWith("_")) {
                throw line.error(start, "unknown relocation operator '%" + name + "' (vmlab knows %hi, %lo, %pcrel_hi, %pcrel_lo)");
            }
        }
        for (String two : TWO) {
            if (s.startsWith(two, i)) {
                i += 2;
                return new Token(Token.Kind.OP, two, start, i, 0);
            }
        }
        if (ONE.indexOf(c) >= 0) {
            i++;
            return new Token(Token.Kind.OP, String.valueOf(c), start, i, 0);
        }
        if (c == '\\') throw line.error(start, "'\\' outside a macro body");
        throw line.error(start, "unexpected character '" + printable(c) + "'");
    }

    private Token number() {
        int start = i;
        int radix = 10;
        int digits = i;
        if (s.charAt(i) == '0' && i + 1 < s.length()) {
            char x = s.charAt(i + 1);
            if (x == 'x' || x == 'X') {
                radix = 16;
                digits = i + 2;
            } else if ((x == 'b' || x == 'B') && i + 2 < s.length() && (s.charAt(i + 2) == '0' || s.charAt(i + 2) == '1')) {
                radix = 2;
                digits = i + 2;
            } else if (x >= '0' && x <= '9') {
                radix = 8;
                digits = i + 1;
            }
        }
        int k = digits;
        while (k < s.length() && identPart(s.charAt(k))) k++;
        String body = s.substring(digits, k);
        i = k;
        if (radix == 10 && body.length() >= 2 && (body.endsWith("b") || body.endsWith("f")
                || body.endsWith("B") || body.endsWith("F"))
                && body.substring(0, body.length() - 1).chars().allMatch(Character::isDigit)) {
            String n = body.substring(0, body.length() - 1);
            long v = parse(n, 10, start);
            return new Token(Token.Kind.LOCAL_REF, body, start, i, v);
        }
        if (body.isEmpty()) throw line.error(start, "'" + s.substring(start, i) + "' has no digits");
        long v = parse(body, radix, start);
        return new Token(Token.Kind.NUMBER, s.substring(start, i), start, i, v);
    }

    private long parse(String digits, int radix, int start) {
        for (int k = 0; k < digits.length(); k++) {
            if (Character.digit(digits.charAt(k), radix) < 0) {
                String what = switch (radix) {
                    case 16 -> "hexadecimal";
                    case 8 -> "octal (it starts with 0)";
                    case 2 -> "binary";
                    default -> "decimal";
                };
                throw line.error(start, "bad digit '" + digits.charAt(k) + "' in " + what + " number '"
                    + s.substring(start, i) + "'");
            }
        }
        BigInteger b = new BigInteger(digits, radix);
        if (b.bitLength() > 64) throw line.error(start, "number '" + s.substring(start, i) + "' does not fit in 64 bits");
        return b.longValue();
    }

    private Token string() {
        int start = i;
        i++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) throw line.error(start, "unterminated string (missing closing '\"')");
            char c = s.charAt(i);
            if (c == '"') {
                i++;
                return new Token(Token.Kind.STRING, b.toString(), start, i, 0);
            }
            if (c == '\\') {
                b.append((char) escape());
            } else {
                // Non-ASCII characters are stored as their UTF-8 bytes, as GNU as copies the file's bytes.
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                for (byte x : bytes) b.append((char) (x & 0xff));
                i++;
            }
        }
    }

    private Token character() {
        int start = i;
        i++;
        if (i >= s.length()) throw line.error(start, "character constant has no character after the quote");
        long v;
        if (s.charAt(i) == '\\') {
            v = escape();
        } else {
            v = s.charAt(i);
            i++;
        }
        if (i < s.length() && s.charAt(i) == '\'') i++;
        return new Token(Token.Kind.NUMBER, s.substring(start, i), start, i, v);
    }

    /** Decodes the escape sequence at {@code i} (which is a backslash) and moves past it. */
    private int escape() {
        int start = i;
        i++;
        if (i >= s.length()) throw line.error(start, "backslash at the end of the line");
        char c = s.charAt(i++);
        switch (c) {
            case 'n': return '\n';
            case 't': return '\t';
            case 'r': return '\r';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'v': return 0x0b;
            case 'a': return 0x07;
            case 'e': return 0x1b;
            case '\\': return '\\';
            case '"': return '"';
            case '\'': return '\'';
            case 'x': case 'X': {
                int v = 0, n = 0;
                while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
                    v = (v * 16 + Character.digit(s.charAt(i), 16)) & 0xff;
                    i++;
                    n++;
                }
                if (n == 0) throw line.error(start, "'\\x' needs hexadecimal digits");
                return v;
            }
            default:
                if (c >= '0' && c <= '7') {
                    int v = c - '0';
                    for (int n = 1; n < 3 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7'; n++) {
                        v = v * 8 + s.charAt(i++) - '0';
                    }
                    return v & 0xff;
                }
                throw line.error(start, "unknown escape sequence '\\" + printable(c) + "'");
        }
    }

    static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
