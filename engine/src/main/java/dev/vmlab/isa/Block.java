package dev.vmlab.isa;

/**
 * A basic block: decoded instructions that run in sequence, from an entry point up to and
 * including the first instruction that can change the pc or the privileged state (a branch,
 * jump, CSR access, trap-raising or privileged instruction), the end of the page, or
 * {@link #MAX} instructions. The interpreter executes a block without looking instructions up
 * one by one; the translator of a later engine compiles one.
 */
public final class Block {
    public static final int MAX = 64;

    public final Insn[] insns;
    /** Bytes the block covers, from its entry point. */
    public final int bytes;

    /**
     * Engine state riding on the block, so it is dropped exactly when the decoded block is
     * (a store over its bytes, a reset): how often the dbt engine entered the block, and its
     * translation once hot (an {@code exec.Translation}; Object keeps isa free of exec).
     */
    public int heat;
    public Object translation;

    public Block(Insn[] insns, int bytes) {
        this.insns = insns;
        this.bytes = bytes;
    }

    /** True for instructions that end a block. */
    public static boolean ends(Insn in) {
        int op = in.op;
        return op == Op.ILLEGAL || op == Op.JAL || op == Op.JALR || (op >= Op.BEQ && op <= Op.BGEU)
            || (op >= Op.FENCE_I && op <= Op.CSRRCI) || op >= Op.HFENCE_VVMA;
    }
}
