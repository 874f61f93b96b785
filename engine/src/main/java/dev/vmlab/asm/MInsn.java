package dev.vmlab.asm;

import dev.vmlab.isa.OpTable;

/**
 * One machine instruction waiting for its immediate: an {@link OpTable} row, its register
 * fields, and expressions for the immediate and (CSR instructions) the CSR number, evaluated
 * once addresses are known. Where the immediate goes in the word follows from the row's
 * {@link dev.vmlab.isa.Format}. {@code fixed} holds operand bits known from the mnemonic
 * itself: aq/rl of atomics, fm/pred/succ of fences.
 */
record MInsn(OpTable.Row row, int rd, int rs1, int rs2, Expr imm, int immAt, Expr csr, int csrAt, int fixed) {
    static MInsn of(OpTable.Row row, int rd, int rs1, int rs2) {
        return new MInsn(row, rd, rs1, rs2, null, 0, null, 0, 0);
    }

    static MInsn imm(OpTable.Row row, int rd, int rs1, int rs2, Expr imm, int immAt) {
        return new MInsn(row, rd, rs1, rs2, imm, immAt, null, 0, 0);
    }

    static MInsn constant(OpTable.Row row, int rd, int rs1, long imm) {
        return new MInsn(row, rd, rs1, 0, new Expr.Num(imm, 0), 0, null, 0, 0);
    }
}
