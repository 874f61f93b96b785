package dev.vmlab.exec;

import dev.vmlab.hart.Cause;
import dev.vmlab.hart.Csr;
import dev.vmlab.hart.Hart;
import dev.vmlab.hart.Trap;
import dev.vmlab.isa.Decoder;
import dev.vmlab.isa.Disassembler;
import dev.vmlab.isa.Insn;
import dev.vmlab.isa.Op;
import dev.vmlab.mem.Mmu;
import dev.vmlab.mem.PhysicalMemory;
import dev.vmlab.trace.TraceEvent;
import dev.vmlab.trace.Tracer;

import java.util.function.LongFunction;

/**
 * The interpreter: fetches pre-decoded instructions (cached per physical page) and executes
 * them with one {@code switch}. Each case reads like the spec: guards first, then the effect.
 * Any exception the instruction raises arrives here as a {@link Trap} and is taken at the
 * instruction's pc, which then does not retire.
 */
public final class Interpreter implements Engine {
    private final Hart h;
    private final Mmu mmu;
    private final PhysicalMemory mem;
    private final Disassembler disasm = new Disassembler(Csr::name);
    private LongFunction<String> symbolizer = pc -> null;

    private long until;
    private boolean waiting;

    // The page of the last fetch: its virtual page number and its decoded instructions.
    private long curVpn = -1;
    private Insn[] curPage;

