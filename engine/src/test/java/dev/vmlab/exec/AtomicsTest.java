package dev.vmlab.exec;

import static dev.vmlab.testing.Asm.*;
import static dev.vmlab.testing.TestMachines.exec;
import static dev.vmlab.testing.TestMachines.peek;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmlab.hart.Cause;
import dev.vmlab.testing.Asm;
import dev.vmlab.testing.TestMachines;
import dev.vmlab.testing.TestMachines.Run;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The A extension: LR/SC reservations and every AMO, word and doubleword. */
class AtomicsTest {
    private static final long INIT = 0x1111111122222222L;

    /** Runs {@code body} with s0 = the address of an 8-byte-aligned, 32-byte data area (first dword INIT). */
    private static Run withData(Consumer<Asm> body) {
        return exec(a -> { a.la(S0, "data"); body.accept(a); },
            t -> t.align(8).label("data").dword(INIT).dword(0x3333333344444444L).dword(0).dword(0));
    }

    /** An M-mode handler at "trap" that skips the faulting 4-byte instruction. */
    private static Run withSkippingHandler(Consumer<Asm> body) {
        Asm a = new Asm().mtvec("handler").la(S0, "data");
        body.accept(a);
        a.label(TestMachines.DONE).halt()
            .align(4).label("handler").csrr(T6, 0x341).addi(T6, T6, 4).csrw(0x341, T6).addi(S11, S11, 1).mret()
            .align(4).label(TestMachines.TRAP).halt()
            .align(8).label("data").dword(INIT).dword(0);
        var m = TestMachines.load(a);
        var stop = m.run(10_000);
        return new Run(m, a, stop);
    }

    @Test
    void lrThenScSucceedsAndStores() {
        Run r = withData(a -> a.lrD(A0, S0).li(A2, 0x5555).scD(A1, A2, S0)).assertCompleted();
        assertEquals(INIT, r.x(A0));
        assertEquals(0, r.x(A1), "sc.d wrote 0: success");
        assertEquals(0x5555, peek(r.m(), r.addr("data"), 8));
    }

    @Test
    void lrWSignExtendsAndScWStoresOnlyAWord() {
        Run r = withData(a -> a.li(T0, 0x80000000L).sw(T0, 0, S0).lrW(A0, S0).li(A2, -1).scW(A1, A2, S0))
            .assertCompleted();
        assertEquals(0xffffffff80000000L, r.x(A0));
        assertEquals(0, r.x(A1));
        assertEquals(0x11111111ffffffffL, peek(r.m(), r.addr("data"), 8));
    }

    @Test
    void scWithoutReservationFailsAndLeavesMemoryUnchanged() {
        Run r = withData(a -> a.li(A2, 0x5555).scD(A1, A2, S0).scW(A3, A2, S0)).assertCompleted();
        assertEquals(1, r.x(A1), "failure code");
        assertEquals(1, r.x(A3));
        assertEquals(INIT, peek(r.m(), r.addr("data"), 8));
    }

    @Test
    void scClearsTheReservationSoASecondScFails() {
        Run r = withData(a -> a.lrD(A0, S0).li(A2, 7).scD(A1, A2, S0).li(A2, 9).scD(A3, A2, S0)).assertCompleted();
        assertEquals(0, r.x(A1));
        assertEquals(1, r.x(A3));
        assertEquals(7, peek(r.m(), r.addr("data"), 8));
    }

    @Test
    void failedScAlsoClearsTheReservation() {
        // The failing sc.d targets another address; afterwards the original reservation is gone too.
        Run r = withData(a -> a.lrD(A0, S0).li(A2, 7).addi(T0, S0, 8).scD(A1, A2, T0).scD(A3, A2, S0)).assertCompleted();
        assertEquals(1, r.x(A1), "sc to an address outside the reservation fails");
        assertEquals(1, r.x(A3), "the failed sc invalidated the reservation");
        assertEquals(INIT, peek(r.m(), r.addr("data"), 8));
    }

    @Test
    void aTrapClearsTheReservation() {
        Run r = withSkippingHandler(a -> a.lrD(A0, S0).ecall().li(A2, 7).scD(A1, A2, S0)).assertCompleted();
        assertEquals(1, r.x(S11), "the ecall trapped once");
        assertEquals(1, r.x(A1), "sc after the trap fails");
        assertEquals(INIT, peek(r.m(), r.addr("data"), 8));
    }

    private record AmoCase(String name, int funct5, long mem, long src, long expectMem) {}

    @Test
    void everyDoublewordAmoReturnsTheOldValueAndStoresTheResult() {
        long m1 = -1, p1 = 1;
        AmoCase[] cases = {
            new AmoCase("swap", AMOSWAP, 5, 9, 9),
            new AmoCase("add", AMOADD, Long.MAX_VALUE, 1, Long.MIN_VALUE),
            new AmoCase("xor", AMOXOR, 0xff00, 0x0ff0, 0xf0f0),
            new AmoCase("and", AMOAND, 0xff00, 0x0ff0, 0x0f00),
            new AmoCase("or", AMOOR, 0xff00, 0x0ff0, 0xfff0),
            new AmoCase("min", AMOMIN, m1, p1, m1),
            new AmoCase("max", AMOMAX, m1, p1, p1),
            new AmoCase("minu", AMOMINU, m1, p1, p1),
            new AmoCase("maxu", AMOMAXU, m1, p1, m1),
            new AmoCase("min-pos", AMOMIN, 3, 7, 3),
            new AmoCase("maxu-big", AMOMAXU, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE),
        };
        for (AmoCase c : cases) {
            Run r = withData(a -> a.li(T0, c.mem).sd(T0, 0, S0).li(A1, c.src).amo(c.funct5, 8, A0, A1, S0))
                .assertCompleted();
            assertEquals(c.mem, r.x(A0), c.name + ".d: rd = old value");
            assertEquals(c.expectMem, peek(r.m(), r.addr("data"), 8), c.name + ".d: memory");
        }
    }

