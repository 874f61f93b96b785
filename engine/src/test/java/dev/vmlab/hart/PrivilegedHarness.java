package dev.vmlab.hart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmlab.machine.Machine;
import dev.vmlab.machine.StopReason;
import dev.vmlab.testing.Asm;
import dev.vmlab.testing.TestMachines;
import dev.vmlab.testing.TestMachines.Run;
import java.util.function.Consumer;

/** M code with PMP open, halting handlers "trap" (M) and "strap" (S), then lower-privilege code. */
final class PrivilegedHarness {
    private PrivilegedHarness() {}

    static Run run(Consumer<Asm> body, Consumer<Asm> lower) {
        Asm a = new Asm().mtvec("trap").stvec("strap").pmpAllowAll();
        body.accept(a);
        a.label(TestMachines.DONE).halt()
            .align(4).label("trap").halt()
            .align(4).label("strap").wfi().j("strap");
        lower.accept(a);
        Machine m = TestMachines.load(a);
        StopReason stop = m.run(10_000);
        return new Run(m, a, stop);
    }

    /** Runs {@code lower} in privilege {@code priv} after {@code setup} in M. */
    static Run in(int priv, Consumer<Asm> setup, Consumer<Asm> lower) {
        return run(a -> { setup.accept(a); a.enter(priv, "low"); }, l -> { l.align(4).label("low"); lower.accept(l); });
    }

    /** The run ended in the M handler with an illegal-instruction trap on the instruction at {@code label}. */
    static void assertIllegalAt(Run r, String label) {
        assertEquals(r.addr("trap") + 4, r.m().hart.pc, "trapped to M");
        assertEquals(2, r.m().hart.mcause, "mcause: illegal instruction");
        assertEquals(r.addr(label), r.m().hart.mepc, "mepc");
        long bits = r.m().memory.load(r.addr(label), 4);
        assertEquals(bits, r.m().hart.mtval, "mtval = the instruction bits");
    }

    /** The lower-privilege code ran to its final ecall (into M from S or U) without another trap. */
    static void assertReachedEcall(Run r, int fromPriv) {
        assertEquals(r.addr("trap") + 4, r.m().hart.pc, "trapped to M");
        assertEquals(fromPriv == 0 ? 8 : 9, r.m().hart.mcause, () -> "mcause " + r.m().hart.mcause + " at 0x"
            + Long.toHexString(r.m().hart.mepc) + ", expected the final ecall");
    }
}
