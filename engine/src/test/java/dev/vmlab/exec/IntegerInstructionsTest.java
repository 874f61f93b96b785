package dev.vmlab.exec;

import static dev.vmlab.exec.Ops.i;
import static dev.vmlab.exec.Ops.r;
import static dev.vmlab.exec.Ops.sh;
import static dev.vmlab.testing.Asm.*;
import static dev.vmlab.testing.TestMachines.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmlab.hart.Cause;
import dev.vmlab.testing.Asm;
import dev.vmlab.testing.TestMachines.Run;
import org.junit.jupiter.api.Test;

/** RV64I computational and control-transfer instructions (unprivileged spec, chapters 2 and 5). */
class IntegerInstructionsTest {
    private static final long MIN = Long.MIN_VALUE, MAX = Long.MAX_VALUE;

    @Test
    void liBuildsEveryKindOfConstant() {
        for (long v : new long[] {0, 1, -1, 2047, -2048, 2048, 0x7fffffffL, -0x80000000L, 0x80000000L, 0xffffffffL,
            0x123456789abcdef0L, MIN, MAX, 0x7ffff800L, 0xfffffffffffff800L}) {
            Run r = exec(a -> a.li(A0, v)).assertCompleted();
            assertEquals(v, r.x(A0), "li " + Long.toHexString(v));
        }
    }

    @Test
    void addAndSubWrapAroundModulo2To64() {
        assertEquals(3, r(Asm::add, 1, 2));
        assertEquals(MIN, r(Asm::add, MAX, 1));
        assertEquals(0, r(Asm::add, -1, 1));
        assertEquals(MAX, r(Asm::sub, MIN, 1));
        assertEquals(-1, r(Asm::sub, 0, 1));
    }

    @Test
    void addiSignExtendsItsTwelveBitImmediate() {
        assertEquals(-2048 + 10, i(Asm::addi, 10, -2048));
        assertEquals(2047 + 10, i(Asm::addi, 10, 2047));
        assertEquals(MIN, i(Asm::addi, MAX, 1));
    }

    @Test
    void sltComparesSigned() {
        assertEquals(1, r(Asm::slt, -1, 1));
        assertEquals(0, r(Asm::slt, 1, -1));
        assertEquals(1, r(Asm::slt, MIN, MAX));
        assertEquals(0, r(Asm::slt, MAX, MIN));
        assertEquals(0, r(Asm::slt, 5, 5));
    }

    @Test
    void sltuComparesUnsigned() {
        assertEquals(0, r(Asm::sltu, -1, 1));
        assertEquals(1, r(Asm::sltu, 1, -1));
        assertEquals(0, r(Asm::sltu, MIN, MAX));
        assertEquals(1, r(Asm::sltu, MAX, MIN));
        assertEquals(0, r(Asm::sltu, 7, 7));
        assertEquals(1, r(Asm::sltu, 0, 1), "snez");
        assertEquals(0, r(Asm::sltu, 0, 0));
    }

    @Test
    void sltiComparesAgainstTheSignExtendedImmediate() {
        assertEquals(1, i(Asm::slti, -5, -4));
        assertEquals(0, i(Asm::slti, -4, -4));
        assertEquals(1, i(Asm::slti, MIN, -2048));
        assertEquals(0, i(Asm::slti, 2047, 2047));
    }

    @Test
    void sltiuSignExtendsTheImmediateThenComparesUnsigned() {
        // "the immediate is first sign-extended to XLEN bits then treated as an unsigned number"
        assertEquals(1, i(Asm::sltiu, 0x7fffffffffffffffL, -1));
        assertEquals(0, i(Asm::sltiu, -1, -1));
        assertEquals(1, i(Asm::sltiu, 0, 1), "seqz of 0");
        assertEquals(0, i(Asm::sltiu, 5, 1), "seqz of 5");
        assertEquals(0, i(Asm::sltiu, -1, 5));
    }

    @Test
    void logicalOpsAndImmediatesWithSignExtension() {
        assertEquals(0xf0f0L ^ 0xff00L, r(Asm::xor, 0xf0f0L, 0xff00L));
        assertEquals(0xf0f0L | 0xff00L, r(Asm::or, 0xf0f0L, 0xff00L));
        assertEquals(0xf0f0L & 0xff00L, r(Asm::and, 0xf0f0L, 0xff00L));
        assertEquals(~0x1234L, i(Asm::xori, 0x1234L, -1), "not");
        assertEquals(0x123456789abcde00L, i(Asm::andi, 0x123456789abcdef0L, -256));
        assertEquals(0xffffffffffffff85L, i(Asm::ori, 0x5L, -128));
    }

