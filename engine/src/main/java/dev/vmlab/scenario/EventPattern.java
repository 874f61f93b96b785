package dev.vmlab.scenario;

import java.util.Map;

/**
 * A trace event an expectation looks for: a kind and the values some of its fields must have
 * (names from the JSON Lines trace format; values normalised as {@link EventFields} says).
 *
 * @param kind   the trace kind ({@code trap}, {@code csr}, ...)
 * @param fields the values to match, all of which must be equal
 * @param text   how the pattern reads in grading output: {@code trap cause=illegal_instruction}
 */
public record EventPattern(String kind, Map<String, Object> fields, String text) {
    public EventPattern {
        fields = Map.copyOf(fields);
    }

    /** True when an event with these {@link EventFields#of normalised fields} matches. */
    public boolean matches(Map<String, Object> event) {
        if (!kind.equals(event.get("kind"))) return false;
        for (var f : fields.entrySet()) {
            if (!f.getValue().equals(event.get(f.getKey()))) return false;
        }
        return true;
    }
}
