package dev.vmlab.mem;

import static dev.vmlab.testing.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmlab.machine.Machine;
import dev.vmlab.machine.MachineConfig;
import dev.vmlab.machine.StopReason;
import dev.vmlab.testing.Asm;
import dev.vmlab.testing.PageTables;
import dev.vmlab.testing.TestMachines;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A paged experiment: M-mode sets satp (tables built from Java at {@link #ROOT}), opens PMP and
 * mrets to S or U code at {@link #VA_CODE}, which is physically at {@link #CODE_PA}. Every trap
 * goes to an M handler that halts, so the test reads mcause/mepc/mtval afterwards.
 */
final class Paging {
    private Paging() {}

    static final long ROOT = RAM + 0x80000, CODE_PA = RAM + 0x10000, DATA_PA = RAM + 0x40000;
    static final long VA_CODE = 0x40_0000L, VA_DATA = 0x123_4000L;

    record Result(Machine m, Asm asm, PageTables pt, StopReason stop) {
        long x(int r) { return m.hart.x[r]; }

        /** The virtual address of a label in the lower-privilege code. */
        long va(String label) { return VA_CODE + asm.addr(label) - CODE_PA; }

        long mcause() { return m.hart.mcause; }

        /** The code ran to its final ecall. */
        Result assertReachedEcall() {
            assertEquals(asm.addr("trap") + 4, m.hart.pc, "trapped to M");
            long ecall = m.hart.mstatus >>> 11 & 3;
            assertEquals(ecall == 0 ? 8 : 9, m.hart.mcause, () -> String.format(
                "expected the final ecall, got mcause %d at 0x%x (mtval 0x%x)", m.hart.mcause, m.hart.mepc, m.hart.mtval));
            return this;
        }

        /** An exception with {@code cause} at the instruction labelled {@code at}, with mtval {@code tval}. */
        Result assertFault(int cause, String at, long tval) {
            return assertFaultAt(cause, va(at), tval);
        }

        Result assertFaultAt(int cause, long epc, long tval) {
            assertEquals(asm.addr("trap") + 4, m.hart.pc, "trapped to M");
            assertEquals(cause, m.hart.mcause, "mcause");
            assertEquals(epc, m.hart.mepc, "mepc");
            assertEquals(tval, m.hart.mtval, "mtval");
            return this;
        }
    }

    static long satp(int levels) {
        return (levels == 3 ? 8L : 9L) << 60 | ROOT >>> 12;
    }

    /**
     * @param levels     3 (Sv39) or 4 (Sv48)
     * @param priv       1 (S) or 0 (U)
     * @param mstatus    bits to set in mstatus before the mret (SUM, MXR)
     * @param map        builds the data mappings (the code page is mapped already)
     * @param code       the S/U code
     */
    static Result run(MachineConfig config, int levels, int priv, long mstatus, BiConsumer<PageTables, Machine> map,
                      Consumer<Asm> code) {
        Asm a = new Asm().mtvec("trap").pmpAllowAll().li(T0, satp(levels)).csrw(0x180, T0).sfenceVma(ZERO, ZERO);
        if (mstatus != 0) a.li(T0, mstatus).csrs(0x300, T0);
        a.li(T5, 3L << 11).csrc(0x300, T5);
        if (priv != 0) a.li(T5, (long) priv << 11).csrs(0x300, T5);
        a.li(T6, VA_CODE).csrw(0x341, T6).mret()
            .align(4).label("trap").halt()
            .org(CODE_PA).label("code");
        code.accept(a);
        Machine m = TestMachines.load(a, config);
        PageTables pt = new PageTables(m, levels, ROOT);
        long u = priv == 0 ? PageTables.U : 0;
        pt.map(VA_CODE, CODE_PA, PageTables.R | PageTables.X | u);
        pt.map(VA_CODE + 0x1000, CODE_PA + 0x1000, PageTables.R | PageTables.X | u);
        map.accept(pt, m);
        StopReason stop = m.run(100_000);
        return new Result(m, a, pt, stop);
    }

    static Result run(int levels, int priv, long mstatus, BiConsumer<PageTables, Machine> map, Consumer<Asm> code) {
        return run(TestMachines.config(), levels, priv, mstatus, map, code);
    }

    static Result sv39(int priv, BiConsumer<PageTables, Machine> map, Consumer<Asm> code) {
        return run(3, priv, 0, map, code);
    }
}
