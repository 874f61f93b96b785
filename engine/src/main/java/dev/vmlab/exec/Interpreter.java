package dev.vmlab.exec;

import dev.vmlab.hart.Cause;
import dev.vmlab.hart.Csr;
import dev.vmlab.hart.Hart;
import dev.vmlab.hart.Trap;
import dev.vmlab.isa.Block;
import dev.vmlab.isa.Disassembler;
import dev.vmlab.isa.Insn;
import dev.vmlab.isa.Op;
import dev.vmlab.mem.Mmu;
import dev.vmlab.mem.PhysicalMemory;
import dev.vmlab.trace.TraceEvent;
import dev.vmlab.trace.Tracer;

import java.util.function.LongFunction;

/**
 * The interpreter: runs basic blocks of pre-decoded instructions (cached per physical page),
 * each instruction through one {@code switch}. Each case reads like the spec: guards first, then the effect.
 * Any exception the instruction raises arrives here as a {@link Trap} and is taken at the
 * instruction's pc, which then does not retire.
 */
public final class Interpreter implements Engine {
    private final Hart h;
    private final Mmu mmu;
    private final PhysicalMemory mem;
    private final Disassembler disasm = new Disassembler(Csr::name);
    private LongFunction<String> symbolizer = pc -> null;

    /** The budget: runs stop when h.retired reaches it; 0 asks the running block to stop. Read by translated code. */
    long until;
    private Breakpoints breakpoints;
    private Runnable onBreakpoint = () -> {};
    private boolean waiting;
    private final BlockCache cache;

    public Interpreter(Hart hart, Mmu mmu, PhysicalMemory mem) {
        this.h = hart;
        this.mmu = mmu;
        this.mem = mem;
        this.cache = new BlockCache(mmu, mem);
    }

    @Override
    public String name() { return "interp"; }

    public void setSymbolizer(LongFunction<String> s) { this.symbolizer = s; }

    @Override
    public void requestExit() { until = 0; }

    @Override
    public boolean waitingForInterrupt() { return waiting; }

    @Override
    public void clearWaiting() { waiting = false; }

    @Override
    public void translationChanged() { cache.forget(); }

    /** The decoded-block cache, shared with the translator. */
    public BlockCache cache() { return cache; }

    @Override
    public void setBreakpoints(Breakpoints b, Runnable onHit) {
        breakpoints = b;
        onBreakpoint = onHit;
    }

    boolean hasBreakpoints() { return breakpoints != null; }

    @Override
    public void execute(long limit) {
        until = limit;
        final Hart h = this.h;
        final Tracer tracer = h.tracer;
        final boolean traceInsn = tracer.insn;
        // Instruction and device traces want each event's own pc and count: one instruction per block.
        final boolean single = traceInsn || tracer.mmio;
        while (h.retired < until) {
            final long entry = h.pc;
            Block b;
            try {
                // Traced runs go one instruction at a time, so the inner loop carries no check.
                b = single ? cache.blockSlow(entry, true) : cache.block(entry);
            } catch (Trap t) {
                h.trap(false, t.cause, t.tval, entry);
                continue;
            }
            int n = (int) Math.min(b.insns.length, until - h.retired);
            if (breakpoints != null) {
                // Run only up to the first breakpoint in the block; at its entry, stop now.
                n = breakpoints.stopIndex(entry, b.insns, n);
                if (n == 0) {
                    until = 0;
                    onBreakpoint.run();
                    break;
                }
            }
            if (traceInsn) traceInsn(tracer, b.insns[0], entry);
            runBlock(b, entry, n);
        }
    }

    /**
     * Runs block {@code b}, entered at {@code entry} (= h.pc), up to the budget: whole unless
     * the budget ends inside it. Takes any trap an instruction raises. The dbt engine calls this
     * for blocks it has not translated.
     */
    void runBlock(Block b, long entry) {
        // Run the whole block unless the budget ends inside it; instret stays exact because
        // the machine's next event (timer deadline, device poll) sets the budget.
        runBlock(b, entry, (int) Math.min(b.insns.length, until - h.retired));
    }

