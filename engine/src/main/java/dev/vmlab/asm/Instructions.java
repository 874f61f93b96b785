package dev.vmlab.asm;

import dev.vmlab.isa.Format;
import dev.vmlab.isa.Op;
import dev.vmlab.isa.OpTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every mnemonic the assembler knows and its forms. Real instructions come from the rows of
 * {@link OpTable} (so adding a row there adds an instruction here), with the operand forms
 * their {@link Format} implies plus the short forms GNU as accepts ({@code jal target},
 * {@code jalr rs}, {@code add rd, rs1, imm}, ...). Pseudo-instructions are listed in
 * {@link Pseudo}.
 */
final class Instructions {
    static final int ZERO = 0, RA = 1, T1 = 6;
    static final int AQ = 1 << 26, RL = 1 << 25;

    private static final Map<String, List<Form>> FORMS = new LinkedHashMap<>();

    static {
        for (OpTable.Row r : OpTable.rows()) real(r);
        immediateAliases();
        Pseudo.addAll();
    }

    private Instructions() {}

    static void add(String mnemonic, String signature, Form.Builder builder) {
        FORMS.computeIfAbsent(mnemonic, k -> new ArrayList<>()).add(Form.of(signature, builder));
    }

    static OpTable.Row row(int op) {
        return OpTable.row(op);
    }

    /** The forms of a mnemonic (lower case), or null when it is not an instruction. */
    static List<Form> forms(String mnemonic) {
        return FORMS.get(mnemonic);
    }

    static Set<String> mnemonics() {
        return Collections.unmodifiableSet(FORMS.keySet());
    }

    private static void real(OpTable.Row r) {
        String m = r.mnemonic();
        switch (r.format()) {
            case R -> add(m, "rd, rs1, rs2", b -> b.emit(MInsn.of(r, b.reg(0), b.reg(1), b.reg(2))));
            case I, SHIFT -> add(m, r.format() == Format.I ? "rd, rs1, imm" : "rd, rs1, shamt",
                b -> b.emit(MInsn.imm(r, b.reg(0), b.reg(1), 0, b.expr(2), b.at(2))));
            case LOAD -> {
                add(m, "rd, offset(rs1)", b -> b.emit(MInsn.imm(r, b.reg(0), b.memReg(1), 0, b.memOffset(1), b.at(1))));
                // GNU's "load from a symbol" (compilers emit it with -mcmodel=medany): auipc into rd, then the load.
                add(m, "rd, symbol", b -> Pseudo.pcrel(b, 1, b.reg(0), r, b.reg(0)));
            }
            case STORE -> {
                add(m, "rs2, offset(rs1)", b -> b.emit(MInsn.imm(r, 0, b.memReg(1), b.reg(0), b.memOffset(1), b.at(1))));
                // "sd rs2, symbol, rt": the address is built in the scratch register rt.
                add(m, "rs2, symbol, rt", b -> Pseudo.pcrelStore(b, r));
            }
            case BRANCH -> add(m, "rs1, rs2, target", b -> b.emit(MInsn.imm(r, 0, b.reg(0), b.reg(1), b.expr(2), b.at(2))));
            case U -> add(m, "rd, imm", b -> b.emit(MInsn.imm(r, b.reg(0), 0, 0, b.expr(1), b.at(1))));
            case JUMP -> {
                add(m, "rd, target", b -> b.emit(MInsn.imm(r, b.reg(0), 0, 0, b.expr(1), b.at(1))));
                add(m, "target", b -> b.emit(MInsn.imm(r, RA, 0, 0, b.expr(0), b.at(0))));
            }
            case JALR -> jalr(r);
            case CSR -> {
                add(m, "rd, csr, rs1", b -> b.emit(csr(r, b.reg(0), b, 1, b.reg(2), null, 0)));
                // GNU as picks the immediate variant when the source operand is a number.
                OpTable.Row imm = row(r.op() + (Op.CSRRWI - Op.CSRRW));
                add(m, "rd, csr, uimm", b -> b.emit(csr(imm, b.reg(0), b, 1, 0, b.expr(2), b.at(2))));
            }
            case CSRI -> add(m, "rd, csr, uimm", b -> b.emit(csr(r, b.reg(0), b, 1, 0, b.expr(2), b.at(2))));
            case AMO -> orderings(m, r, "rd, rs2, (rs1)", (b, bits) -> b.emit(
                new MInsn(r, b.reg(0), b.memReg(2), b.reg(1), null, 0, null, 0, bits)));
            case LR -> orderings(m, r, "rd, (rs1)", (b, bits) -> b.emit(
                new MInsn(r, b.reg(0), b.memReg(1), 0, null, 0, null, 0, bits)));
            case FENCE -> {
                add(m, "pred, succ", b -> b.emit(fence(r, 0, b.fence(0), b.fence(1))));
                add(m, "", b -> b.emit(fence(r, 0, 0xf, 0xf)));
            }
            case NONE -> add(m, "", b -> b.emit(MInsn.of(r, 0, 0, 0)));
            case SFENCE -> {
                add(m, "rs1, rs2", b -> b.emit(MInsn.of(r, 0, b.reg(0), b.reg(1))));
                add(m, "rs1", b -> b.emit(MInsn.of(r, 0, b.reg(0), 0)));
                add(m, "", b -> b.emit(MInsn.of(r, 0, 0, 0)));
            }
            case HLV -> add(m, "rd, (rs1)", b -> b.emit(MInsn.of(r, b.reg(0), b.memReg(1), 0)));
            case HSV -> add(m, "rs2, (rs1)", b -> b.emit(MInsn.of(r, 0, b.memReg(1), b.reg(0))));
        }
    }

