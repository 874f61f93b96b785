package dev.vmlab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level {@code vmlab} command. */
@Command(name = "vmlab", mixinStandardHelpOptions = true, version = "vmlab 0.1.0",
    description = "A virtualization lab: run a RISC-V guest and watch what the machine and its monitor do.",
    subcommands = {RunCommand.class, ShellCommand.class, CheckCommand.class, AsmCommand.class, BenchCommand.class},
    footer = {"", "With no command, vmlab opens the interactive shell (vmlab shell)."})
public final class VmlabCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = {"-v", "--verbose"}, description = "Show stack traces and diagnostics on errors.", scope = picocli.CommandLine.ScopeType.INHERIT)
    boolean verbose;

    /** No subcommand: the shell, as {@code vmlab shell} with its defaults. */
    @Override
    public Integer call() throws Exception {
        ShellCommand shell = new ShellCommand();
        new picocli.CommandLine(shell).parseArgs(); // applies the option defaults
        return shell.run(verbose);
    }
}
