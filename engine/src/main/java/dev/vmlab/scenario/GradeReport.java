package dev.vmlab.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The machine-readable report of {@code vmlab check --format json}, version {@value #VERSION}.
 * docs/scenario-format.md ("Grading output") documents every field; autograders read it, so
 * fields are only ever added within a version.
 */
public final class GradeReport {
    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GradeReport() {}

    /**
     * One scenario file's outcome: its grade, or the one-line error that kept it from being
     * graded (bad input).
     */
    public record Entry(String file, Grade grade, String error) {
        public boolean passed() { return grade != null && grade.passed(); }
    }

    /** The report as text: two-space indentation, {@code "key": value}, one item per line. */
    public static String text(List<Entry> entries) {
        DefaultIndenter indent = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        pretty.indentObjectsWith(indent);
        pretty.indentArraysWith(indent);
        try {
            return MAPPER.writer(pretty).writeValueAsString(json(entries));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    public static ObjectNode json(List<Entry> entries) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", VERSION);
        root.put("passed", entries.stream().allMatch(Entry::passed));
        int expectations = 0, passedExpectations = 0, errors = 0, passedScenarios = 0;
        ArrayNode list = MAPPER.createArrayNode();
        for (Entry e : entries) {
            list.add(entry(e));
            if (e.error() != null) errors++;
            if (e.passed()) passedScenarios++;
            if (e.grade() != null) {
                expectations += e.grade().lines().size();
                passedExpectations += e.grade().passedCount();
            }
        }
        ObjectNode summary = root.putObject("summary");
        summary.put("scenarios", entries.size());
        summary.put("scenarios_passed", passedScenarios);
        summary.put("errors", errors);
        summary.put("expectations", expectations);
        summary.put("expectations_passed", passedExpectations);
        root.set("scenarios", list);
        return root;
    }

    private static ObjectNode entry(Entry e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("file", e.file());
        Grade g = e.grade();
        n.put("name", g == null ? null : g.scenario());
        n.put("passed", e.passed());
        n.put("error", e.error());
        if (g == null) {
            n.putNull("run");
            n.putNull("counters");
            n.putArray("expectations");
            return n;
        }
        RunResult r = g.result();
        ObjectNode run = n.putObject("run");
        run.put("vm", r.vm());
        run.put("mode", r.mode().label());
        run.put("result", r.outcome().label());
        run.put("detail", r.detail());
        if (r.exitStatus() >= 0) run.put("exit_status", r.exitStatus());
        else run.putNull("exit_status");
        run.put("instructions", r.instructions());
        run.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        run.put("console", r.console());
        run.put("console_truncated", r.consoleTruncated());
        ObjectNode counters = n.putObject("counters");
        Counters.shown(r.counters()).forEach(counters::put);
        ArrayNode lines = n.putArray("expectations");
        for (Grade.Line l : g.lines()) {
            ObjectNode x = lines.addObject();
            x.put("id", l.id());
            x.put("what", l.what());
            x.put("expected", l.expected());
            x.put("seen", l.seen());
            x.put("passed", l.passed());
        }
        return n;
    }
}