    @Test
    void everyWordAmoSignExtendsTheOldValueAndTouchesOnlyAWord() {
        long m1 = 0xffffffffL, p1 = 1;
        AmoCase[] cases = {
            new AmoCase("swap", AMOSWAP, 0x80000000L, 0x12345678, 0x12345678),
            new AmoCase("add", AMOADD, 0x7fffffffL, 0xabcdef0000000001L, 0x80000000L),
            new AmoCase("add-wrap", AMOADD, 0xffffffffL, 1, 0),
            new AmoCase("xor", AMOXOR, 0xff00ff00L, 0xffffffffL, 0x00ff00ffL),
            new AmoCase("and", AMOAND, 0xff00ff00L, 0x0ff00ff0L, 0x0f000f00L),
            new AmoCase("or", AMOOR, 0x80000000L, 1, 0x80000001L),
            new AmoCase("min", AMOMIN, m1, p1, m1),
            new AmoCase("max", AMOMAX, m1, p1, p1),
            new AmoCase("minu", AMOMINU, m1, p1, p1),
            new AmoCase("maxu", AMOMAXU, m1, p1, m1),
            // Word compares look at the low 32 bits of rs2 only: 0x1_00000000 is 0 as a word.
            new AmoCase("maxu-upper-ignored", AMOMAXU, 5, 0x100000000L, 5),
            new AmoCase("min-upper-ignored", AMOMIN, 5, 0x1ffffffffL, 0xffffffffL),
        };
        for (AmoCase c : cases) {
            Run r = withData(a -> a.li(T0, c.mem).sw(T0, 0, S0).li(A1, c.src).amo(c.funct5, 4, A0, A1, S0))
                .assertCompleted();
            assertEquals((long) (int) c.mem, r.x(A0), c.name + ".w: rd = old word, sign-extended");
            assertEquals(c.expectMem, peek(r.m(), r.addr("data"), 4), c.name + ".w: memory");
            assertEquals(INIT >>> 32, peek(r.m(), r.addr("data") + 4, 4), c.name + ".w: next word untouched");
        }
    }

    @Test
    void amoWithRdEqualToRs2SwapsTheValues() {
        Run r = withData(a -> a.li(A0, 42).amo(AMOSWAP, 8, A0, A0, S0)).assertCompleted();
        assertEquals(INIT, r.x(A0));
        assertEquals(42, peek(r.m(), r.addr("data"), 8));
    }

    @Test
    void amoWithRdZeroStillUpdatesMemory() {
        Run r = withData(a -> a.li(A1, 1).amo(AMOADD, 8, ZERO, A1, S0)).assertCompleted();
        assertEquals(INIT + 1, peek(r.m(), r.addr("data"), 8));
        assertEquals(0, r.m().hart.x[0]);
    }

    @Test
    void misalignedAmoRaisesStoreAmoAddressMisaligned() {
        for (int width : new int[] {4, 8}) {
            Run r = withData(a -> a.addi(T0, S0, 2).li(A1, 1).label("amo").amo(AMOADD, width, A0, A1, T0));
            r.assertTrap(Cause.MISALIGNED_STORE, r.addr("amo"), r.addr("data") + 2);
            assertEquals(INIT, peek(r.m(), r.addr("data"), 8), "memory unchanged");
        }
    }

    @Test
    void misalignedLrRaisesLoadAddressMisaligned() {
        Run r = withData(a -> a.addi(T0, S0, 4).label("lr").lrD(A0, T0));
        r.assertTrap(Cause.MISALIGNED_LOAD, r.addr("lr"), r.addr("data") + 4);
        Run w = withData(a -> a.addi(T0, S0, 1).label("lr").lrW(A0, T0));
        w.assertTrap(Cause.MISALIGNED_LOAD, w.addr("lr"), w.addr("data") + 1);
    }

    @Test
    void misalignedScRaisesStoreAmoAddressMisaligned() {
        Run r = withData(a -> a.lrD(A0, S0).addi(T0, S0, 4).label("sc").scD(A1, A0, T0));
        r.assertTrap(Cause.MISALIGNED_STORE, r.addr("sc"), r.addr("data") + 4);
    }

    @Test
    void atomicsOutsideRamRaiseAccessFaults() {
        Run amo = exec(a -> a.li(T0, 0x1000).label("amo").amo(AMOSWAP, 8, A0, A1, T0));
        amo.assertTrap(Cause.STORE_ACCESS, amo.addr("amo"), 0x1000);
        Run lr = exec(a -> a.li(T0, 0x1000).label("lr").lrW(A0, T0));
        lr.assertTrap(Cause.LOAD_ACCESS, lr.addr("lr"), 0x1000);
    }
}