    /** Runs the first {@code n} instructions of block {@code b} (fewer if one leaves the block). */
    private void runBlock(Block b, long entry, int n) {
        final Hart h = this.h;
        final long[] x = h.x;
        final Mmu mmu = this.mmu;
        final Insn[] insns = b.insns;
        final long base = h.retired;
        long pc = entry;
        int i = 0;
        Insn in = null;
        try {
            run:
            for (; i < n; i++) {
                in = insns[i];
                final int rd = in.rd;
                switch (in.op) {
                    case Op.LUI -> x[rd] = in.imm;
                    case Op.AUIPC -> x[rd] = pc + in.imm;
                    case Op.JAL -> { x[rd] = pc + in.length; pc += in.imm; continue; }
                    case Op.JALR -> { long t = (x[in.rs1] + in.imm) & ~1L; x[rd] = pc + in.length; pc = t; continue; }
                    case Op.BEQ -> { if (x[in.rs1] == x[in.rs2]) { pc += in.imm; continue; } }
                    case Op.BNE -> { if (x[in.rs1] != x[in.rs2]) { pc += in.imm; continue; } }
                    case Op.BLT -> { if (x[in.rs1] < x[in.rs2]) { pc += in.imm; continue; } }
                    case Op.BGE -> { if (x[in.rs1] >= x[in.rs2]) { pc += in.imm; continue; } }
                    case Op.BLTU -> { if (Long.compareUnsigned(x[in.rs1], x[in.rs2]) < 0) { pc += in.imm; continue; } }
                    case Op.BGEU -> { if (Long.compareUnsigned(x[in.rs1], x[in.rs2]) >= 0) { pc += in.imm; continue; } }
                    case Op.LB -> { h.retired = base + i; x[rd] = (byte) mmu.load8(x[in.rs1] + in.imm); }
                    case Op.LH -> { h.retired = base + i; x[rd] = (short) mmu.load16(x[in.rs1] + in.imm); }
                    case Op.LW -> { h.retired = base + i; x[rd] = (int) mmu.load32(x[in.rs1] + in.imm); }
                    case Op.LD -> { h.retired = base + i; x[rd] = mmu.load64(x[in.rs1] + in.imm); }
                    case Op.LBU -> { h.retired = base + i; x[rd] = mmu.load8(x[in.rs1] + in.imm); }
                    case Op.LHU -> { h.retired = base + i; x[rd] = mmu.load16(x[in.rs1] + in.imm); }
                    case Op.LWU -> { h.retired = base + i; x[rd] = mmu.load32(x[in.rs1] + in.imm) & 0xffffffffL; }
                    case Op.SB -> { h.retired = base + i; mmu.store(x[in.rs1] + in.imm, 1, x[in.rs2]); if (until == 0) { i++; pc += in.length; break run; } }
                    case Op.SH -> { h.retired = base + i; mmu.store(x[in.rs1] + in.imm, 2, x[in.rs2]); if (until == 0) { i++; pc += in.length; break run; } }
                    case Op.SW -> { h.retired = base + i; mmu.store(x[in.rs1] + in.imm, 4, x[in.rs2]); if (until == 0) { i++; pc += in.length; break run; } }
                    case Op.SD -> { h.retired = base + i; mmu.store(x[in.rs1] + in.imm, 8, x[in.rs2]); if (until == 0) { i++; pc += in.length; break run; } }
                    case Op.ADDI -> x[rd] = x[in.rs1] + in.imm;
                    case Op.SLTI -> x[rd] = x[in.rs1] < in.imm ? 1 : 0;
                    case Op.SLTIU -> x[rd] = Long.compareUnsigned(x[in.rs1], in.imm) < 0 ? 1 : 0;
                    case Op.XORI -> x[rd] = x[in.rs1] ^ in.imm;
                    case Op.ORI -> x[rd] = x[in.rs1] | in.imm;
                    case Op.ANDI -> x[rd] = x[in.rs1] & in.imm;
                    case Op.SLLI -> x[rd] = x[in.rs1] << in.imm;
                    case Op.SRLI -> x[rd] = x[in.rs1] >>> in.imm;
                    case Op.SRAI -> x[rd] = x[in.rs1] >> in.imm;
                    case Op.ADD -> x[rd] = x[in.rs1] + x[in.rs2];
                    case Op.SUB -> x[rd] = x[in.rs1] - x[in.rs2];
                    case Op.SLL -> x[rd] = x[in.rs1] << x[in.rs2];
                    case Op.SLT -> x[rd] = x[in.rs1] < x[in.rs2] ? 1 : 0;
                    case Op.SLTU -> x[rd] = Long.compareUnsigned(x[in.rs1], x[in.rs2]) < 0 ? 1 : 0;
                    case Op.XOR -> x[rd] = x[in.rs1] ^ x[in.rs2];
                    case Op.SRL -> x[rd] = x[in.rs1] >>> x[in.rs2];
                    case Op.SRA -> x[rd] = x[in.rs1] >> x[in.rs2];
                    case Op.OR -> x[rd] = x[in.rs1] | x[in.rs2];
                    case Op.AND -> x[rd] = x[in.rs1] & x[in.rs2];
                    case Op.ADDIW -> x[rd] = (int) (x[in.rs1] + in.imm);
                    case Op.SLLIW -> x[rd] = (int) x[in.rs1] << in.imm;
                    case Op.SRLIW -> x[rd] = (int) x[in.rs1] >>> in.imm;
                    case Op.SRAIW -> x[rd] = (int) x[in.rs1] >> in.imm;
                    case Op.ADDW -> x[rd] = (int) (x[in.rs1] + x[in.rs2]);
                    case Op.SUBW -> x[rd] = (int) (x[in.rs1] - x[in.rs2]);
                    case Op.SLLW -> x[rd] = (int) x[in.rs1] << (int) x[in.rs2];
                    case Op.SRLW -> x[rd] = (int) x[in.rs1] >>> (int) x[in.rs2];
                    case Op.SRAW -> x[rd] = (int) x[in.rs1] >> (int) x[in.rs2];
                    case Op.MUL -> x[rd] = x[in.rs1] * x[in.rs2];
                    case Op.MULH -> x[rd] = Math.multiplyHigh(x[in.rs1], x[in.rs2]);
                    case Op.MULHSU -> x[rd] = mulhsu(x[in.rs1], x[in.rs2]);
                    case Op.MULHU -> x[rd] = mulhu(x[in.rs1], x[in.rs2]);
                    case Op.DIV -> { long d = x[in.rs2]; x[rd] = d == 0 ? -1 : x[in.rs1] / d; }
                    case Op.DIVU -> { long d = x[in.rs2]; x[rd] = d == 0 ? -1 : Long.divideUnsigned(x[in.rs1], d); }
                    case Op.REM -> { long d = x[in.rs2]; x[rd] = d == 0 ? x[in.rs1] : x[in.rs1] % d; }
                    case Op.REMU -> { long d = x[in.rs2]; x[rd] = d == 0 ? x[in.rs1] : Long.remainderUnsigned(x[in.rs1], d); }
                    case Op.MULW -> x[rd] = (int) x[in.rs1] * (int) x[in.rs2];
                    case Op.DIVW -> { int d = (int) x[in.rs2]; x[rd] = d == 0 ? -1 : (int) x[in.rs1] / d; }
                    case Op.DIVUW -> { int d = (int) x[in.rs2]; x[rd] = d == 0 ? -1 : Integer.divideUnsigned((int) x[in.rs1], d); }
                    case Op.REMW -> { int d = (int) x[in.rs2]; x[rd] = d == 0 ? (int) x[in.rs1] : (int) x[in.rs1] % d; }
                    case Op.REMUW -> { int d = (int) x[in.rs2]; x[rd] = d == 0 ? (int) x[in.rs1] : Integer.remainderUnsigned((int) x[in.rs1], d); }
                    case Op.FENCE -> { } // one hart: memory is always coherent
                    default -> {
                        h.retired = base + i;
                        h.pc = pc;
                        if (system(in, pc, x)) { i++; pc = h.pc; break run; } // mret/sret set pc and privilege
                        if (until == 0) { i++; pc += in.length; break run; } // e.g. an AMO overwrote this block
                    }
                }
                pc += in.length;
            }
            h.retired = base + i;
            h.pc = pc;
        } catch (Trap t) {
            h.retired = base + i;
            h.trap(false, t.cause, t.tval, pc);
        } catch (Hart.IllegalInstruction e) {
            h.retired = base + i;
            h.trap(false, Cause.ILLEGAL_INSTRUCTION, in.raw & 0xffffffffL, pc);
        }
    }

