package dev.vmlab.scenario;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@code vmlab check} grades after a run. Each listed item is one expectation, graded
 * on its own line; anything left out is not graded.
 *
 * @param console       checks on the guest's console output (null for none)
 * @param exit          how the run must end (null for no check)
 * @param counters      bounds on counters ({@link Counters} names them)
 * @param mustAppear    trace events of which at least one must happen
 * @param mustNotAppear trace events none of which may happen
 */
public record Expect(ConsoleExpect console, ExitExpect exit, List<CounterExpect> counters,
                     List<EventPattern> mustAppear, List<EventPattern> mustNotAppear) {
    public static final Expect NONE = new Expect(null, null, List.of(), List.of(), List.of());

    public Expect {
        counters = List.copyOf(counters);
        mustAppear = List.copyOf(mustAppear);
        mustNotAppear = List.copyOf(mustNotAppear);
    }

    /** How many expectations (graded lines) there are. */
    public int count() {
        int n = counters.size() + mustAppear.size() + mustNotAppear.size();
        if (console != null) {
            n += console.contains.size() + console.notContains.size() + console.regex.size();
            if (console.exact != null) n++;
        }
        if (exit != null) {
            if (exit.result != null) n++;
            if (exit.status != null) n++;
        }
        return n;
    }

    public boolean isEmpty() { return count() == 0; }

    /**
     * Console checks. Output is compared with {@code \r\n} read as {@code \n}.
     *
     * @param contains    texts that must each appear somewhere
     * @param notContains texts that must not appear
     * @param regex       patterns that must each match somewhere (multi-line mode: ^ and $ match at lines)
     * @param exact       the whole output, or null
     */
    public record ConsoleExpect(List<String> contains, List<String> notContains, List<Pattern> regex, String exact) {
        public ConsoleExpect {
            contains = List.copyOf(contains);
            notContains = List.copyOf(notContains);
            regex = List.copyOf(regex);
        }
    }

    /**
     * How the run ends.
     *
     * @param result the outcome, or null for no check
     * @param status the guest's exit status (0 for pass, the code it reported for fail), or null
     */
    public record ExitExpect(Outcome result, Integer status) {}

    /**
     * Bounds on one counter: {@code equals}, or {@code min} and/or {@code max} (inclusive).
     * Unset bounds are null.
     */
    public record CounterExpect(String counter, Long min, Long max, Long equals) {
        /** The bound as people write it: {@code = 5}, {@code >= 1}, {@code <= 10}, {@code 1..10}. */
        public String describe() {
            if (equals != null) return "= " + equals;
            if (min != null && max != null) return min + ".." + max;
            return min != null ? ">= " + min : "<= " + max;
        }

        public boolean accepts(long v) {
            if (equals != null) return v == equals;
            return (min == null || v >= min) && (max == null || v <= max);
        }
    }
}
