package dev.vmlab.asm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code .macro}/{@code .endm} definitions and their expansion, and the bodies of {@code .rept},
 * {@code .irp} and {@code .irpc}. Bodies are kept as text and expanded by substitution, as GNU
 * as does: {@code \name} is an argument, {@code \@} the number of macros expanded so far,
 * {@code \()} separates an argument from text that follows it.
 */
final class Macros {
    record Param(String name, String defaultValue, boolean required, boolean vararg) {}

    record Macro(String name, List<Param> params, List<Line> body, Line line) {}

    /** A body being collected: a macro's, or a repetition's with what to do at its end. */
    private static final class Collector {
        final Line start;
        final int at;
        final boolean macro;
        final String header;       // the macro's name, or ".rept" / ".irp" / ".irpc"
        final Object detail;       // params, or the repetition's values
        final List<Line> body = new ArrayList<>();
        int depth = 1;

        Collector(Line start, int at, boolean macro, String header, Object detail) {
            this.start = start;
            this.at = at;
            this.macro = macro;
            this.header = header;
            this.detail = detail;
        }
    }

    /** A repetition: {@code .rept} ({@code symbol} null, {@code values} only counted) or {@code .irp}/{@code .irpc}. */
    record Repeat(String symbol, List<String> values) {}

    private final Map<String, Macro> macros = new HashMap<>();
    private final LineFeed feed;
    private Collector collecting;
    private int counter;

    Macros(LineFeed feed) {
        this.feed = feed;
    }

    boolean collecting() {
        return collecting != null;
    }

    Macro get(String name) {
        return macros.get(name);
    }

    boolean has(String name) {
        return macros.containsKey(name);
    }

    Iterable<String> names() {
        return macros.keySet();
    }

    void purge(Line line, int at, String name) {
        if (macros.remove(name) == null) throw line.error(at, "no macro named '" + name + "' to purge");
    }

    /** {@code .macro name params}: starts collecting the body. */
    void beginMacro(Line line, int at, String name, int nameAt, List<Param> params) {
        if (macros.containsKey(name)) {
            throw line.error(nameAt, "macro '" + name + "' is already defined (at " + macros.get(name).line().where() + ")");
        }
        collecting = new Collector(line, at, true, name, params);
    }

    /** {@code .rept}/{@code .irp}/{@code .irpc}: starts collecting the body to repeat. */
    void beginRepeat(Line line, int at, String directive, Repeat repeat) {
        collecting = new Collector(line, at, false, directive, repeat);
    }

    /** Takes one line of the body being collected; ends the body at its matching .endm or .endr. */
    void collect(Line line) {
        String word = firstWord(line.code());
        Collector c = collecting;
        if (c.macro) {
            if (word.equals(".macro")) c.depth++;
            else if (word.equals(".endm")) c.depth--;
        } else {
            if (word.equals(".rept") || word.equals(".irp") || word.equals(".irpc")) c.depth++;
            else if (word.equals(".endr")) c.depth--;
        }
        if (c.depth > 0) {
            c.body.add(line);
            return;
        }
        collecting = null;
        if (c.macro) {
            @SuppressWarnings("unchecked")
            List<Param> params = (List<Param>) c.detail;
            macros.put(c.header, new Macro(c.header, params, List.copyOf(c.body), c.start));
        } else {
            repeat(c, (Repeat) c.detail);
        }
    }

    /** At the end of the input: a body still open is an error at its start. */
    void checkClosed() {
        if (collecting != null) {
            Collector c = collecting;
            throw c.start.error(c.at, c.macro
                ? "unterminated macro '" + c.header + "': no .endm before the end of the file"
                : "unterminated " + c.header + ": no .endr before the end of the file");
        }
    }

    private void repeat(Collector c, Repeat r) {
        List<Line> out = new ArrayList<>();
        String origin = "in " + c.header + " at " + c.start.where();
        for (String value : r.values()) {
            for (Line l : c.body) {
                String code = r.symbol() == null ? l.code() : substitute(l, Map.of(r.symbol(), value), false);
                out.add(expanded(l, code, origin));
            }
            if (out.size() > LineFeed.MAX_EXPANDED_LINES) break;   // pushExpansion reports it
        }
        feed.pushExpansion(c.start, c.at, c.header, out, false);
    }

    /** Expands macro {@code m} invoked at {@code line} with argument text {@code args} starting at index {@code argsAt}. */
    void expand(Line line, int at, Macro m, String args, int argsAt) {
        Map<String, String> values = bind(line, at, m, args, argsAt);
        values.put("@", Integer.toString(counter++));
        // Innermost and outermost expansion sites: enough to find the line, short even for deep recursion.
        String outer = line.origin();
        if (outer != null && outer.lastIndexOf(", in ") >= 0) outer = outer.substring(outer.lastIndexOf(", in ") + 2);
        String origin = "in macro '" + m.name() + "' expanded at " + line.where() + (outer != null ? ", " + outer : "");
        List<Line> out = new ArrayList<>();
        for (Line l : m.body()) out.add(expanded(l, substitute(l, values, true), origin));
        feed.pushExpansion(line, at, "macro '" + m.name() + "'", out, true);
    }

