package dev.vmlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmlab.machine.Machine;
import dev.vmlab.machine.MachineConfig;
import dev.vmlab.machine.StopReason;
import java.util.function.Consumer;

/** Builds small machines (1 MiB of RAM at 0x8000_0000) and runs {@link Asm} programs on them. */
public final class TestMachines {
    private TestMachines() {}

    public static final long RAM_SIZE = 1 << 20;

    /**
     * The engine is the interpreter unless the system property {@code vmlab.test.engine} says
     * dbt: the build runs the instruction-level tests a second time that way (see engine/pom.xml).
     */
    public static MachineConfig config() {
        MachineConfig.EngineKind e = MachineConfig.EngineKind.parse(System.getProperty("vmlab.test.engine", "interp"));
        return MachineConfig.defaults(null).withRam(RAM_SIZE).withEngine(e == null ? MachineConfig.EngineKind.INTERP : e);
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

    /** Label of the halting M-mode trap handler that {@link #exec} appends. */
    public static final String TRAP = "trap";
    /** Label of the halt that ends the body in {@link #exec}. */
    public static final String DONE = "done";

    /** A finished run: the machine, the program (for its labels) and why the run stopped. */
    public record Run(Machine m, Asm asm, StopReason stop) {
        public long x(int r) { return m.hart.x[r]; }

        /** True when the run ended in the trap handler (its wfi retired). */
        public boolean trapped() { return m.hart.pc == asm.addr(TRAP) + 4; }

        /** Asserts that the body ran to its end without taking a trap. */
        public Run assertCompleted() {
            assertEquals(asm.addr(DONE) + 4, m.hart.pc, () -> "did not complete: pc=0x" + Long.toHexString(m.hart.pc)
                + " mcause=" + m.hart.mcause + " mepc=0x" + Long.toHexString(m.hart.mepc)
                + " mtval=0x" + Long.toHexString(m.hart.mtval));
            return this;
        }

        /** Asserts that the run ended in the M-mode trap handler with {@code cause}, taken at {@code epc}. */
        public Run assertTrap(long cause, long epc, long tval) {
            assertEquals(asm.addr(TRAP) + 4, m.hart.pc, "pc: no trap reached the handler at mtvec");
            assertEquals(cause, m.hart.mcause, "mcause");
            assertEquals(epc, m.hart.mepc, "mepc");
            assertEquals(tval, m.hart.mtval, "mtval");
            return this;
        }

        public long addr(String label) { return asm.addr(label); }
    }

    /**
     * Runs {@code body} in M-mode: first mtvec is pointed at a handler that halts, then the
     * body, then a halt at {@link #DONE}; more code and data may follow the body's own labels.
     * The body may call {@code a.label(...)} and reference {@link #TRAP}.
     */
    public static Run exec(Consumer<Asm> body) {
        return exec(config(), body, 100_000);
    }

    public static Run exec(MachineConfig config, Consumer<Asm> body, long maxInsns) {
        Asm a = new Asm();
        a.mtvec(TRAP);
        body.accept(a);
        a.label(DONE).halt();
        a.align(4).label(TRAP).halt(); // mtvec.BASE is 4-byte aligned
        Machine m = load(a, config);
        StopReason stop = m.run(maxInsns);
        return new Run(m, a, stop);
    }

    /** Like {@link #exec} but with code or data placed after the trap handler by {@code tail}. */
    public static Run exec(Consumer<Asm> body, Consumer<Asm> tail) {
        Asm a = new Asm();
        a.mtvec(TRAP);
        body.accept(a);
        a.label(DONE).halt();
        a.align(4).label(TRAP).halt(); // mtvec.BASE is 4-byte aligned
        tail.accept(a);
        Machine m = load(a, config());
        StopReason stop = m.run(100_000);
        return new Run(m, a, stop);
    }
}
