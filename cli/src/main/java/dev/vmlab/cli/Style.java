package dev.vmlab.cli;

/**
 * ANSI colours for the command line's own reports, on only when they can help: standard output
 * is a terminal, the terminal is not "dumb", and the user has not set NO_COLOR
 * (https://no-color.org: any non-empty value turns colour off).
 */
final class Style {
    private final boolean on;

    private Style(boolean on) { this.on = on; }

    static Style plain() { return new Style(false); }

    /** Colour decided from the environment. */
    static Style detect() {
        String noColor = System.getenv("NO_COLOR");
        String term = System.getenv("TERM");
        return new Style(System.console() != null && (noColor == null || noColor.isEmpty()) && !"dumb".equals(term));
    }

    boolean on() { return on; }

    String green(String s) { return wrap("32", s); }

    String red(String s) { return wrap("1;31", s); }

    String bold(String s) { return wrap("1", s); }

    String dim(String s) { return wrap("2", s); }

    private String wrap(String code, String s) {
        return on ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
