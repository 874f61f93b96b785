package dev.vmlab.cli.shell;

import dev.vmlab.BadInputException;
import dev.vmlab.cli.render.Table;
import dev.vmlab.cli.shell.Command.Arg;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every shell command, found by name or alias, and {@code help}. A line becomes words
 * ({@link #words}), the first word picks the command, and the command's own options and
 * arguments are checked before it runs.
 */
final class Commands {
    /** The order {@code help} lists them in: what a session does first, first. */
    private static final List<String> ORDER = List.of("load", "continue", "step", "until", "break", "delete",
        "breakpoints", "regs", "csr", "mem", "disasm", "pt", "tlb", "trace", "stats", "reset", "help", "quit");

    private static final List<String> SCRIPTS_HELP = List.of(
        "Scripts: vmlab shell --script FILE, or vmlab shell < FILE, run the same commands with the same output.",
        "Each command is echoed after the prompt it would have been typed at, so the output reads as a transcript",
        "(--no-echo leaves the echo out). Blank lines and lines starting with # are skipped; # after a space starts",
        "a comment. A command that fails prints one line, error: ..., on standard error, and the script goes on",
        "(--stop-on-error ends it there). The exit status is the worst outcome: 3 an internal error, 2 a command",
        "rejected as bad input, 1 the guest reported failure, 0 otherwise; quit N exits with N.");

    private final Map<String, Command> byName = new LinkedHashMap<>();
    private final List<Command> all = new ArrayList<>();
    private final Session s;

    Commands(Session s) {
        this.s = s;
        List<Command> found = new ArrayList<>();
        found.addAll(new SessionCommands(s).commands());
        found.addAll(new RunCommands(s).commands());
        found.addAll(new BreakCommands(s).commands());
        found.addAll(new StateCommands(s).commands());
        found.addAll(new MemoryCommands(s).commands());
        found.add(Command.named("help").aliases("?").usage("[command]")
            .summary("List the commands, or explain one")
            .details("help scripts explains how scripts and piped input run.")
            .examples("help", "help break", "help scripts")
            .args(Arg.COMMAND).does(this::help));
        for (String name : ORDER) {
            Command c = found.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            all.add(c);
            byName.put(c.name(), c);
            for (String alias : c.aliases()) byName.put(alias, c);
        }
    }

    List<Command> all() { return all; }

    /** Names and aliases, for completion. */
    Collection<String> names() { return byName.keySet(); }

    Command find(String name) { return byName.get(name); }

    /** Runs one line; comments and blank lines do nothing. Bad input is a {@link BadInputException}. */
    void execute(String line) {
        List<String> words = words(line);
        if (words.isEmpty()) return;
        Command c = byName.get(words.get(0));
        if (c == null) throw unknown(words.get(0));
        Args args = Args.parse(c, words.subList(1, words.size()));
        if (c.usage().isEmpty()) args.expect(0, 0);
        c.handler().run(args);
    }

    private BadInputException unknown(String word) {
        String near = nearest(word, byName.keySet());
        return new BadInputException("unknown command '" + word + "'"
            + (near != null ? " (did you mean " + near + "?)" : "") + "; help lists the commands");
    }

    /**
     * Splits a line into words: whitespace separates, single or double quotes group (for file
     * names with spaces), and a {@code #} at the start of a word comments out the rest.
     */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else w.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) out.add(w.toString());
                w.setLength(0);
                inWord = false;
            } else if (c == '#' && !inWord) {
                break;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (quote != 0) throw new BadInputException("unterminated " + (quote == '"' ? "double" : "single") + " quote");
        if (inWord) out.add(w.toString());
        return out;
    }

    /** The candidate closest to {@code word} (edit distance at most 2, or a unique prefix), or null. */
    static String nearest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        List<String> prefixed = new ArrayList<>();
        for (String c : candidates) {
            if (c.startsWith(word)) prefixed.add(c);
            int d = distance(word, c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        if (bestDistance <= Math.min(2, Math.max(1, word.length() / 3))) return best;
        return prefixed.size() == 1 ? prefixed.get(0) : null;
    }

    /** Edit distance counting a swap of neighbours as one edit, the commonest typo ({@code stpe}). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    // ---------------------------------------------------------------- help

    private void help(Args a) {
        a.expect(0, 1);
        if (a.count() == 0) {
            Table t = new Table("command", "what it does");
            for (Command c : all) t.row(c.name(), c.summary());
            t.print(s.out, s.style);
            s.out.println("help <command> explains one; help scripts explains scripts. Ctrl-C stops a running guest, "
                + "Ctrl-D leaves.");
            return;
        }
        String topic = a.get(0);
        if (topic.equals("scripts")) {
            SCRIPTS_HELP.forEach(s.out::println);
            return;
        }
        Command c = byName.get(topic);
        if (c == null) throw new BadInputException("help: " + unknown(topic).getMessage());
        s.out.println(s.style.bold(c.synopsis()) + (c.aliases().isEmpty() ? "" : "   (also: " + String.join(", ", c.aliases()) + ")"));
        for (String line : wrap(c.summary() + ".", 76)) s.out.println("  " + line);
        for (String d : c.details()) {
            s.out.println();
            for (String line : wrap(d, 76)) s.out.println("  " + line);
        }
        if (!c.options().isEmpty()) {
            s.out.println();
            s.out.println("options:");
            Table t = new Table("", "").indent("  ");
            for (Command.Option o : c.options()) t.row(o.name() + (o.takesValue() ? " " + o.value() : ""), o.help());
            t.print(s.out, s.style);
        }
        if (!c.examples().isEmpty()) {
            s.out.println();
            s.out.println("examples:");
            for (String e : c.examples()) s.out.println("  " + e);
        }
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0) lines.add(line.toString());
        return lines;
    }
}