    /**
     * The less frequent instructions: atomics, CSRs, and the privileged ones. Returns true when
     * the instruction set the pc itself (mret, sret).
     */
    boolean system(Insn in, long pc, long[] x) {
        final int rd = in.rd;
        switch (in.op) {
            case Op.LR_W, Op.LR_D -> {
                int size = in.op == Op.LR_W ? 4 : 8;
                int off = mmu.atomicOffset(x[in.rs1], size, true);
                x[rd] = size == 4 ? mem.ramLoad32(off) : mem.ramLoad64(off);
                h.reservation = off;
            }
            case Op.SC_W, Op.SC_D -> {
                int size = in.op == Op.SC_W ? 4 : 8;
                int off = mmu.atomicOffset(x[in.rs1], size, false);
                boolean ok = h.reservation == off;
                h.reservation = -1;
                if (ok) {
                    mem.ramStore(off, size, x[in.rs2]);
                    mmu.afterAtomicStore(off, size);
                }
                x[rd] = ok ? 0 : 1;
            }
            case Op.AMOSWAP_W, Op.AMOADD_W, Op.AMOXOR_W, Op.AMOAND_W, Op.AMOOR_W, Op.AMOMIN_W, Op.AMOMAX_W,
                 Op.AMOMINU_W, Op.AMOMAXU_W -> {
                int off = mmu.atomicOffset(x[in.rs1], 4, false);
                long old = mem.ramLoad32(off);
                long v = amo(in.op - Op.AMOSWAP_W, old, (int) x[in.rs2], true);
                mem.ramStore(off, 4, v);
                mmu.afterAtomicStore(off, 4);
                x[rd] = old;
            }
            case Op.AMOSWAP_D, Op.AMOADD_D, Op.AMOXOR_D, Op.AMOAND_D, Op.AMOOR_D, Op.AMOMIN_D, Op.AMOMAX_D,
                 Op.AMOMINU_D, Op.AMOMAXU_D -> {
                int off = mmu.atomicOffset(x[in.rs1], 8, false);
                long old = mem.ramLoad64(off);
                mem.ramStore(off, 8, amo(in.op - Op.AMOSWAP_D, old, x[in.rs2], false));
                mmu.afterAtomicStore(off, 8);
                x[rd] = old;
            }
            case Op.CSRRW, Op.CSRRWI -> {
                int csr = (int) in.imm;
                long src = in.op == Op.CSRRW ? x[in.rs1] : in.rs1;
                h.checkAccess(csr, true);
                long old = rd == Insn.SINK ? 0 : h.readCsr(csr); // rd = x0: the CSR is not read
                h.writeCsr(csr, src);
                x[rd] = old;
            }
            case Op.CSRRS, Op.CSRRC, Op.CSRRSI, Op.CSRRCI -> {
                int csr = (int) in.imm;
                boolean imm = in.op == Op.CSRRSI || in.op == Op.CSRRCI;
                long src = imm ? in.rs1 : x[in.rs1];
                boolean write = in.rs1 != 0; // rs1 = x0 / uimm = 0: the CSR is not written
                h.checkAccess(csr, write);
                long old = h.readCsr(csr);
                if (write) h.writeCsr(csr, in.op == Op.CSRRS || in.op == Op.CSRRSI ? old | src : old & ~src);
                x[rd] = old;
            }
            case Op.ECALL -> throw new Trap(Cause.ECALL_U + h.priv, 0);
            case Op.EBREAK -> throw new Trap(Cause.BREAKPOINT, pc);
            case Op.MRET -> {
                if (h.priv != Hart.M) throw Hart.IllegalInstruction.INSTANCE;
                h.mret();
                return true;
            }
            case Op.SRET -> {
                if (h.priv == Hart.U || (h.priv == Hart.S && (h.mstatus & Hart.TSR) != 0)) {
                    throw Hart.IllegalInstruction.INSTANCE;
                }
                h.sret();
                return true;
            }
            case Op.WFI -> {
                if (h.priv == Hart.U || (h.priv == Hart.S && (h.mstatus & Hart.TW) != 0)) {
                    throw Hart.IllegalInstruction.INSTANCE;
                }
                if (!h.wfiWake()) {
                    waiting = true;
                    until = 0;
                }
            }
            case Op.FENCE_I -> { } // decoded code is dropped whenever its bytes are written
            case Op.SFENCE_VMA -> {
                if (h.priv == Hart.U || (h.priv == Hart.S && (h.mstatus & Hart.TVM) != 0)) {
                    throw Hart.IllegalInstruction.INSTANCE;
                }
                mmu.sfence(in.rs1 == 0, x[in.rs1], in.rs2 == 0, x[in.rs2] & 0xffff);
                cache.forget();
            }
            default -> throw Hart.IllegalInstruction.INSTANCE;
        }
        return false;
    }

    private static long amo(int kind, long old, long src, boolean word) {
        long r = switch (kind) {
            case 0 -> src;
            case 1 -> old + src;
            case 2 -> old ^ src;
            case 3 -> old & src;
            case 4 -> old | src;
            case 5 -> Math.min(old, src);
            case 6 -> Math.max(old, src);
            case 7 -> word ? (Integer.compareUnsigned((int) old, (int) src) <= 0 ? old : src)
                           : (Long.compareUnsigned(old, src) <= 0 ? old : src);
            default -> word ? (Integer.compareUnsigned((int) old, (int) src) >= 0 ? old : src)
                            : (Long.compareUnsigned(old, src) >= 0 ? old : src);
        };
        return r;
    }

    static long mulhu(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    static long mulhsu(long a, long b) {
        return Math.multiplyHigh(a, b) + ((b >> 63) & a);
    }

    private void traceInsn(Tracer t, Insn in, long pc) {
        if (!t.pcSelected(pc)) return;
        t.emit(new TraceEvent.Insn(h.vm, h.hartId, h.retired, pc, in.raw, in.length, TraceEvent.Privilege.of(h.priv),
            disasm.format(in, pc), symbolizer.apply(pc)));
    }
}
