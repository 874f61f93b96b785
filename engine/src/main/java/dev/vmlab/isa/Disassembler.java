package dev.vmlab.isa;

import java.util.function.IntFunction;

/**
 * Turns a decoded instruction into text in the GNU style ({@code addi sp, sp, -16}). Branch and
 * jump targets are printed as absolute addresses, since the pc is known. CSR names come from
 * a lookup the caller supplies (the hart knows them).
 */
public final class Disassembler {
    public static final String[] ABI = {
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
        "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};

    private final IntFunction<String> csrName;

    public Disassembler(IntFunction<String> csrName) {
        this.csrName = csrName;
    }

    public String format(Insn in, long pc) {
        if (in.op == Op.ILLEGAL) {
            return in.length == 2 ? String.format("unimp (0x%04x)", in.raw) : String.format(".word 0x%08x", in.raw);
        }
        OpTable.Row row = OpTable.row(in.op);
        String m = (in.length == 2 ? "c." : "") + row.mnemonic();
        int w = in.expanded;
        String rd = ABI[(w >>> 7) & 31], rs1 = ABI[in.rs1], rs2 = ABI[in.rs2];
        return switch (row.format()) {
            case R -> m + " " + rd + ", " + rs1 + ", " + rs2;
            case I -> m + " " + rd + ", " + rs1 + ", " + in.imm;
            case SHIFT -> m + " " + rd + ", " + rs1 + ", " + in.imm;
            case LOAD, JALR -> m + " " + rd + ", " + in.imm + "(" + rs1 + ")";
            case STORE -> m + " " + rs2 + ", " + in.imm + "(" + rs1 + ")";
            case BRANCH -> m + " " + rs1 + ", " + rs2 + ", " + hex(pc + in.imm);
            case U -> m + " " + rd + ", " + hex((in.imm >>> 12) & 0xfffff);
            case JUMP -> m + " " + rd + ", " + hex(pc + in.imm);
            case CSR -> m + " " + rd + ", " + csrName.apply((int) in.imm) + ", " + rs1;
            case CSRI -> m + " " + rd + ", " + csrName.apply((int) in.imm) + ", " + in.rs1;
            case AMO -> m + aqrl(w) + " " + rd + ", " + rs2 + ", (" + rs1 + ")";
            case LR -> m + aqrl(w) + " " + rd + ", (" + rs1 + ")";
            case FENCE -> m + " " + fenceSet((int) (in.imm >>> 4)) + ", " + fenceSet((int) (in.imm & 15));
            case SFENCE -> m + " " + rs1 + ", " + rs2;
            case HLV -> m + " " + rd + ", (" + rs1 + ")";
            case HSV -> m + " " + rs2 + ", (" + rs1 + ")";
            case NONE -> m;
        };
    }

    private static String aqrl(int w) {
        boolean aq = ((w >>> 26) & 1) != 0, rl = ((w >>> 25) & 1) != 0;
        return aq && rl ? ".aqrl" : aq ? ".aq" : rl ? ".rl" : "";   // GNU spelling, so the text reassembles
    }

    private static String fenceSet(int bits) {
        StringBuilder b = new StringBuilder();
        if ((bits & 8) != 0) b.append('i');
        if ((bits & 4) != 0) b.append('o');
        if ((bits & 2) != 0) b.append('r');
        if ((bits & 1) != 0) b.append('w');
        return b.length() == 0 ? "0" : b.toString();
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
