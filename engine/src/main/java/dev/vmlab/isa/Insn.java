package dev.vmlab.isa;

/**
 * A decoded instruction. Fields are final and pre-extracted so the interpreter does no bit
 * work at run time. {@code rd} is the architectural destination, except that x0 is renamed to
 * the sink register 32: writes to it are discarded without a branch.
 */
public final class Insn {
    /** Index of the register that absorbs writes to x0. */
    public static final int SINK = 32;

    public final int op;
    public final int rd, rs1, rs2;
    /** Immediate, sign-extended; the CSR number for CSR instructions; shamt for shifts. */
    public final long imm;
    /** 2 for a compressed instruction, 4 otherwise. */
    public final int length;
    /** The raw encoding (16 bits for a compressed instruction). */
    public final int raw;
    /** The 32-bit equivalent of a compressed instruction (same as raw otherwise). */
    public final int expanded;

    public Insn(int op, int rd, int rs1, int rs2, long imm, int length, int raw, int expanded) {
        this.op = op;
        this.rd = rd == 0 ? SINK : rd;
        this.rs1 = rs1;
        this.rs2 = rs2;
        this.imm = imm;
        this.length = length;
        this.raw = raw;
        this.expanded = expanded;
    }

    /** Architectural rd (0 when the destination is x0). */
    public int archRd() { return rd == SINK ? 0 : rd; }
}
