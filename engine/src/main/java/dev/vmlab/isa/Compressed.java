package dev.vmlab.isa;

/**
 * Expansion of RVC (the C extension, RV64) into equivalent 32-bit instructions, following the
 * tables of the unprivileged spec's "RVC Instruction Set Listings". Returns 0 for reserved
 * encodings and for the floating-point forms (this hart has no F or D), which the hart then
 * treats as illegal. HINT encodings expand to their (harmless) base instruction.
 */
final class Compressed {
    private Compressed() {}

    private static final int OP_IMM = 0x13, OP_IMM_32 = 0x1b, OP = 0x33, OP_32 = 0x3b, LUI = 0x37,
        LOAD = 0x03, STORE = 0x23, BRANCH = 0x63, JAL = 0x6f, JALR = 0x67, SYSTEM = 0x73;

    static int expand(int h) {
        int op = h & 3, f3 = (h >>> 13) & 7;
        int rd = (h >>> 7) & 31, rs2 = (h >>> 2) & 31;
        int rdp = 8 + ((h >>> 2) & 7), rs1p = 8 + ((h >>> 7) & 7); // the 3-bit register fields: x8..x15
        switch (op) {
            case 0 -> {
                switch (f3) {
                    case 0 -> { // c.addi4spn: addi rd', x2, nzuimm; nzuimm = 0 is reserved (incl. the all-zero word)
                        int imm = (((h >>> 7) & 0xf) << 6) | (((h >>> 11) & 3) << 4) | (((h >>> 5) & 1) << 3) | (((h >>> 6) & 1) << 2);
                        return imm == 0 ? 0 : i(imm, 2, 0, rdp, OP_IMM);
                    }
                    case 2 -> { return i(lwImm(h), rs1p, 2, rdp, LOAD); }            // c.lw
                    case 3 -> { return i(ldImm(h), rs1p, 3, rdp, LOAD); }            // c.ld
                    case 6 -> { return s(lwImm(h), rdp, rs1p, 2); }                  // c.sw (rs2' sits where rd' does)
                    case 7 -> { return s(ldImm(h), rdp, rs1p, 3); }                  // c.sd
                    default -> { return 0; } // c.fld, c.fsd (no D), reserved (f3 = 4), c.flw/c.ld's RV32 forms
                }
            }
            case 1 -> {
                int imm6 = sext(((h >>> 12) & 1) << 5 | ((h >>> 2) & 31), 6);
                switch (f3) {
                    case 0 -> { return i(imm6, rd, 0, rd, OP_IMM); }                 // c.addi / c.nop (HINTs included)
                    case 1 -> { return rd == 0 ? 0 : i(imm6, rd, 0, rd, OP_IMM_32); } // c.addiw; rd = 0 reserved
                    case 2 -> { return i(imm6, 0, 0, rd, OP_IMM); }                  // c.li
                    case 3 -> {
                        if (rd == 2) { // c.addi16sp
                            int imm = sext((((h >>> 12) & 1) << 9) | (((h >>> 3) & 3) << 7) | (((h >>> 5) & 1) << 6)
                                | (((h >>> 2) & 1) << 5) | (((h >>> 6) & 1) << 4), 10);
                            return imm == 0 ? 0 : i(imm, 2, 0, 2, OP_IMM);
                        }
                        if (imm6 == 0) return 0; // c.lui with nzimm = 0 is reserved
                        return (imm6 << 12) | (rd << 7) | LUI; // c.lui (rd = 0 is a HINT)
                    }
                    case 4 -> {
                        int f2 = (h >>> 10) & 3;
                        int shamt = (((h >>> 12) & 1) << 5) | ((h >>> 2) & 31);
                        switch (f2) {
                            case 0: return i(shamt, rs1p, 5, rs1p, OP_IMM);              // c.srli
                            case 1: return i(shamt | 0x400, rs1p, 5, rs1p, OP_IMM);      // c.srai
                            case 2: return i(imm6, rs1p, 7, rs1p, OP_IMM);               // c.andi
                            default: {
                                int r2 = 8 + ((h >>> 2) & 7);
                                int sel = (((h >>> 12) & 1) << 2) | ((h >>> 5) & 3);
                                switch (sel) {
                                    case 0: return r(0x20, r2, rs1p, 0, rs1p, OP);   // c.sub
                                    case 1: return r(0, r2, rs1p, 4, rs1p, OP);      // c.xor
                                    case 2: return r(0, r2, rs1p, 6, rs1p, OP);      // c.or
                                    case 3: return r(0, r2, rs1p, 7, rs1p, OP);      // c.and
                                    case 4: return r(0x20, r2, rs1p, 0, rs1p, OP_32); // c.subw
                                    case 5: return r(0, r2, rs1p, 0, rs1p, OP_32);   // c.addw
                                    default: return 0;                              // reserved
                                }
                            }
                        }
                    }
                    case 5 -> { return j(cjImm(h), 0); }                              // c.j
                    case 6 -> { return b(cbImm(h), 0, rs1p, 0); }                     // c.beqz
                    default -> { return b(cbImm(h), 0, rs1p, 1); }                    // c.bnez
                }
            }
            case 2 -> {
                switch (f3) {
                    case 0 -> { // c.slli (rd = 0 is a HINT)
                        int shamt = (((h >>> 12) & 1) << 5) | ((h >>> 2) & 31);
                        return i(shamt, rd, 1, rd, OP_IMM);
                    }
                    case 2 -> { // c.lwsp; rd = 0 reserved
                        int imm = (((h >>> 12) & 1) << 5) | (((h >>> 4) & 7) << 2) | (((h >>> 2) & 3) << 6);
                        return rd == 0 ? 0 : i(imm, 2, 2, rd, LOAD);
                    }
                    case 3 -> { // c.ldsp; rd = 0 reserved
                        int imm = (((h >>> 12) & 1) << 5) | (((h >>> 5) & 3) << 3) | (((h >>> 2) & 7) << 6);
                        return rd == 0 ? 0 : i(imm, 2, 3, rd, LOAD);
                    }
                    case 4 -> {
                        boolean bit12 = ((h >>> 12) & 1) != 0;
                        if (!bit12) {
                            if (rs2 == 0) return rd == 0 ? 0 : i(0, rd, 0, 0, JALR);   // c.jr; rs1 = 0 reserved
                            return r(0, rs2, 0, 0, rd, OP);                             // c.mv (rd = 0 is a HINT)
                        }
                        if (rs2 == 0) {
                            if (rd == 0) return 0x00100073;                             // c.ebreak
                            return i(0, rd, 0, 1, JALR);                                // c.jalr
                        }
                        return r(0, rs2, rd, 0, rd, OP);                                // c.add
                    }
                    case 6 -> { // c.swsp
                        int imm = (((h >>> 9) & 0xf) << 2) | (((h >>> 7) & 3) << 6);
                        return s(imm, rs2, 2, 2);
                    }
                    case 7 -> { // c.sdsp
                        int imm = (((h >>> 10) & 7) << 3) | (((h >>> 7) & 7) << 6);
                        return s(imm, rs2, 2, 3);
                    }
                    default -> { return 0; } // c.fldsp, c.fsdsp (no D)
                }
            }
            default -> { return 0; } // op == 3 is not compressed
        }
    }

