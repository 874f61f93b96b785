package dev.vmlab.cli.shell;

import dev.vmlab.BadInputException;
import dev.vmlab.cli.render.Style;
import dev.vmlab.cli.shell.GuestLoader.MachineSettings;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The interactive shell and its script mode: reads a line, runs the command, repeats.
 *
 * <p>Interactive (a terminal): JLine line editing, history, completion, a prompt showing the
 * VM, mode, privilege and pc; Ctrl-C stops a running guest (or clears the line), Ctrl-D
 * leaves; errors never end the session. Script (a file or a pipe): no line editing, no
 * history; each command is echoed after its prompt so the output reads as a transcript and
 * is the same whether the commands came from {@code --script} or standard input; the exit
 * status is the worst outcome (see {@link #status}).
 */
public final class Shell {
    /**
     * @param echo        in script mode, print each command after its prompt
     * @param stopOnError in script mode, end at the first failing command
     * @param history     the history file for interactive sessions, or null for none
     * @param cwd         relative paths in commands resolve here
     * @param ramBytes    RAM of the machines the shell builds
     * @param tlbEntries  TLB entries per privilege level
     */
    public record Options(boolean echo, boolean stopOnError, boolean verbose, Path history, Path cwd, long ramBytes,
                          int tlbEntries) {}

    private final Options options;
    private final Session session;
    private final Commands commands;
    private final boolean interactive;
    private int status;
    /** The command being handled failed (for --stop-on-error). */
    private boolean failed;

    private Shell(Options options, PrintStream out, PrintStream err, Style style, boolean interactive) {
        this.options = options;
        this.interactive = interactive;
        MachineSettings defaults = new MachineSettings("vm0", "isa", "interp", options.ramBytes(), options.tlbEntries());
        this.session = new Session(out, err, style, options.cwd(), defaults);
        this.session.verbose = options.verbose();
        this.commands = new Commands(session);
    }

    /** Runs commands from {@code in} (a script file or a pipe) and returns the exit status. */
    public static int script(Options options, BufferedReader in, PrintStream out, PrintStream err, String... first) {
        Shell shell = new Shell(options, out, err, Style.PLAIN, false);
        for (String line : first) {
            if (shell.handle(line)) return shell.exitStatus();
        }
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (shell.handle(line)) break;
            }
        } catch (IOException e) {
            err.println("error: reading commands: " + e.getMessage());
            shell.status = Math.max(shell.status, 2);
        }
        return shell.exitStatus();
    }

    /** An interactive session on {@code terminal}; returns the exit status (0, or what quit asked for). */
    public static int interactive(Options options, Terminal terminal, Style style, String... first) {
        PrintStream out = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
        // JLine's dumb terminal defines no end-of-file character, so Ctrl-D typed at a prompt it
        // reads itself would not leave; give it the usual one.
        Attributes attributes = terminal.getAttributes();
        if (attributes.getControlChar(Attributes.ControlChar.VEOF) <= 0) {
            attributes.setControlChar(Attributes.ControlChar.VEOF, 4);
            terminal.setAttributes(attributes);
        }
        Shell shell = new Shell(options, out, out, style, true);
        LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal).appName("vmlab")
            .completer(new ShellCompleter(shell.commands, shell.session))
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true); // '!' is not history expansion here
        if (options.history() != null) b.variable(LineReader.HISTORY_FILE, options.history());
        LineReader reader = b.build();
        // While a guest runs the terminal is in its normal mode, so Ctrl-C arrives as a signal.
        terminal.handle(Terminal.Signal.INT, sig -> shell.session.interrupt());
        out.println("vmlab shell: help lists the commands, Ctrl-D leaves.");
        try {
            for (String line : first) {
                if (shell.handle(line)) return shell.exitStatus();
            }
            while (true) {
                String line;
                try {
                    line = reader.readLine(style.bold(shell.session.prompt()));
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt clears the line
                } catch (EndOfFileException e) {
                    break;
                }
                if (shell.handle(line)) break;
            }
        } finally {
            try {
                reader.getHistory().save();
            } catch (IOException | UncheckedIOException e) {
                out.println("warning: could not save history to " + options.history() + ": " + e.getMessage());
            }
            out.flush();
        }
        return shell.exitStatus();
    }

    /** Runs one line; returns true when the shell should end. */
    private boolean handle(String raw) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) return false;
        if (!interactive && options.echo()) session.out.println(session.prompt() + line);
        session.clearInterrupt();
        failed = false;
        try {
            commands.execute(line);
        } catch (BadInputException e) {
            fail(e.getMessage(), e, 2);
        } catch (RuntimeException | StackOverflowError e) {
            fail("internal error: " + e + (session.verbose ? "" : " (run with -v for details)"), e, 3);
        } finally {
            session.endOutput();
        }
        if (!interactive && session.lastStop() == dev.vmlab.machine.StopReason.FAIL && session.poweredOff()) {
            status = Math.max(status, 1);
        }
        if (session.quit) return true;
        return !interactive && options.stopOnError() && failed;
    }

    private void fail(String message, Throwable e, int severity) {
        failed = true;
        session.out.flush();
        session.err.println(session.style.red("error:") + " " + message);
        if (session.verbose) e.printStackTrace(session.err);
        session.err.flush();
        if (!interactive) status = Math.max(status, severity);
    }

    /**
     * What vmlab exits with: quit's status when it gave one; otherwise, in a script, the worst
     * outcome seen (3 internal error, 2 bad input, 1 the guest reported failure, 0); always 0
     * interactively, where a mistyped command is not a failure of the session.
     */
    int exitStatus() {
        return session.quitStatus != null ? session.quitStatus : status;
    }
}
