package dev.vmlab.scenario;

import dev.vmlab.hart.Csr;
import dev.vmlab.scenario.EventFields.Type;
import dev.vmlab.scenario.JsonTree.Member;
import dev.vmlab.scenario.JsonTree.Node;
import dev.vmlab.scenario.JsonTree.Obj;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads a scenario's {@code expect} section (see {@link ScenarioLoader} for the rules). */
final class ExpectLoader {
    static final List<String> EXPECT = List.of("console", "exit", "counters", "events");
    static final List<String> CONSOLE = List.of("contains", "not_contains", "regex", "exact");
    static final List<String> EXIT = List.of("result", "status");
    static final List<String> COUNTER = List.of("counter", "min", "max", "equals");
    static final List<String> EVENTS = List.of("must_appear", "must_not_appear");
    /** Enough for any lab; a bound so that grading stays cheap. */
    static final int MAX_ITEMS = 256;
    static final int MAX_REGEX = 1000;

    private final Fields f;

    ExpectLoader(Fields f) { this.f = f; }

    Expect expect(Node n) {
        Obj o = f.object(n, "expect", EXPECT, List.of());
        Expect.ConsoleExpect console = has(o, "console") ? console(Fields.get(o, "console")) : null;
        Expect.ExitExpect exit = has(o, "exit") ? exit(Fields.get(o, "exit")) : null;
        List<Expect.CounterExpect> counters = new ArrayList<>();
        if (has(o, "counters")) {
            List<Node> items = f.array(Fields.get(o, "counters"), "expect.counters", MAX_ITEMS);
            for (int i = 0; i < items.size(); i++) counters.add(counter(items.get(i), "expect.counters[" + i + "]"));
        }
        List<EventPattern> must = new ArrayList<>(), mustNot = new ArrayList<>();
        if (has(o, "events")) {
            Obj e = f.object(Fields.get(o, "events"), "expect.events", EVENTS, List.of());
            if (has(e, "must_appear")) patterns(Fields.get(e, "must_appear"), "expect.events.must_appear", must);
            if (has(e, "must_not_appear")) patterns(Fields.get(e, "must_not_appear"), "expect.events.must_not_appear", mustNot);
        }
        return new Expect(console, exit, counters, must, mustNot);
    }

    private static boolean has(Obj o, String key) {
        return o.members().containsKey(key);
    }

