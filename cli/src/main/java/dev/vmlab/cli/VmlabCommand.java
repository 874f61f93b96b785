package dev.vmlab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level {@code vmlab} command. */
@Command(name = "vmlab", mixinStandardHelpOptions = true, version = "vmlab 0.1.0",
    description = "A virtualization lab: run a RISC-V guest and watch what the machine and its monitor do.",
    subcommands = {RunCommand.class, CheckCommand.class, AsmCommand.class, BenchCommand.class})
public final class VmlabCommand implements Runnable {
    @Option(names = {"-v", "--verbose"}, description = "Show stack traces and diagnostics on errors.", scope = picocli.CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
