package dev.vmlab.cli;

import java.io.ByteArrayOutputStream;

/**
 * A tiny RV64I assembler for hand-written test guests: each call appends one 32-bit
 * instruction, little-endian. Registers are numbers (t0 = 5, t1 = 6).
 */
final class Rv {
    static final int ZERO = 0, T0 = 5, T1 = 6;

    private final ByteArrayOutputStream code = new ByteArrayOutputStream();

    /** Number of instructions emitted so far. */
    int count() { return code.size() / 4; }

    byte[] bytes() { return code.toByteArray(); }

    Rv lui(int rd, int imm20) { return emit(imm20 << 12 | rd << 7 | 0x37); }

    Rv auipc(int rd, int imm20) { return emit(imm20 << 12 | rd << 7 | 0x17); }

    Rv addi(int rd, int rs1, int imm) { return i(imm, rs1, 0, rd, 0x13); }

    Rv sb(int rs2, int rs1, int off) { return s(off, rs2, rs1, 0); }

    Rv sw(int rs2, int rs1, int off) { return s(off, rs2, rs1, 2); }

    Rv sd(int rs2, int rs1, int off) { return s(off, rs2, rs1, 3); }

    /** {@code csrrw zero, csr, rs1}. */
    Rv csrw(int csr, int rs1) { return i(csr, rs1, 1, ZERO, 0x73); }

    Rv ecall() { return emit(0x73); }

    /** {@code jal rd, off} with {@code off} relative to this instruction. */
    Rv jal(int rd, int off) {
        int imm = (off >> 20 & 1) << 31 | (off >> 1 & 0x3ff) << 21 | (off >> 11 & 1) << 20 | (off >> 12 & 0xff) << 12;
        return emit(imm | rd << 7 | 0x6f);
    }

    /** {@code j .}: spin forever. */
    Rv spin() { return jal(ZERO, 0); }

    /** t0 = 0x10000000 then one {@code sb} to the UART's THR per character. */
    Rv print(String text) {
        lui(T0, 0x10000);
        for (char c : text.toCharArray()) {
            addi(T1, ZERO, c);
            sb(T1, T0, 0);
        }
        return this;
    }

    /** A 32-bit store of {@code value} (below 2^31) to the test finisher at 0x100000. */
    Rv finisher(int value) {
        lui(T0, 0x100);
        loadImmediate(T1, value);
        return sw(T1, T0, 0);
    }

    /** {@code li rd, value} for 0 <= value < 2^31 as lui + addi. */
    Rv loadImmediate(int rd, int value) {
        int lo = value << 20 >> 20;
        int hi = (value - lo) >>> 12;
        lui(rd, hi);
        return addi(rd, rd, lo);
    }

    private Rv i(int imm, int rs1, int f3, int rd, int op) {
        return emit((imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op);
    }

    private Rv s(int imm, int rs2, int rs1, int f3) {
        return emit((imm >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (imm & 0x1f) << 7 | 0x23);
    }

    private Rv emit(int word) {
        code.write(word);
        code.write(word >> 8);
        code.write(word >> 16);
        code.write(word >> 24);
        return this;
    }
}
