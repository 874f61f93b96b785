package dev.vmlab.isa;

import static dev.vmlab.testing.Asm.*;
import static dev.vmlab.testing.TestMachines.exec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmlab.hart.Cause;
import dev.vmlab.machine.Machine;
import dev.vmlab.testing.Asm;
import dev.vmlab.testing.TestMachines;
import dev.vmlab.testing.TestMachines.Run;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The C extension (RV64): each compressed form has the effect of its 32-bit expansion from the
 * spec's RVC listings, and the reserved encodings raise illegal-instruction with mtval holding
 * the 16 instruction bits.
 */
class CompressedInstructionsTest {
    /** A 4 KiB data area away from the program; sp, s0 and s1 point into it. */
    private static final long DATA = RAM + 0x8000;

    private static Run run(Consumer<Asm> body) {
        Asm a = new Asm().mtvec(TestMachines.TRAP);
        for (int r = 1; r < 32; r++) a.li(r, 0x0123456789abcdefL * r ^ (long) r << 59);
        a.li(SP, DATA + 0x400).li(S0, DATA + 0x100).li(S1, DATA + 0x200);
        body.accept(a);
        a.label(TestMachines.DONE).halt().align(4).label(TestMachines.TRAP).halt(); // mtvec needs 4-byte alignment
        Machine m = TestMachines.load(a);
        for (int i = 0; i < 4096; i += 8) TestMachines.poke(m, DATA + i, 8, 0x8877665544332211L * (i + 1));
        return new Run(m, a, m.run(10_000));
    }

    private static long[] regs(Run r) {
        long[] x = new long[32];
        System.arraycopy(r.m().hart.x, 0, x, 0, 32);
        return x;
    }

    private static byte[] data(Run r) {
        byte[] b = new byte[4096];
        r.m().memory.read(DATA, b, 0, b.length);
        return b;
    }

    /** The halfword has the same effect on registers and memory as the 32-bit instruction. */
    private static void sameAs(int halfword, Consumer<Asm> full) {
        Run c = run(a -> a.c(halfword)).assertCompleted();
        Run w = run(full).assertCompleted();
        String what = String.format("0x%04x", halfword);
        assertArrayEquals(regs(w), regs(c), what + ": registers");
        assertArrayEquals(data(w), data(c), what + ": memory");
    }

    @Test
    void stackPointerBasedForms() {
        sameAs(c_addi4spn(S0, 1020), a -> a.addi(S0, SP, 1020));
        sameAs(c_addi4spn(A5, 4), a -> a.addi(A5, SP, 4));
        sameAs(c_addi16sp(-512), a -> a.addi(SP, SP, -512));
        sameAs(c_addi16sp(496), a -> a.addi(SP, SP, 496));
        sameAs(c_lwsp(RA, 252), a -> a.lw(RA, 252, SP));
        sameAs(c_lwsp(T6, 4), a -> a.lw(T6, 4, SP));
        sameAs(c_ldsp(A0, 504), a -> a.ld(A0, 504, SP));
        sameAs(c_ldsp(S11, 8), a -> a.ld(S11, 8, SP));
        sameAs(c_swsp(A0, 252), a -> a.sw(A0, 252, SP));
        sameAs(c_sdsp(T6, 504), a -> a.sd(T6, 504, SP));
        sameAs(c_sdsp(ZERO, 16), a -> a.sd(ZERO, 16, SP));
    }

    @Test
    void registerBasedLoadsAndStores() {
        sameAs(c_lw(A0, 124, S1), a -> a.lw(A0, 124, S1));
        sameAs(c_lw(S1, 4, S0), a -> a.lw(S1, 4, S0));
        sameAs(c_lw(A1, 64, S0), a -> a.lw(A1, 64, S0));
        sameAs(c_ld(A2, 248, S0), a -> a.ld(A2, 248, S0));
        sameAs(c_ld(A5, 64, S1), a -> a.ld(A5, 64, S1));
        sameAs(c_sw(A4, 64, S1), a -> a.sw(A4, 64, S1));
        sameAs(c_sw(A3, 4, S0), a -> a.sw(A3, 4, S0));
        sameAs(c_sd(S0, 128, S1), a -> a.sd(S0, 128, S1));
        sameAs(c_sd(A5, 248, S0), a -> a.sd(A5, 248, S0));
    }

