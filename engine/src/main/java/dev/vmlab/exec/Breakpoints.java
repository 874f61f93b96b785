package dev.vmlab.exec;

import dev.vmlab.isa.Insn;

import java.util.Arrays;
import java.util.Collection;

/**
 * Instruction addresses (virtual pcs) before which an engine must stop, for a debugger.
 *
 * <p>Engines run whole basic blocks, so a breakpoint inside a block must cut it short: before
 * running a block the engine asks {@link #stopIndex} how many of its instructions may run. A
 * block is straight-line code (a branch or jump ends it), so the pcs of its instructions are
 * known before it runs. With no breakpoints the engine holds null and pays one null check per
 * block, not per instruction.
 *
 * <p>A run that resumes from a breakpoint must execute the instruction there first:
 * {@link #resumeFrom} exempts that pc for the first block only.
 */
public final class Breakpoints {
    /** Sorted, flipped ({@code pc ^ Long.MIN_VALUE}) so signed order is unsigned order. */
    private final long[] keys;
    private long resume = -1;
    private boolean resumePending;

    public Breakpoints(Collection<Long> pcs) {
        this.keys = pcs.stream().mapToLong(pc -> pc ^ Long.MIN_VALUE).sorted().distinct().toArray();
    }

    public boolean contains(long pc) {
        return Arrays.binarySearch(keys, pc ^ Long.MIN_VALUE) >= 0;
    }

    /** The next run starts at {@code pc}: do not stop before the instruction there the first time. */
    public void resumeFrom(long pc) {
        resume = pc;
        resumePending = true;
    }

    /**
     * How many of the first {@code n} instructions of the block at {@code entry} may run before
     * a breakpoint: {@code n} when none is among them, 0 when the engine must stop now.
     */
    public int stopIndex(long entry, Insn[] insns, int n) {
        // Only the very first block of a run may start at the exempt pc: once anything else ran
        // (a block, or an interrupt moved the pc), the breakpoint there applies again.
        boolean exempt = resumePending && entry == resume;
        resumePending = false;
        // One search per block: the nearest breakpoint at or after the entry (after it, when
        // exempt) decides whether the block needs a closer look. Instructions are at most 4
        // bytes, so a breakpoint 4n bytes away or more is beyond the block.
        int i = Arrays.binarySearch(keys, (exempt ? entry + 1 : entry) ^ Long.MIN_VALUE);
        if (i < 0) i = -i - 1;
        if (i == keys.length || Long.compareUnsigned((keys[i] ^ Long.MIN_VALUE) - entry, 4L * n) >= 0) return n;
        long pc = entry;
        for (int k = 0; k < n; k++) {
            if (!(k == 0 && exempt) && contains(pc)) return k;
            pc += insns[k].length;
        }
        return n;
    }
}
