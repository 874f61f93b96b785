package dev.vmlab.cli.render;

import java.util.Map;

/**
 * Whether output is coloured, and the few colours vmlab uses. Colour is for a person at a
 * terminal: never for pipes, files or scripts, never when {@code NO_COLOR} is set to anything
 * non-empty (https://no-color.org), never for {@code TERM=dumb}. Everything else prints the
 * same text either way, so tests and scripts see exactly what a person sees, minus escapes.
 */
public final class Style {
    private static final String RESET = "\u001b[0m";
    public static final Style PLAIN = new Style(false);

    private final boolean color;

    private Style(boolean color) {
        this.color = color;
    }

    /** Colour when standard output is a terminal and the environment does not forbid it. */
    public static Style detect() {
        return forTerminal(System.console() != null, System.getenv());
    }

    /** The decision itself, separate from the process so tests can drive it. */
    public static Style forTerminal(boolean isTerminal, Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        boolean forbidden = noColor != null && !noColor.isEmpty();
        boolean dumb = "dumb".equals(env.get("TERM"));
        return new Style(isTerminal && !forbidden && !dumb);
    }

    public boolean color() { return color; }

    public String bold(String s) { return wrap("1", s); }

    public String red(String s) { return wrap("31", s); }

    public String green(String s) { return wrap("32", s); }

    public String yellow(String s) { return wrap("33", s); }

    public String cyan(String s) { return wrap("36", s); }

    public String dim(String s) { return wrap("2", s); }

    private String wrap(String code, String s) {
        return color && !s.isEmpty() ? "\u001b[" + code + "m" + s + RESET : s;
    }
}
