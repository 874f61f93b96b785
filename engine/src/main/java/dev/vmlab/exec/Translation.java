package dev.vmlab.exec;

import dev.vmlab.hart.Hart;
import dev.vmlab.isa.Insn;
import dev.vmlab.mem.Mmu;

/**
 * A guest block compiled to JVM bytecode by {@link Translator}: the superclass of each
 * generated hidden class. {@link #run} executes the first {@link #length} instructions of the
 * block exactly as {@link Interpreter#runBlock} would, then sets h.pc and h.retired. Before
 * each instruction that can raise a trap it sets h.retired to that instruction's count, so the
 * caller can tell from h.retired which instruction faulted and take the trap at its pc.
 */
abstract class Translation {
    /** Instructions translated: the block's own, or a prefix when the block was too big. */
    int length;
    /** pc offset from the entry of each translated instruction, and of the one after the last. */
    int[] offsets;
    /** Bytes of bytecode of the generated class file (an upper bound of the method's code size). */
    int classBytes;

    /**
     * Runs the block entered at {@code entry} with {@code base} = h.retired on entry.
     * Throws {@link dev.vmlab.hart.Trap} or {@link Hart.IllegalInstruction} out of the
     * faulting instruction, with h.retired = base + its index.
     */
    abstract void run(Interpreter e, Hart h, Mmu mmu, long[] x, Insn[] insns, long entry, long base);
}
