package dev.vmlab.cli;

import dev.vmlab.BadInputException;
import dev.vmlab.scenario.Grade;
import dev.vmlab.scenario.GradeReport;
import dev.vmlab.scenario.Grader;
import dev.vmlab.scenario.RunOptions;
import dev.vmlab.scenario.RunResult;
import dev.vmlab.scenario.Scenario;
import dev.vmlab.scenario.ScenarioLoader;
import dev.vmlab.scenario.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vmlab check}: runs each scenario unattended and grades its expectations, one line per
 * expectation. A scenario that cannot be loaded or run is reported and the others are still
 * graded, so one typo does not hide every other result.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Run scenarios and grade their expectations: one line per expectation, then a summary.",
    footer = {"", "Exit status: 0 every expectation passed, 1 an expectation failed,",
        "2 a scenario is bad input (its error is on standard error; the other scenarios",
        "are still graded), 3 internal error.",
        "", "docs/scenario-format.md describes the format and the reports (text and JSON)."})
public final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SCENARIO",
        description = "Scenario files (JSON). Files named *.schema.json are skipped, so scenarios/*.json works.")
    List<Path> files;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FMT",
        description = "Report format: text (default) or json (for autograders).")
    String format;

    @Option(names = "--console-lines", defaultValue = "10", paramLabel = "N",
        description = "When a console expectation fails, show the last N lines of the guest's output (default ${DEFAULT-VALUE}; 0 = none).")
    int consoleLines;

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("json")) {
            throw new BadInputException("--format " + format + ": must be text or json");
        }
        if (consoleLines < 0) throw new BadInputException("--console-lines " + consoleLines + ": must be 0 or more");
        boolean json = format.equals("json");
        PrintStream out = System.out;
        Style style = json ? Style.plain() : Style.detect();
        List<GradeReport.Entry> entries = new ArrayList<>();
        for (Path file : files) {
            // scenarios/*.json also matches the schema that lives beside the scenarios.
            if (file.getFileName() != null && file.getFileName().toString().endsWith(".schema.json")) {
                System.err.println("vmlab: skipping " + file + " (a JSON Schema, not a scenario)");
                continue;
            }
            GradeReport.Entry e = grade(file);
            entries.add(e);
            if (e.error() != null) {
                System.err.println("vmlab: " + e.error());
                System.err.flush();
            }
            if (!json) print(out, e, style);
        }
        if (entries.isEmpty()) throw new BadInputException("no scenario to check (only JSON Schemas were given)");
        if (json) {
            out.println(GradeReport.text(entries));
        } else {
            summary(out, entries, style);
        }
        out.flush();
        if (entries.stream().anyMatch(e -> e.error() != null)) return Cli.BAD_INPUT;
        return entries.stream().allMatch(GradeReport.Entry::passed) ? Cli.OK : Cli.GUEST_FAILED;
    }

    private static GradeReport.Entry grade(Path file) {
        try {
            Scenario s = ScenarioLoader.load(file);
            RunResult r = ScenarioRunner.run(s, RunOptions.grading());
            return new GradeReport.Entry(file.toString(), Grader.grade(s, r), null);
        } catch (BadInputException e) {
            return new GradeReport.Entry(file.toString(), null, e.getMessage());
        }
    }

    private void print(PrintStream out, GradeReport.Entry e, Style style) {
        if (e.grade() == null) {
            out.println(style.bold(e.file()) + ": " + style.red("ERROR") + " (see the message above)");
            return;
        }
        Grade g = e.grade();
        RunResult r = g.result();
        out.printf(Locale.ROOT, "%s (%s): %s, %,d instructions%n", style.bold(g.scenario()), e.file(), r.detail(),
            r.instructions());
        int what = 0, expected = 0;
        for (Grade.Line l : g.lines()) {
            what = Math.max(what, l.what().length());
            expected = Math.max(expected, l.expected().length());
        }
        boolean consoleFailed = false;
        for (Grade.Line l : g.lines()) {
            String verdict = l.passed() ? style.green("PASS") : style.red("FAIL");
            out.println("  " + verdict + "  " + pad(l.what(), what) + "  expected " + pad(l.expected(), expected)
                + "  seen " + l.seen());
            consoleFailed |= !l.passed() && l.id().startsWith("expect.console");
        }
        if (consoleFailed && consoleLines > 0) tail(out, r, style);
        if (g.lines().isEmpty()) {
            out.println("  no expectations to grade");
        } else if (g.passed()) {
            out.println("  " + style.green("passed") + ": " + g.passedCount() + " of " + g.lines().size());
        } else {
            out.println("  " + style.red("FAILED") + ": " + g.passedCount() + " of " + g.lines().size() + " passed");
        }
    }

    /** The end of the guest's output, so a student sees what was printed instead of what was expected. */
    private void tail(PrintStream out, RunResult r, Style style) {
        List<String> lines = r.console().replace("\r\n", "\n").lines().toList();
        int from = Math.max(0, lines.size() - consoleLines);
        out.println("  console output" + (from > 0 ? " (last " + consoleLines + " lines)" : "")
            + (r.consoleTruncated() ? " (truncated)" : "") + ":");
        if (lines.isEmpty()) out.println("  " + style.dim("|") + " (nothing)");
        for (String l : lines.subList(from, lines.size())) out.println("  " + style.dim("|") + " " + l);
    }

    private static void summary(PrintStream out, List<GradeReport.Entry> entries, Style style) {
        int errors = 0, failed = 0, expectations = 0, passedExpectations = 0;
        for (GradeReport.Entry e : entries) {
            if (e.error() != null) errors++;
            else if (!e.passed()) failed++;
            if (e.grade() != null) {
                expectations += e.grade().lines().size();
                passedExpectations += e.grade().passedCount();
            }
        }
        int n = entries.size();
        String verdict = errors > 0 ? style.red("ERROR") : failed > 0 ? style.red("FAILED") : style.green("PASSED");
        StringBuilder b = new StringBuilder(verdict).append(": ").append(n).append(n == 1 ? " scenario" : " scenarios");
        if (failed > 0) b.append(", ").append(failed).append(" failed");
        if (errors > 0) b.append(", ").append(errors).append(" could not be run");
        b.append("; ").append(passedExpectations).append(" of ").append(expectations).append(" expectations passed");
        out.println(b);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
