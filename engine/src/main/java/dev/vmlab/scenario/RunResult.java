package dev.vmlab.scenario;

import java.util.List;
import java.util.Map;

/**
 * What a scenario's run produced: how it ended, the console output, every counter, and the
 * trace events expectations asked about. {@link Grader} compares it with the expectations.
 *
 * @param scenario         the scenario's name
 * @param vm               the VM that ran
 * @param mode             the mode it ran in (counters other modes measure read "not measured")
 * @param outcome          how the run ended
 * @param detail           the ending in words: {@code guest passed}, {@code instruction limit (1000000)}
 * @param exitStatus       the guest's status: 0 for pass, its code for fail, -1 when it did not say
 * @param seconds          host time the run took (not deterministic; never graded)
 * @param console          the console output as far as it was kept
 * @param consoleTruncated true when the guest wrote more than was kept
 * @param counters         every counter measured, by name ({@link Counters})
 * @param events           for each event expectation, what the run saw
 */
public record RunResult(String scenario, String vm, Vm.Mode mode, Outcome outcome, String detail, int exitStatus,
                        double seconds, String console, boolean consoleTruncated, Map<String, Long> counters,
                        List<EventObservation> events) {
    public RunResult {
        counters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counters));
        events = List.copyOf(events);
    }

    public long instructions() { return counters.getOrDefault("instructions", 0L); }

    /** What was seen for {@code pattern}, or null when it was not recorded. */
    public EventObservation observation(EventPattern pattern) {
        for (EventObservation o : events) if (o.pattern() == pattern) return o;
        return null;
    }

    /**
     * @param count how many events matched
     * @param first where the first one happened ({@code instret 57, epc 0x80000010}), or null
     */
    public record EventObservation(EventPattern pattern, long count, String first) {}
}
