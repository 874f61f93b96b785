package dev.vmlab.trace;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The kinds of trace event a user can ask for with {@code --trace}. */
public enum TraceKind {
    INSN("every retired instruction, disassembled"),
    TRAP("exceptions: cause, epc, tval, privilege change, delegation"),
    IRQ("interrupts taken"),
    CSR("CSR writes, before and after"),
    PAGEWALK("each level of every page-table walk, then the result or the fault"),
    TLB("TLB hits, misses and flushes"),
    MMIO("loads and stores that reach a device");

    public final String description;

    TraceKind(String description) { this.description = description; }

    public String label() { return name().toLowerCase(Locale.ROOT); }

    /**
     * Parses a comma-separated list such as {@code trap,irq,csr}; {@code all} selects every kind.
     *
     * @throws IllegalArgumentException naming the unknown kind and the valid ones
     */
    public static Set<TraceKind> parseList(String list) {
        EnumSet<TraceKind> kinds = EnumSet.noneOf(TraceKind.class);
        for (String part : list.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) continue;
            if (p.equals("all")) { kinds.addAll(EnumSet.allOf(TraceKind.class)); continue; }
            if (p.equals("walk")) p = "pagewalk"; // the text trace's tag for these events
            TraceKind found = null;
            for (TraceKind k : values()) if (k.label().equals(p)) found = k;
            if (found == null) {
                throw new IllegalArgumentException("unknown trace kind '" + part.trim() + "' (valid: "
                        + String.join(", ", names()) + ", all)");
            }
            kinds.add(found);
        }
        return kinds;
    }

    public static java.util.List<String> names() {
        return java.util.Arrays.stream(values()).map(TraceKind::label).toList();
    }
}
