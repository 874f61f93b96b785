package dev.vmlab.exec;

import dev.vmlab.hart.Cause;
import dev.vmlab.hart.Hart;
import dev.vmlab.hart.Trap;
import dev.vmlab.isa.Block;
import dev.vmlab.mem.Mmu;
import dev.vmlab.mem.PhysicalMemory;

/**
 * The dynamic binary translator: interprets a block until it has run {@link #HOT} times, then
 * runs its JVM-bytecode translation ({@link Translator}). Blocks come from the interpreter's
 * own {@link BlockCache}, and a translation is stored on its block, so it is looked up and
 * dropped exactly as the decoded block is. Whatever the translation cannot do exactly (a block
 * the budget ends inside, instruction tracing) the interpreter does, so the guest sees the
 * same machine under both engines.
 */
public final class DbtEngine implements Engine {
    /**
     * Entries into a block before it is translated: cold code is not worth compiling. The
     * system property {@code vmlab.dbt.hot} overrides it (tests use 1 to translate everything).
     */
    public static final int HOT = Math.max(1, Integer.getInteger("vmlab.dbt.hot", 50));

    private final Hart h;
    private final Mmu mmu;
    private final Interpreter interp;
    private final BlockCache cache;
    private final Translator translator = new Translator();

    /** Statistics: blocks translated, entries into translated and interpreted blocks, translation time. */
    public long blocksTranslated, translatedRuns, interpretedRuns, translateNanos, translatedInsns;

    public DbtEngine(Hart hart, Mmu mmu, PhysicalMemory mem) {
        this.h = hart;
        this.mmu = mmu;
        this.interp = new Interpreter(hart, mmu, mem);
        this.cache = interp.cache();
    }

    /** The interpreter this engine falls back to (it also holds the run budget). */
    public Interpreter interpreter() { return interp; }

    @Override
    public void setBreakpoints(Breakpoints b, Runnable onHit) {
        interp.setBreakpoints(b, onHit); // with breakpoints set, execute() runs the interpreter
    }

    @Override
    public String name() { return "dbt"; }

    @Override
    public void requestExit() { interp.requestExit(); }

    @Override
    public boolean waitingForInterrupt() { return interp.waitingForInterrupt(); }

    @Override
    public void clearWaiting() { interp.clearWaiting(); }

    @Override
    public void translationChanged() { interp.translationChanged(); }

    @Override
    public void execute(long limit) {
        // Per-instruction events, and breakpoints that may sit inside a block: the interpreter.
        if (h.tracer.insn || h.tracer.mmio || interp.hasBreakpoints()) {
            interp.execute(limit);
            return;
        }
        final Interpreter interp = this.interp;
        final Hart h = this.h;
        final long[] x = h.x;
        interp.until = limit;
        while (h.retired < interp.until) {
            final long entry = h.pc;
            Block b;
            try {
                b = cache.block(entry);
            } catch (Trap t) {
                h.trap(false, t.cause, t.tval, entry);
                continue;
            }
            Translation t = (Translation) b.translation;
            if (t == null && ++b.heat >= HOT) t = translate(b);
            // A block the budget ends inside is interpreted: it stops at the exact instruction.
            if (t == null || interp.until - h.retired < t.length) {
                interpretedRuns++;
                interp.runBlock(b, entry);
                continue;
            }
            translatedRuns++;
            final long base = h.retired;
            try {
                t.run(interp, h, mmu, x, b.insns, entry, base);
            } catch (Trap e) {
                // h.retired was set to the faulting instruction's count before it ran.
                int i = (int) (h.retired - base);
                h.trap(false, e.cause, e.tval, entry + t.offsets[i]);
            } catch (Hart.IllegalInstruction e) {
                int i = (int) (h.retired - base);
                h.trap(false, Cause.ILLEGAL_INSTRUCTION, b.insns[i].raw & 0xffffffffL, entry + t.offsets[i]);
            }
        }
    }

    private Translation translate(Block b) {
        long t0 = System.nanoTime();
        Translation t = translator.translate(b);
        translateNanos += System.nanoTime() - t0;
        blocksTranslated++;
        translatedInsns += t.length;
        b.translation = t;
        return t;
    }
}
