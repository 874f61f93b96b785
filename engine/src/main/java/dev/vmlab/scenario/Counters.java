package dev.vmlab.scenario;

import dev.vmlab.hart.Cause;
import dev.vmlab.machine.VirtBoard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names of the counters a scenario can put bounds on, and their values after a run.
 *
 * <p>Names are dotted paths, lower-case: a family ({@code traps}) is the total, and
 * {@code family.member} one part of it ({@code traps.illegal_instruction}). Families the
 * later modes will measure are reserved now ({@code vm_exits.<reason>}, {@code hypercalls.<name>},
 * ...), so scenarios written today stay valid; in a mode that does not measure them they grade
 * as "not measured in mode isa" instead of silently reading zero.
 */
public final class Counters {
    private Counters() {}

    /** Counters measured in every mode, in the order reports list them. */
    public static final List<String> BASIC = List.of("instructions", "cycles", "traps", "exceptions", "interrupts",
        "tlb.hits", "tlb.misses", "tlb.flushes", "page_walks", "page_walks.reads", "console.output_bytes",
        "console.input_bytes");

    /** Reserved families and the modes that will measure them (for the "not measured" message). */
    public static final Map<String, String> RESERVED = reserved();

    private static Map<String, String> reserved() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("vm_exits", "hw");
        m.put("hypercalls", "para and hw");
        m.put("emulated", "full");
        m.put("reflected", "full");
        m.put("shadow", "full");
        m.put("bt", "full");
        m.put("g_stage", "hw");
        m.put("modelled_cycles", "the cost model");
        return java.util.Collections.unmodifiableMap(m);
    }

    private static final Pattern MEMBER = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");

    /** Exception ids ({@code illegal_instruction}) by code; reserved codes are left out. */
    public static final Map<String, Integer> EXCEPTION_IDS = ids(false);
    /** Interrupt ids ({@code supervisor_timer_interrupt}) by code. */
    public static final Map<String, Integer> INTERRUPT_IDS = ids(true);

    private static Map<String, Integer> ids(boolean interrupt) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int code = 0; code < 16; code++) {
            String id = Cause.id(interrupt, code);
            if (!id.startsWith("reserved") && !id.startsWith("interrupt_") && !id.startsWith("exception_")) m.put(id, code);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Every concrete name measured today: the basic ones, then each family's members. */
    public static List<String> names() {
        List<String> all = new ArrayList<>(BASIC);
        for (String id : EXCEPTION_IDS.keySet()) all.add("exceptions." + id);
        for (String id : INTERRUPT_IDS.keySet()) all.add("interrupts." + id);
        for (String id : EXCEPTION_IDS.keySet()) all.add("traps." + id);
        for (String id : INTERRUPT_IDS.keySet()) all.add("traps." + id);
        return all;
    }

    /** True for a name in a reserved family: valid, but measured by no mode of this version. */
    public static boolean reserved(String name) {
        int dot = name.indexOf('.');
        return RESERVED.containsKey(dot < 0 ? name : name.substring(0, dot));
    }

    /**
     * Why {@code name} is not a counter, or empty when it is one (measured or reserved). The
     * message suggests the nearest known name.
     */
    public static Optional<String> problem(String name) {
        if (names().contains(name)) return Optional.empty();
        int dot = name.indexOf('.');
        String family = dot < 0 ? name : name.substring(0, dot);
        if (RESERVED.containsKey(family) && (dot < 0 || MEMBER.matcher(name.substring(dot + 1)).matches())) {
            return Optional.empty();
        }
        List<String> candidates = new ArrayList<>(names());
        candidates.addAll(RESERVED.keySet());
        boolean causes = family.equals("traps") || family.equals("exceptions") || family.equals("interrupts");
        String hint = Suggest.closest(name, candidates).map(s -> "; did you mean \"" + s + "\"?")
            .orElse(causes ? " (causes are named as in traces: " + family + ".illegal_instruction, "
                + family + ".supervisor_timer_interrupt, ...)" : " (see docs/scenario-format.md, \"Counters\")");
        return Optional.of("unknown counter \"" + name + "\"" + hint);
    }

    /** The value of every concrete counter after a run on {@code board}. */
    public static Map<String, Long> measure(VirtBoard board, CapturingConsole console) {
        var m = board.machine;
        Map<String, Long> c = new LinkedHashMap<>();
        long exceptions = 0, interrupts = 0;
        for (int i = 0; i < 16; i++) {
            exceptions += m.exceptionCounts[i];
            interrupts += m.interruptCounts[i];
        }
        c.put("instructions", m.hart.retired);
        c.put("cycles", m.hart.cycles());
        c.put("traps", exceptions + interrupts);
        c.put("exceptions", exceptions);
        c.put("interrupts", interrupts);
        c.put("tlb.hits", m.mmu.tlbHits());
        c.put("tlb.misses", m.mmu.tlbMisses);
        c.put("tlb.flushes", m.mmu.tlbFlushes);
        c.put("page_walks", m.mmu.walks);
        c.put("page_walks.reads", m.mmu.walkReads);
        c.put("console.output_bytes", console == null ? board.uart.bytesOut() : console.bytesOut());
        c.put("console.input_bytes", board.uart.bytesIn());
        for (var e : EXCEPTION_IDS.entrySet()) c.put("exceptions." + e.getKey(), m.exceptionCounts[e.getValue()]);
        for (var e : INTERRUPT_IDS.entrySet()) c.put("interrupts." + e.getKey(), m.interruptCounts[e.getValue()]);
        for (var e : EXCEPTION_IDS.entrySet()) c.put("traps." + e.getKey(), m.exceptionCounts[e.getValue()]);
        for (var e : INTERRUPT_IDS.entrySet()) c.put("traps." + e.getKey(), m.interruptCounts[e.getValue()]);
        return c;
    }

    /** The counters worth showing in a report: the basic ones, and the members that are not zero. */
    public static Map<String, Long> shown(Map<String, Long> all) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (var e : all.entrySet()) {
            if (BASIC.contains(e.getKey()) || e.getValue() != 0) out.put(e.getKey(), e.getValue());
        }
        return out;
    }
}
