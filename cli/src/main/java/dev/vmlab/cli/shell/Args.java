package dev.vmlab.cli.shell;

import dev.vmlab.BadInputException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A command's words after parsing: positional arguments in order, and options. Every
 * problem is a {@link BadInputException} naming the command, so each error is one line that
 * says what to type instead.
 */
final class Args {
    final Command command;
    private final List<String> positional;
    private final Map<String, String> options;

    private Args(Command command, List<String> positional, Map<String, String> options) {
        this.command = command;
        this.positional = positional;
        this.options = options;
    }

    /**
     * Separates options from positional words. An option is a word starting with {@code -}
     * and a letter (so {@code -16} stays a number); {@code --name=value} and
     * {@code --name value} are the same; {@code --} ends the options.
     */
    static Args parse(Command c, List<String> words) {
        List<String> pos = new ArrayList<>();
        Map<String, String> opts = new HashMap<>();
        boolean optionsDone = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (optionsDone || !looksLikeOption(w)) {
                pos.add(w);
                continue;
            }
            if (w.equals("--")) {
                optionsDone = true;
                continue;
            }
            String name = w, value = null;
            int eq = w.indexOf('=');
            if (eq > 0) {
                name = w.substring(0, eq);
                value = w.substring(eq + 1);
            }
            Command.Option o = c.option(name);
            if (o == null) throw unknownOption(c, name);
            if (o.takesValue()) {
                if (value == null) {
                    if (i + 1 >= words.size()) throw new BadInputException(c.name() + ": " + name + " needs a value (" + o.value() + ")");
                    value = words.get(++i);
                }
                if (!o.choices().isEmpty() && !o.choices().contains(value.toLowerCase(Locale.ROOT))) {
                    throw new BadInputException(c.name() + ": " + name + " " + value + ": must be one of "
                        + String.join(", ", o.choices()));
                }
            } else if (value != null) {
                throw new BadInputException(c.name() + ": " + name + " takes no value");
            }
            opts.put(name, value == null ? "" : value.toLowerCase(Locale.ROOT));
        }
        return new Args(c, pos, opts);
    }

    private static boolean looksLikeOption(String w) {
        return w.equals("--") || (w.length() > 1 && w.charAt(0) == '-' && (Character.isLetter(w.charAt(1)) || w.startsWith("--")));
    }

    private static BadInputException unknownOption(Command c, String name) {
        if (c.options().isEmpty()) return new BadInputException(c.name() + ": unknown option " + name + " (it takes none)");
        List<String> names = c.options().stream().map(Command.Option::name).toList();
        String near = Commands.nearest(name, names);
        return new BadInputException(c.name() + ": unknown option " + name
            + (near != null ? " (did you mean " + near + "?)" : " (options: " + String.join(", ", names) + ")"));
    }

    int count() { return positional.size(); }

    String get(int i) { return positional.get(i); }

    List<String> all() { return positional; }

    boolean has(int i) { return i < positional.size(); }

    boolean flag(String name) { return options.containsKey(name); }

    String option(String name) { return options.get(name); }

    /** True for {@code --format json}. */
    boolean json() { return "json".equals(options.get("--format")); }

    /** Checks the number of positional arguments: between {@code min} and {@code max}. */
    Args expect(int min, int max) {
        int n = positional.size();
        if (n < min || n > max) {
            String got = n == 0 ? "no arguments" : n == 1 ? "1 argument" : n + " arguments";
            throw new BadInputException(command.name() + ": expected " + expected(min, max) + ", got " + got
                + "; usage: " + command.synopsis());
        }
        return this;
    }

    private static String expected(int min, int max) {
        if (max == 0) return "no arguments";
        if (min == max) return min == 1 ? "1 argument" : min + " arguments";
        if (max == Integer.MAX_VALUE) return "at least " + min + (min == 1 ? " argument" : " arguments");
        return min + " to " + max + " arguments";
    }
}
