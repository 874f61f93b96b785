package dev.vmlab.scenario;

import dev.vmlab.trace.TraceEvent;
import dev.vmlab.trace.TraceKind;
import dev.vmlab.trace.TraceSink;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trace sink that remembers only what event expectations ask about: for each pattern, how
 * many events matched and the first of them. Its memory does not grow with the run.
 */
final class EventRecorder implements TraceSink {
    private final List<EventPattern> patterns;
    private final long[] counts;
    private final Map<String, Object>[] first;
    private final Set<TraceKind> kinds = EnumSet.noneOf(TraceKind.class);

    @SuppressWarnings("unchecked")
    EventRecorder(List<EventPattern> patterns) {
        this.patterns = List.copyOf(patterns);
        this.counts = new long[patterns.size()];
        this.first = new Map[patterns.size()];
        for (EventPattern p : patterns) kinds.add(EventFields.traceKind(p.kind()));
    }

    /** The trace kinds the hart must emit for these patterns. */
    Set<TraceKind> kinds() { return kinds; }

    @Override
    public void accept(TraceEvent e) {
        Map<String, Object> fields = null;
        String kind = e.kind().label();
        for (int i = 0; i < patterns.size(); i++) {
            EventPattern p = patterns.get(i);
            if (!p.kind().equals(kind)) continue;
            // Built once per event, and only for kinds some pattern asks about.
            if (fields == null) fields = EventFields.of(e);
            if (p.matches(fields)) {
                if (counts[i]++ == 0) first[i] = fields;
            }
        }
    }

    /** What was seen, pattern by pattern, in the order the patterns were given. */
    List<RunResult.EventObservation> observations() {
        List<RunResult.EventObservation> out = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            out.add(new RunResult.EventObservation(patterns.get(i), counts[i], first[i] == null ? null : describe(first[i])));
        }
        return out;
    }

    /** Where an event happened, briefly: {@code instret 57, epc 0x80000010}. */
    static String describe(Map<String, Object> f) {
        StringBuilder b = new StringBuilder("instret ").append(f.get("instret"));
        for (String k : new String[] {"pc", "epc", "va"}) {
            if (f.get(k) instanceof Long v) {
                b.append(", ").append(k).append(" 0x").append(Long.toHexString(v));
                break;
            }
        }
        return b.toString();
    }
}