    /** The six ways GNU as accepts jalr; rd defaults to ra, the offset to 0. */
    private static void jalr(OpTable.Row r) {
        add("jalr", "rs", b -> b.emit(MInsn.constant(r, RA, b.reg(0), 0)));
        add("jalr", "offset(rs1)", b -> b.emit(MInsn.imm(r, RA, b.memReg(0), 0, b.memOffset(0), b.at(0))));
        add("jalr", "rs, imm", b -> b.emit(MInsn.imm(r, RA, b.reg(0), 0, b.expr(1), b.at(1))));
        add("jalr", "rd, rs", b -> b.emit(MInsn.constant(r, b.reg(0), b.reg(1), 0)));
        add("jalr", "rd, offset(rs1)", b -> b.emit(MInsn.imm(r, b.reg(0), b.memReg(1), 0, b.memOffset(1), b.at(1))));
        add("jalr", "rd, rs, imm", b -> b.emit(MInsn.imm(r, b.reg(0), b.reg(1), 0, b.expr(2), b.at(2))));
    }

    /** {@code add rd, rs1, imm} means {@code addi}, and so on, as in GNU as. */
    private static void immediateAliases() {
        int[][] pairs = {{Op.ADD, Op.ADDI}, {Op.AND, Op.ANDI}, {Op.OR, Op.ORI}, {Op.XOR, Op.XORI}, {Op.SLT, Op.SLTI},
            {Op.SLTU, Op.SLTIU}, {Op.SLL, Op.SLLI}, {Op.SRL, Op.SRLI}, {Op.SRA, Op.SRAI}, {Op.ADDW, Op.ADDIW},
            {Op.SLLW, Op.SLLIW}, {Op.SRLW, Op.SRLIW}, {Op.SRAW, Op.SRAIW}};
        for (int[] p : pairs) {
            OpTable.Row imm = row(p[1]);
            add(row(p[0]).mnemonic(), "rd, rs1, imm", b -> b.emit(MInsn.imm(imm, b.reg(0), b.reg(1), 0, b.expr(2), b.at(2))));
        }
    }

    interface Ordered {
        void build(Build b, int bits);
    }

    /** An atomic and its {@code .aq}, {@code .rl} and {@code .aqrl} variants. */
    private static void orderings(String m, OpTable.Row r, String signature, Ordered builder) {
        add(m, signature, b -> builder.build(b, 0));
        add(m + ".aq", signature, b -> builder.build(b, AQ));
        add(m + ".rl", signature, b -> builder.build(b, RL));
        add(m + ".aqrl", signature, b -> builder.build(b, AQ | RL));
    }

    static MInsn csr(OpTable.Row r, int rd, Build b, int csrOperand, int rs1, Expr uimm, int uimmAt) {
        return new MInsn(r, rd, rs1, 0, uimm, uimmAt, b.csr(csrOperand), b.at(csrOperand), 0);
    }

    /** A fence with mode {@code fm} and the given predecessor and successor sets (bits i o r w). */
    static MInsn fence(OpTable.Row r, int fm, int pred, int succ) {
        return new MInsn(r, 0, 0, 0, null, 0, null, 0, fm << 28 | pred << 24 | succ << 20);
    }
}
