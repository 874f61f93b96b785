package dev.vmlab.scenario;

import java.util.List;
import java.util.Locale;

/**
 * A lab scenario as loaded from its JSON file by {@link ScenarioLoader}: the host, its VMs,
 * what to trace, the limits of a run, scripted console input, and the expectations that
 * {@code vmlab check} grades. Every path in it is already resolved against the scenario file's
 * directory; every value is already validated. docs/scenario-format.md describes each field.
 *
 * @param name        a short identifier, shown in grading output
 * @param description free text for the reader of the lab, or ""
 * @param vms         one or more VMs (only the first can run in this version)
 * @param trace       what to trace while running ({@link TraceSpec#NONE} for nothing)
 * @param input       bytes typed on the first VM's console, all available from the start, or ""
 * @param expect      what grading checks ({@link Expect#NONE} for nothing)
 * @param origin      where the scenario came from, for error messages that point into the file
 */
public record Scenario(String name, String description, Host host, List<Vm> vms, TraceSpec trace, Limits limits,
                       String input, Expect expect, Origin origin) {
    public Scenario {
        vms = List.copyOf(vms);
    }

    /** The VM that runs and that expectations are about: the first one. */
    public Vm vm() { return vms.get(0); }

    public Scenario withTrace(TraceSpec t) {
        return new Scenario(name, description, host, vms, t, limits, input, expect, origin);
    }

    public Scenario withLimits(Limits l) {
        return new Scenario(name, description, host, vms, trace, l, input, expect, origin);
    }

    /**
     * The physical host the VMs share. Only its validation matters until VMs are multiplexed
     * (the host issue); the cost preset is recorded for the cost model.
     *
     * @param cpus   physical CPUs, 1..256
     * @param memory machine memory in bytes, or 0 when the scenario does not say (then it is
     *               whatever the VMs need)
     */
    public record Host(int cpus, long memory, CostPreset cost) {
        public static final Host DEFAULT = new Host(1, 0, CostPreset.NATIVE);
    }

    /** Presets of the modelled cost table (DESIGN.md section 4); names are the JSON values. */
    public enum CostPreset {
        /** No hypervisor: the guest's events cost what the bare machine charges. */
        NATIVE,
        /** A bare-metal hypervisor. */
        TYPE1,
        /** A hosted hypervisor, with the extra world switch through the host OS. */
        TYPE2,
        /** A micro-kernel hypervisor whose I/O takes a hop through a driver domain. */
        XEN;

        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    /**
     * How long a run may go on.
     *
     * @param instructions retired instructions before the run stops with result {@code limit}; 0 = no limit
     * @param wallSeconds  host seconds before the run stops with result {@code limit}; 0 = no limit.
     *                     A safety net only: where it cuts a run depends on the host's speed.
     */
    public record Limits(long instructions, double wallSeconds) {
        public static final Limits NONE = new Limits(0, 0);
    }
}
