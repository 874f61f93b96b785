package dev.vmlab.cli;

import dev.vmlab.BadInputException;
import dev.vmlab.asm.AsmException;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * The one place where the command line is wired: subcommands, and how failures become exit
 * codes (0 success, 1 the guest or a check failed, 2 bad input, 3 internal error) and one-line
 * messages. Stack traces appear only with {@code -v}.
 */
public final class Cli {
    public static final int OK = 0, GUEST_FAILED = 1, BAD_INPUT = 2, INTERNAL = 3;

    private Cli() {}

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new VmlabCommand());
        cl.setExecutionExceptionHandler(Cli::handleError);
        cl.setParameterExceptionHandler(Cli::handleParameterError);
        return cl;
    }

    private static int handleParameterError(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("vmlab: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return BAD_INPUT;
    }

    private static int handleError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean verbose = verbose(cl);
        if (e instanceof BadInputException) {
            // An assembly error at a line is already "file:line:col: reason", its source line and a caret.
            err.println(e instanceof AsmException a && a.line() > 0 ? e.getMessage() : "vmlab: " + e.getMessage());
            if (verbose) e.printStackTrace(err);
            err.flush();
            return BAD_INPUT;
        }
        err.println("vmlab: internal error: " + e + (verbose ? "" : " (run with -v for details)"));
        if (verbose) e.printStackTrace(err);
        err.flush();
        return INTERNAL;
    }

    /** True when -v was given anywhere on the command line. */
    static boolean verbose(CommandLine cl) {
        CommandLine c = cl;
        while (c.getParent() != null) c = c.getParent();
        Object top = c.getCommand();
        return top instanceof VmlabCommand v && v.verbose;
    }
}
