package dev.vmlab.cli.shell;

import java.util.List;

/**
 * One shell command: its name, how it is written, its help, what its arguments are (for
 * completion) and what it does. The command groups ({@link RunCommands}, {@link InspectCommands}...)
 * build these; {@link Commands} holds them all.
 *
 * @param usage     the synopsis after the name, e.g. {@code "<addr> [len]"}
 * @param summary   one line for {@code help}
 * @param details   paragraphs for {@code help <command>}
 * @param examples  example lines, each a complete command
 * @param options   the options it accepts
 * @param args      what each positional argument is, for completion; the last one repeats
 */
record Command(String name, List<String> aliases, String usage, String summary, List<String> details,
               List<String> examples, List<Option> options, List<Arg> args, Handler handler) {

    /** An option: {@code -v}, or {@code --format FMT} when {@code value} names its value. */
    record Option(String name, String value, String help, List<String> choices) {
        static Option flag(String name, String help) { return new Option(name, null, help, List.of()); }

        static Option valued(String name, String value, String help, String... choices) {
            return new Option(name, value, help, List.of(choices));
        }

        boolean takesValue() { return value != null; }
    }

    /** The standard {@code --format text|json} of commands that report something. */
    static final Option FORMAT = Option.valued("--format", "FMT", "text (default) or json: one JSON object on one line",
        "text", "json");

    /** What a positional argument holds, which decides how it completes. */
    enum Arg { NONE, FILE, ADDRESS, COUNT, REGISTER, CSR, COMMAND, BREAK, TRACE_KINDS, ACCESS }

    @FunctionalInterface
    interface Handler {
        void run(Args args);
    }

    static Builder named(String name) { return new Builder(name); }

    static final class Builder {
        private final String name;
        private List<String> aliases = List.of(), details = List.of(), examples = List.of();
        private String usage = "", summary = "";
        private List<Option> options = List.of();
        private List<Arg> args = List.of();

        private Builder(String name) { this.name = name; }

        Builder aliases(String... a) { aliases = List.of(a); return this; }

        Builder usage(String u) { usage = u; return this; }

        Builder summary(String s) { summary = s; return this; }

        Builder details(String... d) { details = List.of(d); return this; }

        Builder examples(String... e) { examples = List.of(e); return this; }

        Builder options(Option... o) { options = List.of(o); return this; }

        Builder args(Arg... a) { args = List.of(a); return this; }

        Command does(Handler h) {
            return new Command(name, aliases, usage, summary, details, examples, options, args, h);
        }
    }

    /** {@code name usage}, as help and error messages show it. */
    String synopsis() {
        return usage.isEmpty() ? name : name + " " + usage;
    }

    Option option(String n) {
        for (Option o : options) if (o.name().equals(n)) return o;
        return null;
    }
}
