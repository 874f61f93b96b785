package dev.vmlab.asm;

import static dev.vmlab.asm.Instructions.RA;
import static dev.vmlab.asm.Instructions.T1;
import static dev.vmlab.asm.Instructions.ZERO;
import static dev.vmlab.asm.Instructions.add;
import static dev.vmlab.asm.Instructions.row;

import dev.vmlab.hart.Csr;
import dev.vmlab.isa.Op;
import dev.vmlab.isa.OpTable;

/**
 * Pseudo-instructions, each expanding exactly as GNU as expands it (the differential test
 * checks this): {@code li} with GNU's constant-building sequence, {@code la}/{@code lla} and
 * {@code call}/{@code tail} as auipc pairs (static, non-PIC, no relaxation), and the one-word
 * aliases of the unprivileged spec's pseudo-instruction table.
 */
final class Pseudo {
    private Pseudo() {}

    static void addAll() {
        OpTable.Row addi = row(Op.ADDI), addiw = row(Op.ADDIW), jal = row(Op.JAL), jalr = row(Op.JALR);
        add("nop", "", b -> b.emit(MInsn.constant(addi, ZERO, ZERO, 0)));
        add("li", "rd, imm", b -> li(b, b.reg(0), b.constant(1, "li's value")));
        add("la", "rd, symbol", b -> pcrel(b, 1, b.reg(0), addi, b.reg(0)));
        add("lla", "rd, symbol", b -> pcrel(b, 1, b.reg(0), addi, b.reg(0)));
        add("call", "symbol", b -> pcrel(b, 0, RA, jalr, RA));
        // GNU as 2.40 builds the address of "call rd, symbol" in t1, like tail.
        add("call", "rd, symbol", b -> pcrel(b, 1, T1, jalr, b.reg(0)));
        add("tail", "symbol", b -> pcrel(b, 0, T1, jalr, ZERO));
        add("ret", "", b -> b.emit(MInsn.constant(jalr, ZERO, RA, 0)));
        add("j", "target", b -> b.emit(MInsn.imm(jal, ZERO, 0, 0, b.expr(0), b.at(0))));
        add("jr", "rs", b -> b.emit(MInsn.constant(jalr, ZERO, b.reg(0), 0)));
        add("jr", "offset(rs1)", b -> b.emit(MInsn.imm(jalr, ZERO, b.memReg(0), 0, b.memOffset(0), b.at(0))));
        add("jr", "rs, imm", b -> b.emit(MInsn.imm(jalr, ZERO, b.reg(0), 0, b.expr(1), b.at(1))));

        add("mv", "rd, rs", b -> b.emit(MInsn.constant(addi, b.reg(0), b.reg(1), 0)));
        add("not", "rd, rs", b -> b.emit(MInsn.constant(row(Op.XORI), b.reg(0), b.reg(1), -1)));
        add("neg", "rd, rs", b -> b.emit(MInsn.of(row(Op.SUB), b.reg(0), ZERO, b.reg(1))));
        add("negw", "rd, rs", b -> b.emit(MInsn.of(row(Op.SUBW), b.reg(0), ZERO, b.reg(1))));
        add("sext.w", "rd, rs", b -> b.emit(MInsn.constant(addiw, b.reg(0), b.reg(1), 0)));
        add("zext.b", "rd, rs", b -> b.emit(MInsn.constant(row(Op.ANDI), b.reg(0), b.reg(1), 255)));
        add("seqz", "rd, rs", b -> b.emit(MInsn.constant(row(Op.SLTIU), b.reg(0), b.reg(1), 1)));
        add("snez", "rd, rs", b -> b.emit(MInsn.of(row(Op.SLTU), b.reg(0), ZERO, b.reg(1))));
        add("sltz", "rd, rs", b -> b.emit(MInsn.of(row(Op.SLT), b.reg(0), b.reg(1), ZERO)));
        add("sgtz", "rd, rs", b -> b.emit(MInsn.of(row(Op.SLT), b.reg(0), ZERO, b.reg(1))));
        add("sgt", "rd, rs1, rs2", b -> b.emit(MInsn.of(row(Op.SLT), b.reg(0), b.reg(2), b.reg(1))));
        add("sgtu", "rd, rs1, rs2", b -> b.emit(MInsn.of(row(Op.SLTU), b.reg(0), b.reg(2), b.reg(1))));

        branchZero("beqz", Op.BEQ, false);
        branchZero("bnez", Op.BNE, false);
        branchZero("bgez", Op.BGE, false);
        branchZero("bltz", Op.BLT, false);
        branchZero("blez", Op.BGE, true);
        branchZero("bgtz", Op.BLT, true);
        branchSwapped("bgt", Op.BLT);
        branchSwapped("ble", Op.BGE);
        branchSwapped("bgtu", Op.BLTU);
        branchSwapped("bleu", Op.BGEU);

        OpTable.Row csrrs = row(Op.CSRRS);
        add("csrr", "rd, csr", b -> b.emit(Instructions.csr(csrrs, b.reg(0), b, 1, ZERO, null, 0)));
        csrWrite("csrw", Op.CSRRW);
        csrWrite("csrs", Op.CSRRS);
        csrWrite("csrc", Op.CSRRC);
        csrWriteImm("csrwi", Op.CSRRWI);
        csrWriteImm("csrsi", Op.CSRRSI);
        csrWriteImm("csrci", Op.CSRRCI);
        counter("rdcycle", Csr.CYCLE);
        counter("rdtime", Csr.TIME);
        counter("rdinstret", Csr.INSTRET);
        // The canonical illegal instruction: a write to the read-only cycle CSR.
        add("unimp", "", b -> b.emit(new MInsn(row(Op.CSRRW), 0, 0, 0, null, 0, new Expr.Num(Csr.CYCLE, 0), 0, 0)));
        add("fence.tso", "", b -> b.emit(Instructions.fence(row(Op.FENCE), 0b1000, 0b0011, 0b0011)));
    }