    public Interpreter(Hart hart, Mmu mmu, PhysicalMemory mem) {
        this.h = hart;
        this.mmu = mmu;
        this.mem = mem;
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
    public void translationChanged() { curVpn = -1; }

    private Insn fetch(long pc) {
        if ((pc >>> 12) == curVpn) {
            Insn in = curPage[(int) (pc & 0xfff) >>> 1];
            if (in != null) return in;
        }
        return fetchSlow(pc);
    }

    private Insn fetchSlow(long pc) {
        long pageOff = mmu.fetchPageOffset(pc);
        Insn[] page = mem.codePage((int) (pageOff >>> 12));
        int slot = (int) (pc & 0xfff) >>> 1;
        int off = (int) (pageOff + (pc & 0xfff));
        int lo = mem.ramLoad16(off);
        Insn in;
        if (!Decoder.isFull(lo)) {
            in = Decoder.decode16(lo);
        } else if ((pc & 0xfff) == 0xffe) {
            // A 32-bit instruction straddling two pages: fetch the upper half through its own
            // translation (which may fault, with tval = pc + 2) and do not cache the result.
            int hi = mem.ramLoad16((int) mmu.fetchPageOffset(pc + 2));
            curVpn = -1;
            return Decoder.decode32(lo | (hi << 16));
        } else {
            in = Decoder.decode32(mem.ramLoad32(off));
        }
        page[slot] = in;
        // Reuse this page's translation for its other instructions only when the MMU allows it.
        curVpn = mmu.fetchTranslationReusable(pc) ? pc >>> 12 : -1;
        curPage = page;
        return in;
    }

    @Override
    public void execute(long limit) {
        until = limit;
        final Hart h = this.h;
        final long[] x = h.x;
        final Mmu mmu = this.mmu;
        final Tracer tracer = h.tracer;
        while (h.retired < until) {
            final long pc = h.pc;
            Insn in = null;
            try {
                in = fetch(pc);
                if (tracer.insn) traceInsn(tracer, in, pc);
                final int rd = in.rd;
                final long next = pc + in.length;
                switch (in.op) {
                    case Op.LUI -> x[rd] = in.imm;
                    case Op.AUIPC -> x[rd] = pc + in.imm;
                    case Op.JAL -> { x[rd] = next; h.pc = pc + in.imm; h.retired++; continue; }
                    case Op.JALR -> { long t = (x[in.rs1] + in.imm) & ~1L; x[rd] = next; h.pc = t; h.retired++; continue; }
                    case Op.BEQ -> { if (x[in.rs1] == x[in.rs2]) { h.pc = pc + in.imm; h.retired++; continue; } }
                    case Op.BNE -> { if (x[in.rs1] != x[in.rs2]) { h.pc = pc + in.imm; h.retired++; continue; } }
                    case Op.BLT -> { if (x[in.rs1] < x[in.rs2]) { h.pc = pc + in.imm; h.retired++; continue; } }
                    case Op.BGE -> { if (x[in.rs1] >= x[in.rs2]) { h.pc = pc + in.imm; h.retired++; continue; } }
                    case Op.BLTU -> { if (Long.compareUnsigned(x[in.rs1], x[in.rs2]) < 0) { h.pc = pc + in.imm; h.retired++; continue; } }
                    case Op.BGEU -> { if (Long.compareUnsigned(x[in.rs1], x[in.rs2]) >= 0) { h.pc = pc + in.imm; h.retired++; continue; } }
                    case Op.LB -> x[rd] = (byte) mmu.load8(x[in.rs1] + in.imm);
                    case Op.LH -> x[rd] = (short) mmu.load16(x[in.rs1] + in.imm);
                    case Op.LW -> x[rd] = (int) mmu.load32(x[in.rs1] + in.imm);
                    case Op.LD -> x[rd] = mmu.load64(x[in.rs1] + in.imm);
                    case Op.LBU -> x[rd] = mmu.load8(x[in.rs1] + in.imm);
                    case Op.LHU -> x[rd] = mmu.load16(x[in.rs1] + in.imm);
                    case Op.LWU -> x[rd] = mmu.load32(x[in.rs1] + in.imm) & 0xffffffffL;
                    case Op.SB -> mmu.store(x[in.rs1] + in.imm, 1, x[in.rs2]);
                    case Op.SH -> mmu.store(x[in.rs1] + in.imm, 2, x[in.rs2]);
                    case Op.SW -> mmu.store(x[in.rs1] + in.imm, 4, x[in.rs2]);
                    case Op.SD -> mmu.store(x[in.rs1] + in.imm, 8, x[in.rs2]);
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
                    case Op.DIV -> { long b = x[in.rs2]; x[rd] = b == 0 ? -1 : x[in.rs1] / b; }
                    case Op.DIVU -> { long b = x[in.rs2]; x[rd] = b == 0 ? -1 : Long.divideUnsigned(x[in.rs1], b); }
                    case Op.REM -> { long b = x[in.rs2]; x[rd] = b == 0 ? x[in.rs1] : x[in.rs1] % b; }
                    case Op.REMU -> { long b = x[in.rs2]; x[rd] = b == 0 ? x[in.rs1] : Long.remainderUnsigned(x[in.rs1], b); }
                    case Op.MULW -> x[rd] = (int) x[in.rs1] * (int) x[in.rs2];
                    case Op.DIVW -> { int b = (int) x[in.rs2]; x[rd] = b == 0 ? -1 : (int) x[in.rs1] / b; }
                    case Op.DIVUW -> { int b = (int) x[in.rs2]; x[rd] = b == 0 ? -1 : Integer.divideUnsigned((int) x[in.rs1], b); }
                    case Op.REMW -> { int b = (int) x[in.rs2]; x[rd] = b == 0 ? (int) x[in.rs1] : (int) x[in.rs1] % b; }
                    case Op.REMUW -> { int b = (int) x[in.rs2]; x[rd] = b == 0 ? (int) x[in.rs1] : Integer.remainderUnsigned((int) x[in.rs1], b); }
                    case Op.FENCE, Op.FENCE_I -> { } // one hart, and decoded code is kept coherent on every store
                    default -> { if (system(in, pc, x)) continue; }
                }
                h.pc = next;
                h.retired++;
            } catch (Trap t) {
                h.trap(false, t.cause, t.tval, pc);
            } catch (Hart.IllegalInstruction e) {
                h.trap(false, Cause.ILLEGAL_INSTRUCTION, in == null ? 0 : in.raw & 0xffffffffL, pc);
            }
        }
    }

    /**
     * The less frequent instructions: atomics, CSRs, and the privileged ones. Returns true when
     * the instruction set the pc and retired itself (mret, sret).
     */
    private boolean system(Insn in, long pc, long[] x) {
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
                h.retired++;
                h.mret();
                return true;
            }
            case Op.SRET -> {
                if (h.priv == Hart.U || (h.priv == Hart.S && (h.mstatus & Hart.TSR) != 0)) {
                    throw Hart.IllegalInstruction.INSTANCE;
                }
                h.retired++;
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
            case Op.SFENCE_VMA -> {
                if (h.priv == Hart.U || (h.priv == Hart.S && (h.mstatus & Hart.TVM) != 0)) {
                    throw Hart.IllegalInstruction.INSTANCE;
                }
                mmu.sfence(in.rs1 == 0, x[in.rs1], in.rs2 == 0, x[in.rs2] & 0xffff);
                curVpn = -1;
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