    private Expect.ConsoleExpect console(Node n) {
        Obj o = f.object(n, "expect.console", CONSOLE, List.of());
        List<String> contains = texts(o, "contains"), notContains = texts(o, "not_contains");
        List<Pattern> regex = new ArrayList<>();
        if (has(o, "regex")) {
            List<Node> items = f.array(Fields.get(o, "regex"), "expect.console.regex", MAX_ITEMS);
            for (int i = 0; i < items.size(); i++) {
                String path = "expect.console.regex[" + i + "]";
                String r = f.string(items.get(i), path, MAX_REGEX);
                try {
                    regex.add(Pattern.compile(r, Pattern.MULTILINE));
                } catch (PatternSyntaxException e) {
                    throw f.error(items.get(i).pos(), path, "not a valid regular expression: " + e.getDescription()
                        + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
                }
            }
        }
        String exact = has(o, "exact") ? f.string(Fields.get(o, "exact"), "expect.console.exact", ScenarioLoader.MAX_INPUT) : null;
        return new Expect.ConsoleExpect(contains, notContains, regex, exact);
    }

    private List<String> texts(Obj o, String key) {
        List<String> out = new ArrayList<>();
        if (!has(o, key)) return out;
        String path = "expect.console." + key;
        List<Node> items = f.array(Fields.get(o, key), path, MAX_ITEMS);
        for (int i = 0; i < items.size(); i++) {
            String s = f.string(items.get(i), path + "[" + i + "]", ScenarioLoader.MAX_TEXT);
            if (s.isEmpty()) throw f.error(items.get(i).pos(), path + "[" + i + "]", "an empty text matches any output");
            out.add(s);
        }
        return out;
    }

    private Expect.ExitExpect exit(Node n) {
        Obj o = f.object(n, "expect.exit", EXIT, List.of());
        if (o.members().isEmpty()) throw f.error(o.pos(), "expect.exit", "give \"result\" and/or \"status\"");
        Outcome result = null;
        if (has(o, "result")) {
            List<String> valid = List.of("pass", "fail", "limit", "idle", "trap_loop");
            result = Outcome.valueOf(f.choice(Fields.get(o, "result"), "expect.exit.result", "result", valid)
                .toUpperCase(Locale.ROOT));
        }
        Integer status = has(o, "status")
            ? (int) f.integer(Fields.get(o, "status"), "expect.exit.status", 0, Integer.MAX_VALUE) : null;
        return new Expect.ExitExpect(result, status);
    }

    private Expect.CounterExpect counter(Node n, String path) {
        Obj o = f.object(n, path, COUNTER, List.of("counter"));
        Node c = Fields.get(o, "counter");
        String name = f.string(c, path + ".counter", 128);
        Counters.problem(name).ifPresent(p -> { throw f.error(c.pos(), path + ".counter", p); });
        Long min = bound(o, "min", path), max = bound(o, "max", path), equals = bound(o, "equals", path);
        if (equals != null && (min != null || max != null)) {
            throw f.error(o.pos(), path, "\"equals\" cannot be combined with \"min\" or \"max\"");
        }
        if (equals == null && min == null && max == null) {
            throw f.error(o.pos(), path, "give \"equals\", or \"min\" and/or \"max\"");
        }
        if (min != null && max != null && min > max) {
            throw f.error(Fields.get(o, "max").pos(), path + ".max", "max " + max + " is below min " + min);
        }
        return new Expect.CounterExpect(name, min, max, equals);
    }

    private Long bound(Obj o, String key, String path) {
        return has(o, key) ? f.integer(Fields.get(o, key), path + "." + key, 0, Long.MAX_VALUE) : null;
    }

    private void patterns(Node n, String path, List<EventPattern> out) {
        List<Node> items = f.array(n, path, MAX_ITEMS);
        for (int i = 0; i < items.size(); i++) out.add(pattern(items.get(i), path + "[" + i + "]"));
    }

    /**
     * One event pattern: its kind first (the fields it may name depend on it), then each field
     * read by its type in the trace format.
     */
    private EventPattern pattern(Node n, String path) {
        if (!(n instanceof Obj raw)) throw f.error(n.pos(), path, "expected an object, found " + n.describe());
        if (!has(raw, "kind")) throw f.error(raw.pos(), path, "missing required field \"kind\"");
        String kind = f.choice(Fields.get(raw, "kind"), path + ".kind", "event kind", EventFields.kinds());
        Map<String, Type> types = EventFields.fieldsOf(kind);
        List<String> valid = new ArrayList<>();
        valid.add("kind");
        valid.addAll(types.keySet());
        Obj o = f.object(n, path, valid, List.of("kind"));
        Map<String, Object> values = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder(kind);
        for (Member m : o.members().values()) {
            if (m.key().equals("kind")) continue;
            String p = path + "." + m.key();
            Object v = value(kind, m.key(), types.get(m.key()), m.value(), p);
            values.put(m.key(), v);
            text.append(' ').append(m.key()).append('=').append(written(m.value(), v, types.get(m.key())));
        }
        return new EventPattern(kind, values, text.toString());
    }

    private Object value(String kind, String field, Type type, Node n, String path) {
        switch (type) {
            case HEX:
                return f.address(n, path);
            case NUMBER:
                return f.integer(n, path, 0, Long.MAX_VALUE);
            case TEXT:
                return f.string(n, path, ScenarioLoader.MAX_TEXT);
            case BOOLEAN:
                return f.bool(n, path);
            case PRIV:
                return f.choice(n, path, "privilege mode", List.of("m", "s", "u"));
            case CHOICE:
                return f.choice(n, path, field, EventFields.choices(field));
            case CAUSE: {
                if (n instanceof JsonTree.Num) return f.integer(n, path, 0, 63);
                Map<String, Integer> ids = kind.equals("irq") ? Counters.INTERRUPT_IDS : Counters.EXCEPTION_IDS;
                String id = f.choice(n, path, kind.equals("irq") ? "interrupt cause" : "exception cause",
                    List.copyOf(ids.keySet()));
                return (long) ids.get(id);
            }
            case CSR: {
                if (n instanceof JsonTree.Str s && !s.value().startsWith("0x")) {
                    int number = Csr.number(s.value());
                    if (number >= 0) return (long) number;
                    List<String> names = new ArrayList<>(Csr.names().values());
                    String hint = Suggest.closest(s.value(), names).map(x -> "; did you mean \"" + x + "\"?").orElse("");
                    throw f.error(n.pos(), path, "unknown CSR \"" + s.value() + "\"" + hint);
                }
                long number = f.address(n, path);
                if (number > 0xfff) throw f.error(n.pos(), path, "CSR numbers go up to 0xfff");
                return number;
            }
            default:
                throw new IllegalStateException(type.toString());
        }
    }

    /** How a pattern value reads in grading output: as the author wrote it, addresses in hex. */
    private static String written(Node n, Object v, Type type) {
        if (n instanceof JsonTree.Str s) return s.value();
        if (type == Type.HEX || type == Type.CSR) return "0x" + Long.toHexString((Long) v);
        return String.valueOf(v);
    }
}
