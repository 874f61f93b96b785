package dev.vmlab.exec;

import static dev.vmlab.testing.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmlab.hart.Cause;
import dev.vmlab.machine.Machine;
import dev.vmlab.testing.Asm;
import dev.vmlab.testing.TestMachines;
import org.junit.jupiter.api.Test;

/**
 * Reserved and unimplemented 32-bit encodings raise illegal-instruction: mcause 2, mtval = the
 * instruction bits, mepc = its pc, pc = mtvec, and the instruction does not retire.
 */
class IllegalInstructionTest {
    private static int enc(java.util.function.Consumer<Asm> body) { return Asm.encode(body); }

    /** Runs three instructions, then {@code word}; the handler reads minstret and mepc first thing. */
    private static void assertIllegal(int word, String what) {
        Asm a = new Asm().mtvec("handler").label("bad").word(word).label("after").halt()
            .align(4).label("handler").csrr(A0, 0xb02).csrr(A1, 0x341).halt();
        Machine m = TestMachines.load(a);
        m.run(100);
        assertEquals(a.addr("handler") + 12, m.hart.pc, what + ": reached the handler at mtvec");
        assertEquals(Cause.ILLEGAL_INSTRUCTION, m.hart.mcause, what + ": mcause");
        assertEquals(word & 0xffffffffL, m.hart.mtval, what + ": mtval = the instruction bits");
        assertEquals(a.addr("bad"), m.hart.mepc, what + ": mepc");
        assertEquals(3, m.hart.x[A0], what + ": minstret in the handler counts only the 3 setup instructions");
        assertEquals(3 + 3, m.hart.retired, what + ": setup and handler retired, the illegal instruction did not");
        assertEquals(Hart_M, m.hart.priv);
    }

    private static final int Hart_M = 3;

    @Test
    void unimplementedMajorOpcodesAreIllegal() {
        // LOAD-FP, STORE-FP, MADD, MSUB, NMSUB, NMADD, OP-FP (no F/D), OP-V, custom-0..3, reserved slots.
        int[] opcodes = {0x07, 0x27, 0x43, 0x47, 0x4b, 0x4f, 0x53, 0x57, 0x0b, 0x2b, 0x5b, 0x7b, 0x6b, 0x77};
        for (int opc : opcodes) assertIllegal(0x00a50500 | opc, "opcode 0x" + Integer.toHexString(opc));
        assertIllegal(0xffffffff, "all ones");
    }

    @Test
    void longerInstructionEncodingsAreIllegal() {
        assertIllegal(0x0000001f, "48-bit prefix");
        assertIllegal(0x0000003f, "64-bit prefix");
    }

    @Test
    void reservedFunctFieldsInOpAndOp32AreIllegal() {
        assertIllegal(enc(a -> a.add(A0, A1, A2)) | 0b0000010 << 25, "OP funct7 0000010");
        assertIllegal(enc(a -> a.sll(A0, A1, A2)) | 0b0100000 << 25, "sll with funct7 0100000");
        assertIllegal(enc(a -> a.addw(A0, A1, A2)) | 0b0000010 << 25, "OP-32 funct7 0000010");
        assertIllegal(enc(a -> a.sllw(A0, A1, A2)) | 0b0100000 << 25, "sllw with funct7 0100000");
        assertIllegal(r(1, A2, A1, 1, A0, 0b0111011), "OP-32 M funct3 001 (no mulhw)");
        assertIllegal(r(1, A2, A1, 2, A0, 0b0111011), "OP-32 M funct3 010");
        assertIllegal(r(0, A2, A1, 2, A0, 0b0111011), "OP-32 funct3 010");
    }

    @Test
    void reservedImmediateShiftEncodingsAreIllegal() {
        assertIllegal(enc(a -> a.slli(A0, A1, 3)) | 1 << 26, "slli with imm[11:6] = 000001");
        assertIllegal(enc(a -> a.srli(A0, A1, 3)) | 1 << 31, "srli with imm[11:6] = 100000");
        assertIllegal(enc(a -> a.slli(A0, A1, 3)) | 1 << 30, "slli with imm[10] (sra-style) set");
        assertIllegal(i(0, A1, 2, A0, 0b0011011), "OP-IMM-32 funct3 010");
    }

    @Test
    void reservedLoadStoreBranchAndJalrFunct3AreIllegal() {
        assertIllegal(i(0, A1, 7, A0, 0b0000011), "load funct3 111 (ldu is RV128)");
        assertIllegal(s(0, A2, A1, 4, 0b0100011), "store funct3 100");
        assertIllegal(s(0, A2, A1, 7, 0b0100011), "store funct3 111");
        assertIllegal(enc(a -> a.beq(A0, A1, 8)) | 2 << 12, "branch funct3 010");
        assertIllegal(enc(a -> a.beq(A0, A1, 8)) | 3 << 12, "branch funct3 011");
        assertIllegal(enc(a -> a.jalr(RA, A0, 0)) | 1 << 12, "jalr funct3 001");
    }

    @Test
    void reservedAtomicEncodingsAreIllegal() {
        assertIllegal(enc(a -> a.amo(AMOADD, 4, A0, A1, A2)) & ~(7 << 12), "AMO funct3 000 (no byte AMOs in A)");
        assertIllegal(enc(a -> a.amo(AMOADD, 4, A0, A1, A2)) | 4 << 12, "AMO funct3 100");
        assertIllegal(enc(a -> a.amo(0b00101, 8, A0, A1, A2)), "AMO funct5 00101");
        assertIllegal(enc(a -> a.amo(0b11111, 8, A0, A1, A2)), "AMO funct5 11111");
        assertIllegal(enc(a -> a.lrD(A0, A2)) | A1 << 20, "lr.d with rs2 != 0");
    }

    @Test
    void theCsrFunct3HoleIsIllegal() {
        // SYSTEM funct3 = 100 is not a CSR instruction in Zicsr.
        assertIllegal(0x300 << 20 | A1 << 15 | 4 << 12 | A0 << 7 | 0b1110011, "csr funct3 100");
    }

    @Test
    void systemInstructionsWithNonZeroReservedFieldsAreIllegal() {
        assertIllegal(enc(Asm::ecall) | A0 << 7, "ecall with rd != 0");
        assertIllegal(enc(Asm::ebreak) | A0 << 15, "ebreak with rs1 != 0");
        assertIllegal(enc(Asm::mret) | 1 << 7, "mret with rd != 0");
        assertIllegal(enc(Asm::wfi) | 1 << 15, "wfi with rs1 != 0");
        assertIllegal(enc(a -> a.sfenceVma(A0, A1)) | 1 << 7, "sfence.vma with rd != 0");
        assertIllegal(0x7 << 20 | 0b1110011, "unassigned funct12 with funct3 000");
    }

    @Test
    void unknownCsrNumbersAreIllegal() {
        assertIllegal(enc(a -> a.csrr(A0, 0x7c0)), "csrr of an unimplemented custom CSR");
        assertIllegal(enc(a -> a.csrrw(A0, 0x5c0, A1)), "csrrw of an unimplemented CSR");
    }

    @Test
    void anIllegalInstructionDoesNotChangeRegistersOrMemory() {
        Asm a = new Asm().mtvec("trap").li(A0, 5).label("bad").word(0xffffffff).label("done").halt()
            .align(4).label("trap").halt();
        Machine m = TestMachines.load(a);
        long[] before = m.hart.x.clone();
        m.run(100);
        assertEquals(5, m.hart.x[A0]);
        assertEquals(before[A1], m.hart.x[A1]);
        assertEquals(a.addr("trap") + 4, m.hart.pc);
    }
}