    private static Line expanded(Line body, String code, String origin) {
        String shown = code.stripTrailing();
        return new Line(body.file(), body.number(), shown, shown, origin);
    }

    private Map<String, String> bind(Line line, int at, Macro m, String text, int textAt) {
        List<Integer> starts = new ArrayList<>();
        List<String> args = splitArguments(text, starts);
        Map<String, String> values = new HashMap<>();
        List<Param> ps = m.params();
        int positional = 0;
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            int eq = a.indexOf('=');
            String key = eq > 0 ? a.substring(0, eq).strip() : null;
            if (key != null && ps.stream().anyMatch(p -> p.name().equals(key)) && !a.startsWith("\"")) {
                values.put(key, unquote(a.substring(eq + 1).strip()));
                continue;
            }
            if (positional >= ps.size()) {
                throw line.error(textAt, "macro '" + m.name() + "' takes " + ps.size() + " argument"
                    + (ps.size() == 1 ? "" : "s") + ", but " + args.size() + " were given");
            }
            Param p = ps.get(positional++);
            if (p.vararg()) {
                values.put(p.name(), text.substring(starts.get(k)).strip());   // the rest, as written
                break;
            }
            if (!a.isEmpty()) values.putIfAbsent(p.name(), unquote(a));   // an empty argument takes the default
        }
        for (Param p : ps) {
            if (values.containsKey(p.name())) continue;
            if (p.required()) {
                throw line.error(at, "macro '" + m.name() + "' needs a value for its parameter '" + p.name() + "'");
            }
            values.put(p.name(), p.defaultValue() == null ? "" : p.defaultValue());
        }
        return values;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /**
     * Splits macro arguments as GNU as does: at commas, and at whitespace that separates two
     * operands ({@code m 1 2}), but not at whitespace around an operator ({@code m 6 -1, 2 + 3}
     * gives {@code 6-1} and {@code 2+3}). Parentheses and quotes group.
     */
    static List<String> splitArguments(String s) {
        return splitArguments(s, new ArrayList<>());
    }

    /** As {@link #splitArguments(String)}, also giving where each argument starts in {@code s}. */
    static List<String> splitArguments(String s, List<Integer> starts) {
        List<String> out = new ArrayList<>();
        int argStart = 0;
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                int k = i + 1;
                while (k < s.length() && s.charAt(k) != '"') k += s.charAt(k) == '\\' ? 2 : 1;
                k = Math.min(k + 1, s.length());
                cur.append(s, i, k);
                i = k - 1;
                any = true;
            } else if (c == '(') {
                depth++;
                cur.append(c);
            } else if (c == ')') {
                depth--;
                cur.append(c);
            } else if (c == ',' && depth <= 0) {
                out.add(cur.toString().strip());
                starts.add(argStart);
                argStart = i + 1;
                cur.setLength(0);
                any = true;
            } else if (Character.isWhitespace(c) && depth <= 0) {
                int k = i;
                while (k < s.length() && Character.isWhitespace(s.charAt(k))) k++;
                char before = cur.length() == 0 ? ' ' : cur.charAt(cur.length() - 1);
                char after = k < s.length() ? s.charAt(k) : ' ';
                if (cur.length() > 0 && operandChar(before) && operandChar(after)) {
                    out.add(cur.toString().strip());
                    starts.add(argStart);
                    argStart = k;
                    cur.setLength(0);
                }
                i = k - 1;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any || cur.length() > 0) {
            out.add(cur.toString().strip());
            starts.add(argStart);
        }
        return out;
    }

    private static boolean operandChar(char c) {
        return Lexer.identPart(c) || c == '"' || c == '\\' || c == '\'';
    }

    /** Replaces {@code \name} by its value; {@code \@} and {@code \()} too when expanding a macro. */
    private static String substitute(Line l, Map<String, String> values, boolean macro) {
        String s = l.code();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(i + 1);
            if (macro && n == '@') {
                b.append(values.get("@"));
                i++;
            } else if (macro && n == '(' && i + 2 < s.length() && s.charAt(i + 2) == ')') {
                i += 2;
            } else if (Lexer.identStart(n)) {
                int k = i + 1;
                while (k < s.length() && Lexer.identPart(s.charAt(k))) k++;
                String name = s.substring(i + 1, k);
                String v = values.get(name);
                if (v != null) {
                    b.append(v);
                    i = k - 1;
                } else {
                    b.append(c);   // not a parameter: an escape inside a string, left alone as GNU as does
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The first word of a line (a directive or mnemonic), lower-cased, skipping any labels. */
    static String firstWord(String code) {
        int i = 0;
        while (true) {
            while (i < code.length() && Character.isWhitespace(code.charAt(i))) i++;
            int start = i;
            while (i < code.length() && Lexer.identPart(code.charAt(i))) i++;
            String word = code.substring(start, i);
            int k = i;
            while (k < code.length() && Character.isWhitespace(code.charAt(k))) k++;
            if (!word.isEmpty() && k < code.length() && code.charAt(k) == ':' && (k + 1 >= code.length()
                    || code.charAt(k + 1) != '=')) {
                i = k + 1;
                continue;
            }
            return word.toLowerCase(Locale.ROOT);
        }
    }
}