    /** {@code beqz rs, target}; {@code swap} puts zero first ({@code blez rs} is {@code bge zero, rs}). */
    private static void branchZero(String name, int op, boolean swap) {
        OpTable.Row r = row(op);
        add(name, "rs, target", b -> b.emit(MInsn.imm(r, 0, swap ? ZERO : b.reg(0), swap ? b.reg(0) : ZERO,
            b.expr(1), b.at(1))));
    }

    /** {@code bgt a, b, target} is {@code blt b, a, target}. */
    private static void branchSwapped(String name, int op) {
        OpTable.Row r = row(op);
        add(name, "rs1, rs2, target", b -> b.emit(MInsn.imm(r, 0, b.reg(1), b.reg(0), b.expr(2), b.at(2))));
    }

    private static void csrWrite(String name, int op) {
        OpTable.Row r = row(op), imm = row(op + (Op.CSRRWI - Op.CSRRW));
        add(name, "csr, rs1", b -> b.emit(Instructions.csr(r, ZERO, b, 0, b.reg(1), null, 0)));
        add(name, "csr, uimm", b -> b.emit(Instructions.csr(imm, ZERO, b, 0, 0, b.expr(1), b.at(1))));
    }

    private static void csrWriteImm(String name, int op) {
        OpTable.Row r = row(op);
        add(name, "csr, uimm", b -> b.emit(Instructions.csr(r, ZERO, b, 0, 0, b.expr(1), b.at(1))));
    }

    private static void counter(String name, int csr) {
        OpTable.Row csrrs = row(Op.CSRRS);
        add(name, "rd", b -> b.emit(new MInsn(csrrs, b.reg(0), 0, 0, null, 0, new Expr.Num(csr, 0), 0, 0)));
    }

    /**
     * auipc then a second instruction completing a pc-relative address: {@code la} (addi),
     * {@code call}/{@code tail} (jalr). The second instruction's low part is computed against
     * the auipc's pc, four bytes before it.
     */
    static void pcrel(Build b, int symbolOperand, int tmp, OpTable.Row second, int rd) {
        Expr target = b.expr(symbolOperand);
        int at = b.at(symbolOperand);
        b.emit(MInsn.imm(row(Op.AUIPC), tmp, 0, 0, new Expr.Reloc("pcrel_hi", target, at), at));
        b.emit(MInsn.imm(second, rd, tmp, 0, new Expr.PcrelLo(target, -4, at), at));
    }

    /** {@code sX rs2, symbol, rt}: auipc rt, then the store with rt as its base. */
    static void pcrelStore(Build b, OpTable.Row store) {
        Expr target = b.expr(1);
        int at = b.at(1), rt = b.reg(2);
        b.emit(MInsn.imm(row(Op.AUIPC), rt, 0, 0, new Expr.Reloc("pcrel_hi", target, at), at));
        b.emit(MInsn.imm(store, 0, rt, b.reg(0), new Expr.PcrelLo(target, -4, at), at));
    }

    /**
     * GNU as's {@code li}: a 12-bit value is one addi; a 32-bit value is lui and/or addiw; a
     * wider one is built recursively from its upper bits, shifted left by the number of trailing
     * zeros, plus its low 12 bits (tc-riscv.c, load_const).
     */
    static void li(Build b, int rd, long v) {
        if (v >= -2048 && v < 2048) {
            b.emit(MInsn.constant(row(Op.ADDI), rd, ZERO, v));
        } else {
            loadConst(b, rd, v);
        }
    }

    private static void loadConst(Build b, int rd, long v) {
        long lower = Evaluator.low12(v);
        long upper = v - lower;
        if (v != (int) v) {
            int shift = Long.numberOfTrailingZeros(upper);
            loadConst(b, rd, upper >> shift);
            b.emit(MInsn.constant(row(Op.SLLI), rd, rd, shift));
            if (lower != 0) b.emit(MInsn.constant(row(Op.ADDI), rd, rd, lower));
        } else {
            int hiReg = ZERO;
            if (upper != 0) {
                b.emit(MInsn.constant(row(Op.LUI), rd, 0, (upper >>> 12) & 0xfffff));
                hiReg = rd;
            }
            if (lower != 0 || hiReg == ZERO) b.emit(MInsn.constant(row(Op.ADDIW), rd, hiReg, lower));
        }
    }
}
