package dev.vmlab.isa;

/** Operand layouts, used to extract fields when decoding and to print operands when disassembling. */
public enum Format {
    /** rd, rs1, rs2 */ R,
    /** rd, rs1, imm */ I,
    /** rd, imm(rs1) */ LOAD,
    /** rd, rs1, shamt */ SHIFT,
    /** rs2, imm(rs1) */ STORE,
    /** rs1, rs2, target */ BRANCH,
    /** rd, imm[31:12] */ U,
    /** rd, target */ JUMP,
    /** rd, imm(rs1) */ JALR,
    /** rd, csr, rs1 */ CSR,
    /** rd, csr, uimm */ CSRI,
    /** rd, rs2, (rs1) */ AMO,
    /** rd, (rs1) */ LR,
    /** pred, succ */ FENCE,
    /** no operands */ NONE,
    /** rs1, rs2 */ SFENCE,
    /** rd, (rs1): hypervisor virtual-machine load */ HLV,
    /** rs2, (rs1): hypervisor virtual-machine store */ HSV
}
