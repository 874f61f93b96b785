package dev.vmlab.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compares a run with its scenario's expectations, one line per expectation. */
public final class Grader {
    private Grader() {}

    public static Grade grade(Scenario s, RunResult r) {
        Expect e = s.expect();
        List<Grade.Line> lines = new ArrayList<>();
        String out = r.console().replace("\r\n", "\n");
        String cut = r.consoleTruncated() ? " (output truncated)" : "";
        if (e.console() != null) {
            Expect.ConsoleExpect c = e.console();
            for (int i = 0; i < c.contains().size(); i++) {
                String t = c.contains().get(i);
                int at = out.indexOf(t);
                lines.add(new Grade.Line("expect.console.contains[" + i + "]", "console contains " + quote(t), "present",
                    at >= 0 ? "line " + lineOf(out, at) : "absent" + cut, at >= 0));
            }
            for (int i = 0; i < c.notContains().size(); i++) {
                String t = c.notContains().get(i);
                int at = out.indexOf(t);
                lines.add(new Grade.Line("expect.console.not_contains[" + i + "]", "console lacks " + quote(t), "absent",
                    at >= 0 ? "line " + lineOf(out, at) : "absent" + cut, at < 0));
            }
            for (int i = 0; i < c.regex().size(); i++) {
                Pattern p = c.regex().get(i);
                Matcher m = p.matcher(out);
                boolean found = m.find();
                lines.add(new Grade.Line("expect.console.regex[" + i + "]", "console matches /" + abbreviate(p.pattern()) + "/",
                    "a match", found ? quote(m.group()) + " on line " + lineOf(out, m.start()) : "no match" + cut, found));
            }
            if (c.exact() != null) {
                String want = c.exact().replace("\r\n", "\n");
                boolean same = want.equals(out) && !r.consoleTruncated();
                lines.add(new Grade.Line("expect.console.exact", "console is exactly " + quote(want),
                    want.length() + " characters", same ? "identical" : difference(want, out) + cut, same));
            }
        }
        if (e.exit() != null) {
            Expect.ExitExpect x = e.exit();
            if (x.result() != null) {
                lines.add(new Grade.Line("expect.exit.result", "exit result", x.result().label(), seenResult(r),
                    x.result() == r.outcome()));
            }
            if (x.status() != null) {
                boolean said = r.outcome() == Outcome.PASS || r.outcome() == Outcome.FAIL;
                lines.add(new Grade.Line("expect.exit.status", "exit status", String.valueOf(x.status()),
                    said ? String.valueOf(r.exitStatus()) : "none (" + r.outcome().label() + ")",
                    said && x.status() == r.exitStatus()));
            }
        }
        for (int i = 0; i < e.counters().size(); i++) {
            Expect.CounterExpect c = e.counters().get(i);
            Long v = r.counters().get(c.counter());
            String seen = v != null ? String.valueOf(v)
                : Counters.reserved(c.counter()) ? "not measured in mode " + r.mode().label()
                : "not measured";
            lines.add(new Grade.Line("expect.counters[" + i + "]", "counter " + c.counter(), c.describe(), seen,
                v != null && c.accepts(v)));
        }
        for (int i = 0; i < e.mustAppear().size(); i++) {
            EventPattern p = e.mustAppear().get(i);
            RunResult.EventObservation o = r.observation(p);
            lines.add(new Grade.Line("expect.events.must_appear[" + i + "]", "event " + p.text(), "at least once",
                seenEvents(o), o != null && o.count() > 0));
        }
        for (int i = 0; i < e.mustNotAppear().size(); i++) {
            EventPattern p = e.mustNotAppear().get(i);
            RunResult.EventObservation o = r.observation(p);
            lines.add(new Grade.Line("expect.events.must_not_appear[" + i + "]", "no event " + p.text(), "never",
                seenEvents(o), o != null && o.count() == 0));
        }
        return new Grade(s.name(), r, lines);
    }

    private static String seenResult(RunResult r) {
        return switch (r.outcome()) {
            case PASS -> "pass";
            case FAIL -> "fail (status " + r.exitStatus() + ")";
            default -> r.outcome().label() + ": " + r.detail();
        };
    }

    private static String seenEvents(RunResult.EventObservation o) {
        if (o == null) return "not recorded";
        if (o.count() == 0) return "never";
        return (o.count() == 1 ? "once" : o.count() + " times") + ", first at " + o.first();
    }

    /** Where two texts first differ, by line, showing a little of each. */
    static String difference(String want, String got) {
        String[] w = want.split("\n", -1), g = got.split("\n", -1);
        for (int i = 0; i < Math.max(w.length, g.length); i++) {
            if (i >= g.length) return "no line " + (i + 1) + " (expected " + quote(w[i]) + ")";
            if (i >= w.length) return "extra output from line " + (i + 1) + ": " + quote(g[i]);
            if (!w[i].equals(g[i])) return "line " + (i + 1) + " is " + quote(g[i]) + ", not " + quote(w[i]);
        }
        return "identical";
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) if (text.charAt(i) == '\n') line++;
        return line;
    }

    /** A text as grading shows it: quoted, control characters escaped, long ones shortened. */
    static String quote(String s) {
        return "\"" + abbreviate(s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
            .replace("\"", "\\\"")) + "\"";
    }

    private static String abbreviate(String s) {
        return s.length() <= 48 ? s : s.substring(0, 45) + "...";
    }
}
