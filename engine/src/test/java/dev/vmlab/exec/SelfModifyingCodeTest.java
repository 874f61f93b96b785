package dev.vmlab.exec;

import static dev.vmlab.testing.Asm.*;
import static dev.vmlab.testing.TestMachines.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmlab.machine.Machine;
import dev.vmlab.testing.Asm;
import dev.vmlab.testing.PageTables;
import dev.vmlab.testing.TestMachines;
import dev.vmlab.testing.TestMachines.Run;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Stores over instructions that have already run (and so have been decoded and cached) take
 * effect the next time they are fetched. The spec guarantees this after fence.i; vmlab keeps
 * decoded code coherent on every store, so the listings without fence.i hold too.
 */
class SelfModifyingCodeTest {
    private static final int ADD_100 = Asm.encode(a -> a.addi(A0, A0, 100));

    /**
     * Runs "patch" (initially addi a0, a0, 1) twice; between the runs {@code store} rewrites it,
     * with t0 = its address and t1 = the new bits.
     */
    private static Run patchLoop(long newBits, Consumer<Asm> store) {
        return exec(a -> {
            a.li(A0, 0).li(S0, 0).la(T0, "patch").li(T1, newBits);
            a.label("loop").label("patch").addi(A0, A0, 1).nop();
            a.bne(S0, ZERO, "out");
            store.accept(a);
            a.li(S0, 1).j("loop").label("out");
        }).assertCompleted();
    }

    @Test
    void storeOverAnExecutedInstructionTakesEffectAfterFenceI() {
        assertEquals(101, patchLoop(ADD_100, a -> a.sw(T1, 0, T0).fenceI()).x(A0));
    }

    @Test
    void storeOverAnExecutedInstructionTakesEffectWithoutFenceI() {
        assertEquals(101, patchLoop(ADD_100, a -> a.sw(T1, 0, T0)).x(A0));
    }

    @Test
    void partialStoresRewriteTheInstruction() {
        // addi's immediate lives in bits 31:20: rewriting the upper halfword alone changes it.
        assertEquals(101, patchLoop(ADD_100 >>> 16, a -> a.sh(T1, 2, T0)).x(A0));
        // Byte 3 holds imm[11:4] only: imm[3:0] stays 1, so the new immediate is 0x61.
        assertEquals(1 + 0x61, patchLoop(ADD_100 >>> 24, a -> a.sb(T1, 3, T0)).x(A0));
    }

    @Test
    void doublewordStoreRewritesTwoInstructions() {
        long twoAdds = (ADD_100 & 0xffffffffL) | (long) ADD_100 << 32; // replaces the addi and the nop
        assertEquals(201, patchLoop(twoAdds, a -> a.sd(T1, 0, T0)).x(A0));
    }

    @Test
    void amoRewritesAnInstruction() {
        assertEquals(101, patchLoop(ADD_100, a -> a.amo(AMOSWAP, 4, ZERO, T1, T0)).x(A0));
    }

    @Test
    void aFullInstructionMayBeReplacedByTwoCompressedOnes() {
        long twoCAddi = c_addi(A0, 10) | (long) c_addi(A0, 20) << 16;
        assertEquals(31, patchLoop(twoCAddi, a -> a.sw(T1, 0, T0)).x(A0));
    }

    @Test
    void twoCompressedInstructionsMayBeReplacedByAFullOne() {
        Run r = exec(a -> {
            a.li(A0, 0).li(S0, 0).la(T0, "patch").li(T1, ADD_100);
            a.label("loop").label("patch").c(c_addi(A0, 1)).c(c_addi(A0, 2));
            a.bne(S0, ZERO, "out").sw(T1, 0, T0).li(S0, 1).j("loop").label("out");
        }).assertCompleted();
        assertEquals(103, r.x(A0));
    }

    @Test
    void storeToTheVeryNextInstructionIsSeen() {
        Run r = exec(a -> a.li(A0, 0).la(T0, "next").li(T1, ADD_100).sw(T1, 4, T0).label("next").nop().nop())
            .assertCompleted();
        assertEquals(100, r.x(A0), "the nop after the store became addi a0, a0, 100");
    }

    @Test
    void anAtomicSwapOverTheVeryNextInstructionIsSeen() {
        // amoswap.w (funct5 00001) writes the next instruction, in the middle of a block.
        Run r = exec(a -> a.li(A0, 0).la(T0, "next").addi(T0, T0, 4).li(T1, ADD_100)
            .amo(AMOSWAP, 4, ZERO, T1, T0).label("next").nop().nop())
            .assertCompleted();
        assertEquals(100, r.x(A0), "the nop after the amoswap became addi a0, a0, 100");
    }

    @Test
    void hostWritesBetweenRunsAreSeen() {
        Asm a = new Asm().li(A0, 0).label("loop").label("patch").addi(A0, A0, 1).j("loop");
        Machine m = TestMachines.load(a);
        m.run(20);
        long before = m.hart.x[A0];
        byte[] bits = {(byte) ADD_100, (byte) (ADD_100 >>> 8), (byte) (ADD_100 >>> 16), (byte) (ADD_100 >>> 24)};
        m.memory.write(a.addr("patch"), bits, 0, 4);
        m.run(20);
        assertEquals(before + 100 * 10, m.hart.x[A0], "ten more passes, each adding 100");
    }

    @Test
    void supervisorStoreThroughAnAliasMappingRewritesCodeItRuns() {
        // S-mode, Sv39: the code page is mapped executable at VA_CODE and writable at VA_ALIAS.
        long root = RAM + 0x80000, codePa = RAM + 0x10000, vaCode = 0x40_0000L, vaAlias = 0x80_0000L;
        Asm a = new Asm().mtvec("trap").pmpAllowAll().li(T0, 8L << 60 | root >>> 12).csrw(0x180, T0)
            .li(T5, 3L << 11).csrc(0x300, T5).li(T5, 1L << 11).csrs(0x300, T5).li(T6, vaCode).csrw(0x341, T6).mret()
            .align(4).label("trap").halt()
            .org(codePa).label("s").li(A0, 0).li(S0, 0).li(T0, vaAlias).li(T1, ADD_100)
            .label("patch").addi(A0, A0, 1).bne(S0, ZERO, "out");
        long patchOff = a.addr("patch") - codePa;
        a.sw(T1, patchOff, T0).li(S0, 1).j("patch").label("out").ecall();
        Machine m = TestMachines.load(a);
        PageTables pt = new PageTables(m, 3, root);
        pt.map(vaCode, codePa, PageTables.R | PageTables.X);
        pt.map(vaAlias, codePa, PageTables.R | PageTables.W);
        m.run(1000);
        assertEquals(9, m.hart.mcause, "reached the ecall: mcause " + m.hart.mcause);
        assertEquals(101, m.hart.x[A0]);
    }
}