    @Test
    void immediateForms() {
        sameAs(c_addi(T0, -32), a -> a.addi(T0, T0, -32));
        sameAs(c_addi(A0, 31), a -> a.addi(A0, A0, 31));
        sameAs(c_addiw(T1, 31), a -> a.addiw(T1, T1, 31));
        sameAs(c_addiw(A0, -1), a -> a.addiw(A0, A0, -1));
        sameAs(c_addiw(A1, 0), a -> a.addiw(A1, A1, 0));
        sameAs(c_li(A0, -1), a -> a.addi(A0, ZERO, -1));
        sameAs(c_li(S3, 17), a -> a.addi(S3, ZERO, 17));
        sameAs(c_lui(A0, -32), a -> a.lui(A0, 0xfffe0));
        sameAs(c_lui(T2, 31), a -> a.lui(T2, 31));
        sameAs(c_lui(RA, 1), a -> a.lui(RA, 1));
        sameAs(c_slli(T0, 63), a -> a.slli(T0, T0, 63));
        sameAs(c_slli(A7, 32), a -> a.slli(A7, A7, 32));
        sameAs(c_slli(A7, 1), a -> a.slli(A7, A7, 1));
        sameAs(c_srli(A0, 63), a -> a.srli(A0, A0, 63));
        sameAs(c_srli(S0, 33), a -> a.srli(S0, S0, 33));
        sameAs(c_srai(S1, 1), a -> a.srai(S1, S1, 1));
        sameAs(c_srai(A3, 40), a -> a.srai(A3, A3, 40));
        sameAs(c_andi(A2, -1), a -> a.andi(A2, A2, -1));
        sameAs(c_andi(A4, 0x15), a -> a.andi(A4, A4, 0x15));
        sameAs(c_andi(A5, -32), a -> a.andi(A5, A5, -32));
    }

    @Test
    void registerRegisterForms() {
        sameAs(c_sub(A0, A1), a -> a.sub(A0, A0, A1));
        sameAs(c_xor(S0, A5), a -> a.xor(S0, S0, A5));
        sameAs(c_or(A3, A4), a -> a.or(A3, A3, A4));
        sameAs(c_and(A1, S1), a -> a.and(A1, A1, S1));
        sameAs(c_subw(A0, A1), a -> a.subw(A0, A0, A1));
        sameAs(c_addw(A2, A3), a -> a.addw(A2, A2, A3));
        sameAs(c_mv(A0, T6), a -> a.add(A0, ZERO, T6));
        sameAs(c_mv(S11, RA), a -> a.add(S11, ZERO, RA));
        sameAs(c_add(S2, S3), a -> a.add(S2, S2, S3));
        sameAs(c_add(SP, T0), a -> a.add(SP, SP, T0));
    }

    @Test
    void hintsExecuteAsNoOps() {
        // Compressed HINTs (RVC spec, "HINT Instructions"): rd = x0 or a zero shift amount.
        int[] hints = {c_nop(), c_addi(ZERO, 5), c_li(ZERO, 3), c_lui(ZERO, 1), c_mv(ZERO, A0), c_add(ZERO, A0),
            c_slli(ZERO, 3), c_slli(A0, 0), c_srli(A0, 0), c_srai(A0, 0), c_addi(A0, 0)};
        for (int h : hints) sameAs(h, a -> a.nop());
    }

    @Test
    void cJumpsForwardAndBackward() {
        Run r = run(a -> a.li(A0, 0).c(c_j(6)).addi(A0, A0, 1).addi(A0, A0, 2)).assertCompleted();
        assertEquals(2, r.x(A0));
        Run b = run(a -> a.li(A0, 0).j("fwd").label("back").addi(A0, A0, 10).j("out").label("fwd").addi(A0, A0, 1)
            .c(c_j(-12)).label("out")).assertCompleted();
        assertEquals(11, b.x(A0));
    }

    @Test
    void cBeqzAndCBnezBranchOnZero() {
        Run t = run(a -> a.li(A0, 0).li(S0, 0).c(c_beqz(S0, 6)).addi(A0, A0, 1)).assertCompleted();
        assertEquals(0, t.x(A0), "c.beqz taken");
        Run n = run(a -> a.li(A0, 0).li(S0, 4).c(c_beqz(S0, 6)).addi(A0, A0, 1)).assertCompleted();
        assertEquals(1, n.x(A0), "c.beqz not taken");
        Run t2 = run(a -> a.li(A0, 0).li(A5, -1).c(c_bnez(A5, 6)).addi(A0, A0, 1)).assertCompleted();
        assertEquals(0, t2.x(A0), "c.bnez taken");
        Run n2 = run(a -> a.li(A0, 0).li(A5, 0).c(c_bnez(A5, 6)).addi(A0, A0, 1)).assertCompleted();
        assertEquals(1, n2.x(A0), "c.bnez not taken");
        Run back = run(a -> a.li(A0, 3).li(A1, 0).label("loop").addi(A1, A1, 5).addi(A0, A0, -1)
            .c(c_bnez(A0, -8))).assertCompleted();
        assertEquals(15, back.x(A1));
    }