    private static int lwImm(int h) {
        return (((h >>> 10) & 7) << 3) | (((h >>> 6) & 1) << 2) | (((h >>> 5) & 1) << 6);
    }

    private static int ldImm(int h) {
        return (((h >>> 10) & 7) << 3) | (((h >>> 5) & 3) << 6);
    }

    private static int cjImm(int h) {
        int imm = (((h >>> 12) & 1) << 11) | (((h >>> 11) & 1) << 4) | (((h >>> 9) & 3) << 8) | (((h >>> 8) & 1) << 10)
            | (((h >>> 7) & 1) << 6) | (((h >>> 6) & 1) << 7) | (((h >>> 3) & 7) << 1) | (((h >>> 2) & 1) << 5);
        return sext(imm, 12);
    }

    private static int cbImm(int h) {
        int imm = (((h >>> 12) & 1) << 8) | (((h >>> 10) & 3) << 3) | (((h >>> 5) & 3) << 6) | (((h >>> 3) & 3) << 1)
            | (((h >>> 2) & 1) << 5);
        return sext(imm, 9);
    }

    private static int sext(int v, int bits) {
        int s = 32 - bits;
        return (v << s) >> s;
    }

    private static int i(int imm, int rs1, int f3, int rd, int opc) {
        return (imm << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc;
    }

    private static int r(int f7, int rs2, int rs1, int f3, int rd, int opc) {
        return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc;
    }

    private static int s(int imm, int rs2, int rs1, int f3) {
        return ((imm >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 31) << 7) | STORE;
    }

    private static int b(int imm, int rs2, int rs1, int f3) {
        return (((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12)
            | (((imm >> 1) & 0xf) << 8) | (((imm >> 11) & 1) << 7) | BRANCH;
    }

    private static int j(int imm, int rd) {
        return (((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3ff) << 21) | (((imm >> 11) & 1) << 20)
            | (((imm >> 12) & 0xff) << 12) | (rd << 7) | JAL;
    }
}