    @Test
    void registerShiftsOn64BitValuesUseTheLowSixBitsOfRs2() {
        assertEquals(2, r(Asm::sll, 1, 65));
        assertEquals(MIN, r(Asm::sll, 1, 63));
        assertEquals(1, r(Asm::srl, MIN, 63));
        assertEquals(MIN >>> 1, r(Asm::srl, MIN, 64 + 1));
        assertEquals(-1, r(Asm::sra, MIN, 63));
        assertEquals(MIN >> 4, r(Asm::sra, MIN, -60)); // -60 & 63 = 4
        assertEquals(0x1234, r(Asm::sll, 0x1234, 64));
    }

    @Test
    void immediateShiftsTakeSixBitAmounts() {
        assertEquals(MIN, sh(Asm::slli, 1, 63));
        assertEquals(0x100000000L, sh(Asm::slli, 1, 32));
        assertEquals(0xffffffffL, sh(Asm::srli, -1, 32));
        assertEquals(1, sh(Asm::srli, MIN, 63));
        assertEquals(-1, sh(Asm::srai, MIN, 63));
        assertEquals(0xfffffffff8000000L, sh(Asm::srai, 0x8000000000000000L, 36));
        assertEquals(42, sh(Asm::srai, 42, 0));
    }

    @Test
    void wordOpsSignExtendTheir32BitResult() {
        assertEquals(0xffffffff80000000L, r(Asm::addw, 0x7fffffff, 1));
        assertEquals(0, r(Asm::addw, 0xffffffffL, 1));
        assertEquals(3, r(Asm::addw, 0x1234567800000001L, 0xabcdef0000000002L), "upper input bits are ignored");
        assertEquals(0x7fffffffL, r(Asm::subw, 0x80000000L, 1));
        assertEquals(-1, r(Asm::subw, 0, 1));
        assertEquals(0xffffffff80000000L, i(Asm::addiw, 0x7fffffff, 1));
        assertEquals(-1L, i(Asm::addiw, 0xffffffffL, 0), "sext.w of 0xffffffff");
        assertEquals(0x12345678L, i(Asm::addiw, 0xffffffff12345678L, 0), "sext.w drops the upper half");
    }

    @Test
    void wordShiftsUseFiveBitAmountsAndSignExtend() {
        assertEquals(2, r(Asm::sllw, 1, 33), "shift amount is rs2[4:0]");
        assertEquals(0xffffffff80000000L, r(Asm::sllw, 1, 31));
        assertEquals(0x7fffffffL, r(Asm::srlw, 0xffffffffL, 1));
        assertEquals(0xffffffff80000000L, r(Asm::srlw, 0x80000000L, 32), "srlw by 0 still sign-extends bit 31");
        assertEquals(1, r(Asm::srlw, 0xdead000080000000L, 31));
        assertEquals(0xffffffffffff0000L, r(Asm::sraw, 0x80000000L, 15));
        assertEquals(0xffffffff80000000L, sh(Asm::slliw, 0x1, 31));
        assertEquals(0x1L, sh(Asm::srliw, 0xffffffff80000000L, 31));
        assertEquals(0xffffffff80000000L, sh(Asm::srliw, 0x80000000L, 0));
        assertEquals(-1, sh(Asm::sraiw, 0x80000000L, 31));
        assertEquals(0x0badcafeL >> 4, sh(Asm::sraiw, 0xffffffff0badcafeL, 4));
    }

    @Test
    void slliwSrliwSraiwWithShamtBit5AreIllegal() {
        // RV64I: "SLLIW, SRLIW, and SRAIW encodings with imm[5] != 0 are reserved."
        int slliw = Asm.encode(a -> a.slliw(A0, A1, 1)) | 1 << 25;
        int srliw = Asm.encode(a -> a.srliw(A0, A1, 1)) | 1 << 25;
        int sraiw = Asm.encode(a -> a.sraiw(A0, A1, 1)) | 1 << 25;
        for (int w : new int[] {slliw, srliw, sraiw}) {
            Run r = exec(a -> a.label("bad").word(w));
            r.assertTrap(Cause.ILLEGAL_INSTRUCTION, r.addr("bad"), w & 0xffffffffL);
        }
    }

    @Test
    void luiPlacesImmediateInBits31To12AndSignExtends() {
        assertEquals(0xffffffff80000000L, exec(a -> a.lui(A0, 0x80000)).assertCompleted().x(A0));
        assertEquals(0x7ffff000L, exec(a -> a.lui(A0, 0x7ffff)).assertCompleted().x(A0));
        assertEquals(0xfffffffffffff000L, exec(a -> a.lui(A0, 0xfffff)).assertCompleted().x(A0));
    }

    @Test
    void auipcAddsTheSignExtendedUpperImmediateToItsOwnPc() {
        Run r = exec(a -> a.label("p").auipc(A0, 0xfffff).label("q").auipc(A1, 0x1).auipc(A2, 0x80000))
            .assertCompleted();
        assertEquals(r.addr("p") - 4096, r.x(A0));
        assertEquals(r.addr("q") + 4096, r.x(A1));
        assertEquals(r.addr("q") + 4 - 0x80000000L, r.x(A2));
    }

