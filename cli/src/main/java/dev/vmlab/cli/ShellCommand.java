package dev.vmlab.cli;

import dev.vmlab.BadInputException;
import dev.vmlab.cli.render.Style;
import dev.vmlab.cli.shell.Shell;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.Signals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vmlab shell} (and {@code vmlab} alone): the interactive shell on a terminal, or the
 * same commands from {@code --script FILE} or a pipe.
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
    description = {"Inspect and drive a guest step by step: breakpoints, registers, CSRs, memory, page walks, the TLB.",
        "On a terminal: line editing, history (~/.vmlab_history, or $VMLAB_HISTORY; empty: none) and Tab completion.",
        "From --script FILE or a pipe: the same commands and output, each command echoed after its prompt."},
    footer = {"", "Exit status: interactively 0. In a script, the worst outcome: 0 none,",
        "1 the guest reported failure, 2 a command was rejected as bad input,",
        "3 internal error. quit N exits with N. Type help in the shell; docs/shell.md."})
public final class ShellCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(paramLabel = "GUEST", arity = "0..1", description = "A guest to load first (as the load command would).")
    String guest;

    @Option(names = "--script", paramLabel = "FILE", description = "Read commands from FILE instead of the terminal.")
    Path script;

    @Option(names = "--no-echo", description = "In script mode, do not echo each command after its prompt.")
    boolean noEcho;

    @Option(names = "--stop-on-error", description = "In script mode, stop at the first command that fails.")
    boolean stopOnError;

    @Option(names = {"-m", "--memory"}, defaultValue = "128M", paramLabel = "SIZE",
        description = "Guest RAM at 0x80000000 (default ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--tlb", defaultValue = "64", paramLabel = "N",
        description = "TLB entries per privilege level (power of two; 0 = no TLB).")
    int tlbEntries;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        return run(Cli.verbose(spec.commandLine()));
    }

    int run(boolean verbose) throws IOException {
        long ram = Sizes.parse(memory, "--memory");
        if (ram < (1 << 20) || ram > (2040L << 20) || ram % 4096 != 0) {
            throw new BadInputException("--memory " + memory + ": must be between 1M and 2040M and a multiple of 4K");
        }
        if (tlbEntries < 0 || tlbEntries > 65536 || (tlbEntries != 0 && Integer.bitCount(tlbEntries) != 1)) {
            throw new BadInputException("--tlb " + tlbEntries + ": must be 0 or a power of two up to 65536");
        }
        List<String> first = new ArrayList<>();
        if (guest != null) first.add("load " + (guest.matches("[^\\s'\"]+") ? guest : "\"" + guest + "\""));
        Path cwd = Path.of("").toAbsolutePath();
        if (script != null) {
            if (!Files.isRegularFile(script)) throw new BadInputException(script + ": no such script file");
            try (BufferedReader in = Files.newBufferedReader(script, StandardCharsets.UTF_8)) {
                return Shell.script(options(verbose, null, cwd, ram), in, System.out, System.err, first.toArray(String[]::new));
            }
        }
        if (System.console() == null) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return Shell.script(options(verbose, null, cwd, ram), in, System.out, System.err, first.toArray(String[]::new));
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).nativeSignals(true).build()) {
            // JLine's dumb terminal leaves SIGINT to the JVM, which would end vmlab; route it to
            // the terminal's handler instead, as the other terminals do, so Ctrl-C stops the guest.
            Object saved = terminal.getType().startsWith(Terminal.TYPE_DUMB)
                ? Signals.register("INT", () -> terminal.raise(Terminal.Signal.INT)) : null;
            try {
                return Shell.interactive(options(verbose, historyFile(), cwd, ram), terminal, Style.detect(),
                    first.toArray(String[]::new));
            } finally {
                if (saved != null) Signals.unregister("INT", saved);
            }
        }
    }

    private Shell.Options options(boolean verbose, Path history, Path cwd, long ram) {
        return new Shell.Options(!noEcho, stopOnError, verbose, history, cwd, ram, tlbEntries);
    }

    /** $VMLAB_HISTORY, or ~/.vmlab_history; null (no history) when VMLAB_HISTORY is set but empty. */
    static Path historyFile() {
        String env = System.getenv("VMLAB_HISTORY");
        if (env != null) return env.isBlank() ? null : Path.of(env);
        return Path.of(System.getProperty("user.home"), ".vmlab_history");
    }
}
