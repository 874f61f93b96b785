package dev.vmlab.testing;

import dev.vmlab.machine.Machine;
import dev.vmlab.machine.MachineConfig;

/** Builds small machines (1 MiB of RAM at 0x8000_0000) and runs {@link Asm} programs on them. */
public final class TestMachines {
    private TestMachines() {}

    public static final long RAM_SIZE = 1 << 20;

    public static MachineConfig config() {
        return MachineConfig.defaults(null).withRam(RAM_SIZE);
    }

    /** A machine with {@code program} in RAM at its base, booted there in M-mode, not yet run. */
    public static Machine load(Asm program) {
        return load(program, config());
    }

    public static Machine load(Asm program, MachineConfig config) {
        Machine m = new Machine(config);
        byte[] b = program.bytes();
        if (!m.memory.write(program.base(), b, 0, b.length)) throw new IllegalArgumentException("program outside RAM");
        m.boot(program.base(), 0);
        return m;
    }

    /** Loads and runs {@code program} for at most {@code maxInsns} instructions. */
    public static Machine run(Asm program, long maxInsns) {
        Machine m = load(program);
        m.run(maxInsns);
        return m;
    }

    public static Machine run(Asm program, MachineConfig config, long maxInsns) {
        Machine m = load(program, config);
        m.run(maxInsns);
        return m;
    }

    /** Reads {@code size} bytes of RAM at {@code pa}, little-endian. */
    public static long peek(Machine m, long pa, int size) {
        return m.memory.load(pa, size);
    }

    public static void poke(Machine m, long pa, int size, long value) {
        m.memory.store(pa, size, value);
    }
}