    @Test
    void jalLinksTheNextPcAndJumps() {
        Run r = exec(a -> a.li(A0, 0).label("j").jal(RA, 8).addi(A0, A0, 1).addi(A0, A0, 2)).assertCompleted();
        assertEquals(2, r.x(A0), "the instruction after jal was skipped");
        assertEquals(r.addr("j") + 4, r.x(RA));
    }

    @Test
    void jalCanJumpBackwards() {
        Run r = exec(a -> a.li(A0, 0).j("fwd").label("back").addi(A0, A0, 10).j("out")
            .label("fwd").addi(A0, A0, 1).jal(ZERO, "back").label("out")).assertCompleted();
        assertEquals(11, r.x(A0));
    }

    @Test
    void jalrClearsBitZeroOfTheTargetAndLinks() {
        Run r = exec(a -> a.la(T0, "target").addi(T0, T0, 1).li(A0, 0).label("j").jalr(RA, T0, 0)
            .addi(A0, A0, 1).label("target").addi(A0, A0, 2)).assertCompleted();
        assertEquals(2, r.x(A0));
        assertEquals(r.addr("j") + 4, r.x(RA));
    }

    @Test
    void jalrWithRdEqualToRs1UsesTheOldValue() {
        Run r = exec(a -> a.la(RA, "target").addi(RA, RA, -8).label("j").jalr(RA, RA, 8).li(A0, 99)
            .label("target").addi(A1, ZERO, 7)).assertCompleted();
        assertEquals(0, r.x(A0));
        assertEquals(7, r.x(A1));
        assertEquals(r.addr("j") + 4, r.x(RA));
    }

    private interface Branch { void emit(Asm a, int rs1, int rs2, long off); }

    /** True when the branch is taken with these operands. */
    private static boolean taken(Branch b, long x, long y) {
        Run r = exec(a -> { a.li(A1, x).li(A2, y).li(A0, 0); b.emit(a, A1, A2, 8); a.addi(A0, ZERO, 1); })
            .assertCompleted();
        return r.x(A0) == 0;
    }

    @Test
    void branchesAreTakenAndNotTakenAsTheirConditionSays() {
        assertEquals(true, taken(Asm::beq, 5, 5));
        assertEquals(false, taken(Asm::beq, 5, 6));
        assertEquals(true, taken(Asm::bne, 5, 6));
        assertEquals(false, taken(Asm::bne, -1, -1));
        assertEquals(true, taken(Asm::blt, -1, 0));
        assertEquals(false, taken(Asm::blt, 0, -1));
        assertEquals(false, taken(Asm::blt, 3, 3));
        assertEquals(true, taken(Asm::bge, 3, 3));
        assertEquals(true, taken(Asm::bge, 0, MIN));
        assertEquals(false, taken(Asm::bge, MIN, 0));
        assertEquals(true, taken(Asm::bltu, 0, -1));
        assertEquals(false, taken(Asm::bltu, -1, 0));
        assertEquals(false, taken(Asm::bltu, 9, 9));
        assertEquals(true, taken(Asm::bgeu, -1, 0));
        assertEquals(true, taken(Asm::bgeu, 9, 9));
        assertEquals(false, taken(Asm::bgeu, 0, MIN));
    }

    @Test
    void backwardBranchesLoop() {
        Run r = exec(a -> a.li(A0, 0).li(A1, 10).label("loop").addi(A0, A0, 3).addi(A1, A1, -1)
            .bne(A1, ZERO, "loop")).assertCompleted();
        assertEquals(30, r.x(A0));
    }

    @Test
    void x0StaysZeroWhenWritten() {
        Run r = exec(a -> a.addi(ZERO, ZERO, 5).lui(ZERO, 0x12345).auipc(ZERO, 1).jal(ZERO, 4)
            .la(T0, "data").ld(ZERO, 0, T0).addi(A0, ZERO, 0).add(A1, ZERO, ZERO).csrrs(ZERO, 0xf14, ZERO)
            .j(DONE_LABEL), t -> t.align(8).label("data").dword(-1)).assertCompleted();
        assertEquals(0, r.m().hart.x[0]);
        assertEquals(0, r.x(A0));
        assertEquals(0, r.x(A1));
    }

    private static final String DONE_LABEL = dev.vmlab.testing.TestMachines.DONE;

    @Test
    void fenceAndFenceIAreNoOpsForASingleHart() {
        Run r = exec(a -> a.li(A0, 1).fence(15, 15).fenceI().addi(A0, A0, 1)).assertCompleted();
        assertEquals(2, r.x(A0));
    }
}
