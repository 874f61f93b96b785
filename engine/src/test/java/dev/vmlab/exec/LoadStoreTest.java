package dev.vmlab.exec;

import static dev.vmlab.testing.Asm.*;
import static dev.vmlab.testing.TestMachines.exec;
import static dev.vmlab.testing.TestMachines.peek;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmlab.hart.Cause;
import dev.vmlab.testing.Asm;
import dev.vmlab.testing.TestMachines;
import dev.vmlab.testing.TestMachines.Run;
import org.junit.jupiter.api.Test;

/** Loads and stores of every width, misaligned accesses, and accesses outside RAM. */
class LoadStoreTest {
    private static final long NEG = 0xf1e2d3c4b5a69788L, POS = 0x0102030405060708L;
    /** A page boundary inside RAM, far from the program. */
    private static final long EDGE = RAM + 0x3000;
    private static final long RAM_END = RAM + TestMachines.RAM_SIZE;

    private static Run withData(java.util.function.Consumer<Asm> body) {
        return exec(a -> { a.la(S0, "data"); body.accept(a); },
            t -> t.align(8).label("data").dword(NEG).dword(POS).dword(0).dword(0).dword(0));
    }

    @Test
    void loadsSignExtendOrZeroExtendEachWidth() {
        Run r = withData(a -> a.lb(A0, 0, S0).lbu(A1, 0, S0).lh(A2, 0, S0).lhu(A3, 0, S0).lw(A4, 0, S0)
            .lwu(A5, 0, S0).ld(A6, 0, S0)).assertCompleted();
        assertEquals(0xffffffffffffff88L, r.x(A0), "lb");
        assertEquals(0x88L, r.x(A1), "lbu");
        assertEquals(0xffffffffffff9788L, r.x(A2), "lh");
        assertEquals(0x9788L, r.x(A3), "lhu");
        assertEquals(0xffffffffb5a69788L, r.x(A4), "lw");
        assertEquals(0xb5a69788L, r.x(A5), "lwu");
        assertEquals(NEG, r.x(A6), "ld");
    }

    @Test
    void loadsOfNonNegativeValuesAreNotExtendedWithOnes() {
        Run r = withData(a -> a.lb(A0, 8, S0).lh(A1, 8, S0).lw(A2, 8, S0).lwu(A3, 12, S0).ld(A4, 8, S0))
            .assertCompleted();
        assertEquals(0x08, r.x(A0));
        assertEquals(0x0708, r.x(A1));
        assertEquals(0x05060708, r.x(A2));
        assertEquals(0x01020304, r.x(A3));
        assertEquals(POS, r.x(A4));
    }

    @Test
    void loadOffsetsAreSignExtendedAndRdMayBeTheBase() {
        Run r = withData(a -> a.addi(S1, S0, 16).ld(A0, -8, S1).addi(A1, S0, 8).ld(A1, -8, A1)).assertCompleted();
        assertEquals(POS, r.x(A0));
        assertEquals(NEG, r.x(A1));
    }

    @Test
    void storesWriteOnlyTheirWidth() {
        Run r = withData(a -> a.li(T0, -1).sd(T0, 16, S0).sd(T0, 24, S0).sd(T0, 32, S0).li(T1, POS)
            .sb(T1, 16, S0).sh(T1, 24, S0).sw(T1, 32, S0).sd(T1, 0, S0)).assertCompleted();
        long data = r.addr("data");
        assertEquals(0xffffffffffffff08L, peek(r.m(), data + 16, 8));
        assertEquals(0xffffffffffff0708L, peek(r.m(), data + 24, 8));
        assertEquals(0xffffffff05060708L, peek(r.m(), data + 32, 8));
        assertEquals(POS, peek(r.m(), data, 8));
    }

    @Test
    void misalignedLoadsWithinAPageSeeTheRightBytes() {
        Run r = withData(a -> a.ld(A0, 1, S0).lw(A1, 3, S0).lh(A2, 7, S0).lhu(A3, 1, S0).lwu(A4, 6, S0))
            .assertCompleted();
        assertEquals(NEG >>> 8 | (POS & 0xff) << 56, r.x(A0));
        assertEquals((int) (NEG >>> 24), r.x(A1));
        assertEquals((short) ((NEG >>> 56) | (POS & 0xff) << 8), r.x(A2));
        assertEquals((NEG >>> 8) & 0xffff, r.x(A3));
        assertEquals((NEG >>> 48) | (POS & 0xffff) << 16, r.x(A4));
        assertEquals(0, r.m().hart.mcause, "no misaligned exception");
    }