    @Test
    void cJrJumpsWithoutLinkingAndCJalrLinksPcPlus2() {
        Run jr = run(a -> a.li(A0, 0).la(T0, "t").mv(RA, ZERO).c(c_jr(T0)).addi(A0, A0, 1).label("t")
            .addi(A0, A0, 2)).assertCompleted();
        assertEquals(2, jr.x(A0));
        assertEquals(0, jr.x(RA), "c.jr does not link");
        Run jalr = run(a -> a.li(A0, 0).la(T0, "t").label("j").c(c_jalr(T0)).addi(A0, A0, 1).label("t")
            .addi(A0, A0, 2)).assertCompleted();
        assertEquals(2, jalr.x(A0));
        assertEquals(jalr.addr("j") + 2, jalr.x(RA), "c.jalr links pc + 2");
    }

    @Test
    void cJalrWithRs1EqualToRaUsesTheOldValue() {
        Run r = run(a -> a.la(RA, "t").label("j").c(c_jalr(RA)).li(A0, 99).label("t").nop()).assertCompleted();
        assertEquals(r.addr("j") + 2, r.x(RA));
        assertEquals(0x0123456789abcdefL * A0 ^ (long) A0 << 59, r.x(A0), "skipped");
    }

    @Test
    void cEbreakRaisesBreakpointWithThePc() {
        Run r = run(a -> a.label("b").c(c_ebreak()));
        r.assertTrap(Cause.BREAKPOINT, r.addr("b"), r.addr("b"));
    }

    @Test
    void fullInstructionsAtHalfwordAlignedAddressesAndAcrossPagesExecute() {
        Run r = run(a -> a.li(A0, 1).c(c_nop()).addi(A0, A0, 2).j("far").org(RAM + 0x1ffe).label("far")
            .addi(A0, A0, 4).addi(A0, A0, 8)).assertCompleted();
        assertEquals(15, r.x(A0));
    }

    /** Reserved encodings: illegal instruction, mtval = the 16-bit instruction. */
    @Test
    void reservedCompressedEncodingsAreIllegal() {
        int[] reserved = {
            0x0000,                 // all zeros: defined illegal
            c_addi4spn(S0, 0),      // c.addi4spn with nzuimm = 0
            c_addi4spn(A5, 0),
            c_lwsp(ZERO, 4),        // c.lwsp with rd = x0
            c_ldsp(ZERO, 8),        // c.ldsp with rd = x0
            c_jr(ZERO),             // c.jr with rs1 = x0
            c_addi16sp(0),          // c.addi16sp with nzimm = 0
            c_lui(T0, 0),           // c.lui with nzimm = 0
            c_lui(ZERO, 0),
            c_addiw(ZERO, 1),       // c.addiw with rd = x0
            1 << 13 | 1 << 10 | 1 << 2,        // c.fld: no D extension
            5 << 13 | 1 << 10 | 1 << 2,        // c.fsd
            1 << 13 | 8 << 7 | 1 << 2 | 2,     // c.fldsp
            5 << 13 | 8 << 2 | 2,              // c.fsdsp
            4 << 13 | 1 << 2,                  // quadrant 0, funct3 = 100: reserved
            0x9c41, 0x9c61,                    // funct6 100111 with funct2 10/11: reserved
        };
        for (int h : reserved) {
            Run r = run(a -> a.label("bad").c(h));
            String what = String.format("0x%04x", h);
            assertEquals(r.addr(TestMachines.TRAP) + 4, r.m().hart.pc, what + " trapped");
            assertEquals(Cause.ILLEGAL_INSTRUCTION, r.m().hart.mcause, what + " mcause");
            assertEquals(r.addr("bad"), r.m().hart.mepc, what + " mepc");
            assertEquals(h, r.m().hart.mtval, what + " mtval = the 16 instruction bits");
        }
    }
}
