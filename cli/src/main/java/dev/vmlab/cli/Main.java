package dev.vmlab.cli;

import picocli.CommandLine;

/** Entry point: builds the command line and turns its outcome into the process exit code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line and returns its exit code; used by tests too. */
    public static int execute(String... args) {
        return Cli.commandLine().execute(args);
    }
}