    @Test
    void misalignedStoresWithinAPageWriteTheRightBytes() {
        Run r = withData(a -> a.li(T0, POS).sd(T0, 17, S0).sw(T0, 35, S0).sh(T0, 31, S0)).assertCompleted();
        long d = r.addr("data");
        for (int b = 0; b < 8; b++) assertEquals((POS >>> (8 * b)) & 0xff, peek(r.m(), d + 17 + b, 1), "sd byte " + b);
        for (int b = 0; b < 4; b++) assertEquals((POS >>> (8 * b)) & 0xff, peek(r.m(), d + 35 + b, 1), "sw byte " + b);
        assertEquals(0x0708, peek(r.m(), d + 31, 2));
        assertEquals(0, peek(r.m(), d + 16, 1), "byte before the sd untouched");
    }

    @Test
    void misalignedLoadsAcrossAPageBoundaryJoinBothPages() {
        Asm a = new Asm().mtvec("trap").li(S0, EDGE).ld(A0, -3, S0).lw(A1, -2, S0).lh(A2, -1, S0).lhu(A3, -1, S0)
            .label("done").halt().label("trap").halt();
        var m = TestMachines.load(a);
        TestMachines.poke(m, EDGE - 8, 8, NEG);
        TestMachines.poke(m, EDGE, 8, POS);
        m.run(1000);
        assertEquals(a.addr("done") + 4, m.hart.pc, "no trap");
        assertEquals(NEG >>> 40 | POS << 24, m.hart.x[A0]);
        assertEquals((int) (NEG >>> 48 | POS << 16), m.hart.x[A1]);
        assertEquals((short) (NEG >>> 56 | POS << 8), m.hart.x[A2]);
        assertEquals((NEG >>> 56 | POS << 8) & 0xffff, m.hart.x[A3]);
    }

    @Test
    void misalignedStoreAcrossAPageBoundarySplitsOverBothPages() {
        Run r = exec(a -> a.li(S0, EDGE).li(T0, NEG).sd(T0, -5, S0).li(T1, POS).sw(T1, 6, S0).li(S1, EDGE + 4093).sh(T1, 0, S1))
            .assertCompleted();
        for (int b = 0; b < 8; b++) assertEquals((NEG >>> (8 * b)) & 0xff, peek(r.m(), EDGE - 5 + b, 1), "byte " + b);
        assertEquals(POS & 0xffffffffL, peek(r.m(), EDGE + 6, 4));
        assertEquals(0x0708, peek(r.m(), EDGE + 4093, 2), "across the next page boundary");
    }

    @Test
    void loadOutsideRamRaisesLoadAccessFaultWithTheAddress() {
        Run r = exec(a -> a.li(A0, 77).li(T0, 0x1000).label("ld").ld(A0, 8, T0));
        r.assertTrap(Cause.LOAD_ACCESS, r.addr("ld"), 0x1008);
        assertEquals(77, r.x(A0), "rd not written");
    }

    @Test
    void storeOutsideRamRaisesStoreAccessFaultWithTheAddress() {
        Run r = exec(a -> a.li(T0, RAM_END).label("sd").sw(T0, 0, T0));
        r.assertTrap(Cause.STORE_ACCESS, r.addr("sd"), RAM_END);
    }

    @Test
    void everyWidthOutsideRamFaults() {
        for (int width : new int[] {1, 2, 4, 8}) {
            Run r = exec(a -> {
                a.li(T0, 0x4000_0000L);
                a.label("ld");
                switch (width) {
                    case 1 -> a.lbu(A0, 0, T0);
                    case 2 -> a.lh(A0, 0, T0);
                    case 4 -> a.lwu(A0, 0, T0);
                    default -> a.ld(A0, 0, T0);
                }
            });
            r.assertTrap(Cause.LOAD_ACCESS, r.addr("ld"), 0x4000_0000L);
        }
    }

    @Test
    void lastBytesOfRamAreAccessible() {
        Run r = exec(a -> a.li(T0, RAM_END - 8).li(T1, POS).sd(T1, 0, T0).ld(A0, 0, T0).lbu(A1, 7, T0))
            .assertCompleted();
        assertEquals(POS, r.x(A0));
        assertEquals(0x01, r.x(A1));
    }

    @Test
    void loadStraddlingTheEndOfRamFaultsWithoutWritingRd() {
        Run r = exec(a -> a.li(A0, 5).li(T0, RAM_END - 4).label("ld").ld(A0, 0, T0));
        assertTrue(r.trapped());
        assertEquals(Cause.LOAD_ACCESS, r.m().hart.mcause);
        assertEquals(r.addr("ld"), r.m().hart.mepc);
        long tval = r.m().hart.mtval;
        // mtval is the address of the access or of the portion that faulted (privileged spec, mtval).
        assertTrue(tval >= RAM_END - 4 && tval < RAM_END + 4, "mtval 0x" + Long.toHexString(tval));
        assertEquals(5, r.x(A0));
    }
}
