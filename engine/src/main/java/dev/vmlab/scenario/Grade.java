package dev.vmlab.scenario;

import java.util.List;

/**
 * The graded expectations of one scenario's run, one {@link Line} per expectation, in the order
 * the scenario lists them.
 *
 * @param scenario the scenario's name
 * @param result   the run that was graded
 */
public record Grade(String scenario, RunResult result, List<Line> lines) {
    public Grade {
        lines = List.copyOf(lines);
    }

    /** True when every expectation passed (and vacuously when there were none). */
    public boolean passed() {
        return lines.stream().allMatch(Line::passed);
    }

    public int passedCount() {
        return (int) lines.stream().filter(Line::passed).count();
    }

    /**
     * One graded expectation.
     *
     * @param id       the expectation's JSON path in the scenario ({@code expect.counters[1]}), stable for scripts
     * @param what     what was checked, for people: {@code console contains "Hello"}
     * @param expected what should have been seen: {@code present}, {@code >= 1}, {@code pass}
     * @param seen     what the run showed: {@code line 1}, {@code 0}, {@code limit (instruction limit 1000)}
     */
    public record Line(String id, String what, String expected, String seen, boolean passed) {}
}
