package dev.vmlab.scenario;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * One virtual machine of a scenario.
 *
 * @param name       unique within the scenario; shown in traces
 * @param mode       the virtualization technique modelled
 * @param engine     how the simulator executes guest code (never visible to the guest)
 * @param vcpus      harts of the VM
 * @param memory     guest RAM in bytes at 0x80000000
 * @param guest      the program the VM boots
 * @param builds     per-mode replacements for {@code guest} (a para-virtualized build for {@code para})
 * @param disk       the virtio block device's image, or null for none
 * @param profile    the ISA profile the guest is built for
 * @param tlbEntries entries per privilege level of the TLB model; 0 = no TLB (every access walks)
 * @param realtime   mtime follows the host clock instead of retired instructions (not deterministic)
 * @param bootargs   the kernel command line in the device tree's /chosen
 */
public record Vm(String name, Mode mode, Engine engine, int vcpus, long memory, Guest guest, Map<Mode, Guest> builds,
                 Disk disk, Profile profile, int tlbEntries, boolean realtime, String bootargs) {
    public Vm {
        builds = Map.copyOf(builds);
    }

    /** The guest to boot under {@code m}: its entry in {@code builds}, or the common one. */
    public Guest guestFor(Mode m) {
        return builds.getOrDefault(m, guest);
    }

    /** The raw disk image and whether the guest may write it. */
    public record Disk(Path image, boolean readOnly) {}

    /** DESIGN.md section 3: which technique the lab models. */
    public enum Mode {
        ISA, FULL, PARA, HW;

        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    /** How guest instructions run on the JVM: interpreted, or translated to bytecode. */
    public enum Engine {
        INTERP, DBT;

        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    /** The ISA profile: plain RISC-V, or with the sensitive-but-unprivileged legacy instructions. */
    public enum Profile {
        CLASSIC, LEGACY;

        public String label() { return name().toLowerCase(Locale.ROOT); }
    }
}
