package dev.vmlab.cli.shell;

import dev.vmlab.cli.shell.Command.Arg;
import dev.vmlab.hart.Csr;
import dev.vmlab.isa.Disassembler;
import dev.vmlab.trace.TraceKind;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.util.ArrayList;
import java.util.List;

/**
 * Tab completion: command names first; then, by what the command's argument at the cursor
 * is, file paths, symbols of the loaded ELF (and {@code $registers}) for addresses, register
 * names, CSR names, trap causes, trace kinds, help topics; and the command's options after a
 * {@code -}.
 */
final class ShellCompleter implements Completer {
    private final Commands commands;
    private final Session session;
    private final Completer files = new Completers.FileNameCompleter();

    ShellCompleter(Commands commands, Session session) {
        this.commands = commands;
        this.session = session;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int at = line.wordIndex();
        if (at == 0) {
            for (String n : commands.names()) candidates.add(new Candidate(n));
            return;
        }
        Command c = commands.find(words.get(0));
        if (c == null) return;
        String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        if (word.startsWith("-")) {
            for (Command.Option o : c.options()) candidates.add(new Candidate(o.name(), o.name(), null, o.help(), null, null, true));
            return;
        }
        // The previous word may be an option that takes this word as its value.
        Command.Option previous = c.option(words.get(at - 1));
        if (previous != null && previous.takesValue()) {
            for (String choice : previous.choices()) candidates.add(new Candidate(choice));
            return;
        }
        List<String> before = positionalBefore(c, words, at);
        if (c.name().equals("break")) {
            breakArgs(before, candidates);
            return;
        }
        if (c.args().isEmpty()) return;
        Arg kind = c.args().get(Math.min(before.size(), c.args().size() - 1));
        switch (kind) {
            case FILE -> files.complete(reader, line, candidates);
            case ADDRESS -> addresses(candidates);
            case REGISTER -> registers(candidates, "");
            case CSR -> Csr.names().values().forEach(n -> candidates.add(new Candidate(n)));
            case COMMAND -> {
                commands.all().forEach(x -> candidates.add(new Candidate(x.name())));
                candidates.add(new Candidate("scripts"));
            }
            case TRACE_KINDS -> traceKinds(word, candidates);
            case ACCESS -> List.of("load", "store", "fetch").forEach(n -> candidates.add(new Candidate(n)));
            default -> { }
        }
    }

    /** The positional words between the command and the cursor, options and their values left out. */
    private static List<String> positionalBefore(Command c, List<String> words, int at) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < at; i++) {
            Command.Option o = c.option(words.get(i).split("=", 2)[0]);
            if (o != null) {
                if (o.takesValue() && !words.get(i).contains("=")) i++;
                continue;
            }
            out.add(words.get(i));
        }
        return out;
    }

    private void breakArgs(List<String> before, List<Candidate> candidates) {
        if (before.isEmpty()) {
            candidates.add(new Candidate("trap", "trap", null, "stop right after a trap", null, null, true));
            addresses(candidates);
        } else if (before.size() == 1 && before.get(0).equals("trap")) {
            candidates.add(new Candidate("any"));
            BreakCommands.trapIds().keySet().forEach(id -> candidates.add(new Candidate(id)));
        }
    }

    private void addresses(List<Candidate> candidates) {
        for (String n : session.symbols().names()) candidates.add(new Candidate(n));
        registers(candidates, "$");
    }

    private static void registers(List<Candidate> candidates, String prefix) {
        candidates.add(new Candidate(prefix + "pc"));
        for (String r : Disassembler.ABI) candidates.add(new Candidate(prefix + r));
    }

    /** Kinds complete after the last comma, so {@code insn,tr} offers {@code insn,trap}. */
    private static void traceKinds(String word, List<Candidate> candidates) {
        int comma = word.lastIndexOf(',');
        String head = comma >= 0 ? word.substring(0, comma + 1) : "";
        for (String k : TraceKind.names()) candidates.add(new Candidate(head + k, k, null, null, null, null, false));
        if (head.isEmpty()) {
            candidates.add(new Candidate("all"));
            candidates.add(new Candidate("off"));
        }
    }
}
