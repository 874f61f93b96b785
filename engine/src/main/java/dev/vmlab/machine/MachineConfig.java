package dev.vmlab.machine;

import dev.vmlab.device.Console;

import java.nio.file.Path;

/**
 * What a board is built from. Defaults follow QEMU's virt machine where it has one.
 *
 * @param vm          the VM's name, shown in traces
 * @param ramSize     bytes of RAM at {@link #RAM_BASE}
 * @param tlbEntries  entries per privilege level of the TLB model (power of two; 0 = no TLB)
 * @param realtime    mtime follows the host clock instead of retired instructions
 * @param disk        raw image for the virtio block device, or null for none
 * @param console     the UART's host side
 * @param engine      how guest instructions are executed on the JVM (never changes what the guest sees)
 */
public record MachineConfig(String vm, long ramSize, int tlbEntries, boolean realtime, Path disk, boolean diskReadOnly,
                            Console console, String bootargs, EngineKind engine) {
    /** The execution engines: the interpreter, or the translator to JVM bytecode. */
    public enum EngineKind {
        INTERP, DBT;

        public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

        /** The engine named {@code s} ("interp" or "dbt"), or null. */
        public static EngineKind parse(String s) {
            for (EngineKind k : values()) if (k.label().equals(s)) return k;
            return null;
        }
    }

    /** The configuration as it was before engines could be chosen: the interpreter. */
    public MachineConfig(String vm, long ramSize, int tlbEntries, boolean realtime, Path disk, boolean diskReadOnly,
                         Console console, String bootargs) {
        this(vm, ramSize, tlbEntries, realtime, disk, diskReadOnly, console, bootargs, EngineKind.INTERP);
    }

    public static final long RAM_BASE = 0x8000_0000L;
    public static final long DEFAULT_RAM = 128L << 20;
    public static final int DEFAULT_TLB = 64;

    public static MachineConfig defaults(Console console) {
        return new MachineConfig("vm0", DEFAULT_RAM, DEFAULT_TLB, false, null, false, console, "");
    }

    public MachineConfig withRam(long bytes) {
        return new MachineConfig(vm, bytes, tlbEntries, realtime, disk, diskReadOnly, console, bootargs, engine);
    }


    public MachineConfig withTlb(int entries) {
        return new MachineConfig(vm, ramSize, entries, realtime, disk, diskReadOnly, console, bootargs, engine);
    }

    public MachineConfig withEngine(EngineKind e) {
        return new MachineConfig(vm, ramSize, tlbEntries, realtime, disk, diskReadOnly, console, bootargs, e);
    }

}
