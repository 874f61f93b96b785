package dev.vmlab.exec;

import static org.objectweb.asm.Opcodes.*;

import dev.vmlab.isa.Block;
import dev.vmlab.isa.Insn;
import dev.vmlab.isa.Op;
import java.lang.invoke.MethodHandles;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Compiles a decoded {@link Block} into a hidden class (a subclass of {@link Translation})
 * whose {@code run} method executes the block's instructions inline: registers are read and
 * written in the hart's x array, memory goes through the MMU's fast paths, and everything
 * else (atomics, CSRs, privileged and illegal instructions) calls the interpreter's own
 * {@code system}, so no instruction has two implementations of its rare paths.
 *
 * <p>Nothing in the code depends on the virtual address the block was entered at: pcs are
 * computed from the {@code entry} argument, so a translation stays valid for every mapping of
 * its physical page, and it lives exactly as long as the decoded block that holds it. Hidden
 * classes are not strongly tied to their loader, so a dropped translation can be unloaded.
 */
final class Translator {
    /** Class files at or above this size are split: it bounds the method's code below HotSpot's 8000-byte limit. */
    static final int MAX_CLASS_BYTES = 7000;

    private static final String SUPER = "dev/vmlab/exec/Translation";
    private static final String HART = "dev/vmlab/hart/Hart", MMU = "dev/vmlab/mem/Mmu",
        INTERP = "dev/vmlab/exec/Interpreter", OPS = "dev/vmlab/exec/DbtOps", INSN = "dev/vmlab/isa/Insn";
    private static final String RUN_DESC = "(L" + INTERP + ";L" + HART + ";L" + MMU + ";[J[L" + INSN + ";JJ)V";
    // Locals of run: this, the arguments, then a scratch long.
    private static final int E = 1, H = 2, M = 3, X = 4, INSNS = 5, ENTRY = 6, BASE = 8, TMP = 10;

    private final MethodHandles.Lookup lookup = MethodHandles.lookup();

    /** Translates {@code b}, or as long a prefix of it as fits the size bound. */
    Translation translate(Block b) {
        int n = b.insns.length;
        while (true) {
            byte[] bytes = generate(b.insns, n);
            if (bytes.length < MAX_CLASS_BYTES || n == 1) return define(bytes, b.insns, n);
            n = (n + 1) / 2;
        }
    }

    private Translation define(byte[] bytes, Insn[] insns, int n) {
        try {
            MethodHandles.Lookup hidden = lookup.defineHiddenClass(bytes, true);
            Translation t = (Translation) hidden.lookupClass().getDeclaredConstructor().newInstance();
            t.length = n;
            t.offsets = offsets(insns, n);
            t.classBytes = bytes.length;
            return t;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("dbt: generated class rejected", e);
        }
    }

    static int[] offsets(Insn[] insns, int n) {
        int[] off = new int[n + 1];
        for (int i = 0; i < n; i++) off[i + 1] = off[i] + insns[i].length;
        return off;
    }

    /** The class file for the first {@code n} instructions of {@code insns}. */
    static byte[] generate(Insn[] insns, int n) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(V17, ACC_FINAL | ACC_SUPER, "dev/vmlab/exec/Translated", null, SUPER, null);
        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, SUPER, "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor mv = cw.visitMethod(0, "run", RUN_DESC, null, null);
        mv.visitCode();
        new Emitter(mv, offsets(insns, n)).block(insns, n);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** Emits the body of one run method. */
    private static final class Emitter {
        private final MethodVisitor mv;
        private final int[] off;

        Emitter(MethodVisitor mv, int[] off) {
            this.mv = mv;
            this.off = off;
        }

        void block(Insn[] insns, int n) {
            for (int i = 0; i < n; i++) {
                if (insn(insns[i], i)) return; // a jump or branch ended the code
            }
            exit(n, () -> pcAt(n));
        }

        /** Emits instruction {@code i}; returns true when it ended the method (a control transfer). */
        private boolean insn(Insn in, int i) {
            final int rd = in.rd, rs1 = in.rs1, rs2 = in.rs2;
            final long imm = in.imm;
            switch (in.op) {
                case Op.LUI -> { if (rd != Insn.SINK) { xRef(rd); lconst(imm); mv.visitInsn(LASTORE); } }
                case Op.AUIPC -> {
                    if (rd != Insn.SINK) { xRef(rd); mv.visitVarInsn(LLOAD, ENTRY); lconst(off[i] + imm); mv.visitInsn(LADD); mv.visitInsn(LASTORE); }
                }
                case Op.JAL -> {
                    link(rd, i, in);
                    exit(i + 1, () -> { mv.visitVarInsn(LLOAD, ENTRY); lconst(off[i] + imm); mv.visitInsn(LADD); });
                    return true;
                }
                case Op.JALR -> {
                    // The target first: rd may be rs1.
                    reg(rs1); lconst(imm); mv.visitInsn(LADD); lconst(~1L); mv.visitInsn(LAND);
                    mv.visitVarInsn(LSTORE, TMP);
                    link(rd, i, in);
                    exit(i + 1, () -> mv.visitVarInsn(LLOAD, TMP));
                    return true;
                }
                case Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU -> {
                    reg(rs1); reg(rs2);
                    if (in.op == Op.BLTU || in.op == Op.BGEU) {
                        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
                    } else {
                        mv.visitInsn(LCMP);
                    }
                    int jump = switch (in.op) {
                        case Op.BEQ -> IFEQ;
                        case Op.BNE -> IFNE;
                        case Op.BLT, Op.BLTU -> IFLT;
                        default -> IFGE;
                    };
                    Label taken = new Label();
                    mv.visitJumpInsn(jump, taken);
                    exit(i + 1, () -> pcAt(i + 1));
                    mv.visitLabel(taken);
                    exit(i + 1, () -> { mv.visitVarInsn(LLOAD, ENTRY); lconst(off[i] + imm); mv.visitInsn(LADD); });
                    return true;
                }
                case Op.LB, Op.LH, Op.LW, Op.LD, Op.LBU, Op.LHU, Op.LWU -> {
                    retired(i);
                    xRef(rd);
                    mv.visitVarInsn(ALOAD, M);
                    address(rs1, imm);
                    String m = switch (in.op) {
                        case Op.LB, Op.LBU -> "load8";
                        case Op.LH, Op.LHU -> "load16";
                        case Op.LW, Op.LWU -> "load32";
                        default -> "load64";
                    };
                    mv.visitMethodInsn(INVOKEVIRTUAL, MMU, m, "(J)J", false);
                    switch (in.op) {
                        case Op.LB -> { mv.visitInsn(L2I); mv.visitInsn(I2B); mv.visitInsn(I2L); }
                        case Op.LH -> { mv.visitInsn(L2I); mv.visitInsn(I2S); mv.visitInsn(I2L); }
                        case Op.LW -> { mv.visitInsn(L2I); mv.visitInsn(I2L); }
                        case Op.LWU -> { lconst(0xffffffffL); mv.visitInsn(LAND); }
                        default -> { }
                    }
                    mv.visitInsn(LASTORE);
                }
                case Op.SB, Op.SH, Op.SW, Op.SD -> {
                    retired(i);
                    mv.visitVarInsn(ALOAD, M);
                    address(rs1, imm);
                    iconst(1 << (in.op - Op.SB));
                    reg(rs2);
                    mv.visitMethodInsn(INVOKEVIRTUAL, MMU, "store", "(JIJ)V", false);
                    // A store may end the run (a device, the finisher, overwritten code): stop after it.
                    stopIfExitRequested(i);
                }
                case Op.FENCE -> { } // one hart: memory is always coherent
                default -> {
                    if (!alu(in)) system(in, i);
                }
            }
            return false;
        }

        /** Register-only instructions: no trap, no side effect, so a write to x0 is dropped whole. */
        private boolean alu(Insn in) {
            final int rs1 = in.rs1, rs2 = in.rs2;
            final long imm = in.imm;
            int op = in.op;
            if (!(op >= Op.ADDI && op <= Op.SRAW || op >= Op.MUL && op <= Op.REMUW)) return false;
            if (in.rd == Insn.SINK) return true;
            xRef(in.rd);
            switch (op) {
                case Op.ADDI -> { reg(rs1); lconst(imm); mv.visitInsn(LADD); }
                case Op.SLTI -> { reg(rs1); lconst(imm); ops("slt"); }
                case Op.SLTIU -> { reg(rs1); lconst(imm); ops("sltu"); }
                case Op.XORI -> { reg(rs1); lconst(imm); mv.visitInsn(LXOR); }
                case Op.ORI -> { reg(rs1); lconst(imm); mv.visitInsn(LOR); }
                case Op.ANDI -> { reg(rs1); lconst(imm); mv.visitInsn(LAND); }
                case Op.SLLI -> { reg(rs1); iconst((int) imm); mv.visitInsn(LSHL); }
                case Op.SRLI -> { reg(rs1); iconst((int) imm); mv.visitInsn(LUSHR); }
                case Op.SRAI -> { reg(rs1); iconst((int) imm); mv.visitInsn(LSHR); }
                case Op.ADD -> bin(rs1, rs2, LADD);
                case Op.SUB -> bin(rs1, rs2, LSUB);
                case Op.SLL -> shift(rs1, rs2, LSHL);
                case Op.SLT -> { reg(rs1); reg(rs2); ops("slt"); }
                case Op.SLTU -> { reg(rs1); reg(rs2); ops("sltu"); }
                case Op.XOR -> bin(rs1, rs2, LXOR);
                case Op.SRL -> shift(rs1, rs2, LUSHR);
                case Op.SRA -> shift(rs1, rs2, LSHR);
                case Op.OR -> bin(rs1, rs2, LOR);
                case Op.AND -> bin(rs1, rs2, LAND);
                case Op.ADDIW -> { reg(rs1); lconst(imm); mv.visitInsn(LADD); mv.visitInsn(L2I); mv.visitInsn(I2L); }
                case Op.SLLIW -> wordShiftImm(rs1, imm, ISHL);
                case Op.SRLIW -> wordShiftImm(rs1, imm, IUSHR);
                case Op.SRAIW -> wordShiftImm(rs1, imm, ISHR);
                case Op.ADDW -> { bin(rs1, rs2, LADD); mv.visitInsn(L2I); mv.visitInsn(I2L); }
                case Op.SUBW -> { bin(rs1, rs2, LSUB); mv.visitInsn(L2I); mv.visitInsn(I2L); }
                case Op.SLLW -> wordOp(rs1, rs2, ISHL);
                case Op.SRLW -> wordOp(rs1, rs2, IUSHR);
                case Op.SRAW -> wordOp(rs1, rs2, ISHR);
                case Op.MUL -> bin(rs1, rs2, LMUL);
                case Op.MULH -> { reg(rs1); reg(rs2); ops("mulh"); }
                case Op.MULHSU -> { reg(rs1); reg(rs2); ops("mulhsu"); }
                case Op.MULHU -> { reg(rs1); reg(rs2); ops("mulhu"); }
                case Op.DIV -> { reg(rs1); reg(rs2); ops("div"); }
                case Op.DIVU -> { reg(rs1); reg(rs2); ops("divu"); }
                case Op.REM -> { reg(rs1); reg(rs2); ops("rem"); }
                case Op.REMU -> { reg(rs1); reg(rs2); ops("remu"); }
                case Op.MULW -> wordOp(rs1, rs2, IMUL);
                case Op.DIVW -> { reg(rs1); reg(rs2); ops("divw"); }
                case Op.DIVUW -> { reg(rs1); reg(rs2); ops("divuw"); }
                case Op.REMW -> { reg(rs1); reg(rs2); ops("remw"); }
                case Op.REMUW -> { reg(rs1); reg(rs2); ops("remuw"); }
                default -> throw new IllegalStateException("not an ALU op: " + op);
            }
            mv.visitInsn(LASTORE);
            return true;
        }

        /**
         * Everything else runs through the interpreter's {@code system}, set up as the
         * interpreter sets it up (h.retired and h.pc at the instruction). mret and sret set the
         * pc themselves and end the block.
         */
        private void system(Insn in, int i) {
            retired(i);
            mv.visitVarInsn(ALOAD, H); pcAt(i); mv.visitFieldInsn(PUTFIELD, HART, "pc", "J");
            mv.visitVarInsn(ALOAD, E);
            mv.visitVarInsn(ALOAD, INSNS); iconst(i); mv.visitInsn(AALOAD);
            pcAt(i);
            mv.visitVarInsn(ALOAD, X);
            mv.visitMethodInsn(INVOKEVIRTUAL, INTERP, "system", "(L" + INSN + ";J[J)Z", false);
            Label on = new Label();
            mv.visitJumpInsn(IFEQ, on);
            retired(i + 1);
            mv.visitInsn(RETURN);
            mv.visitLabel(on);
            stopIfExitRequested(i); // an atomic store may have overwritten this block, say
        }

        /** After instruction {@code i}: if something asked the engine to stop, leave with it retired. */
        private void stopIfExitRequested(int i) {
            Label go = new Label();
            mv.visitVarInsn(ALOAD, E);
            mv.visitFieldInsn(GETFIELD, INTERP, "until", "J");
            mv.visitInsn(LCONST_0);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFNE, go);
            exit(i + 1, () -> pcAt(i + 1));
            mv.visitLabel(go);
        }

        // ------------------------------------------------------------ pieces

        /** x[rd] = pc + length (the link of a jump). */
        private void link(int rd, int i, Insn in) {
            if (rd == Insn.SINK) return;
            xRef(rd); pcAt(i + 1); mv.visitInsn(LASTORE);
        }

        /** Sets h.retired = base + count and h.pc to what {@code pc} pushes, and returns. */
        private void exit(int count, Runnable pc) {
            retired(count);
            mv.visitVarInsn(ALOAD, H);
            pc.run();
            mv.visitFieldInsn(PUTFIELD, HART, "pc", "J");
            mv.visitInsn(RETURN);
        }

        private void retired(int count) {
            mv.visitVarInsn(ALOAD, H);
            mv.visitVarInsn(LLOAD, BASE);
            if (count != 0) { lconst(count); mv.visitInsn(LADD); }
            mv.visitFieldInsn(PUTFIELD, HART, "retired", "J");
        }

        /** Pushes the pc of instruction {@code i} (or of the one after the block when i = n). */
        private void pcAt(int i) {
            mv.visitVarInsn(LLOAD, ENTRY);
            if (off[i] != 0) { lconst(off[i]); mv.visitInsn(LADD); }
        }

        private void address(int rs1, long imm) {
            reg(rs1);
            if (imm != 0) { lconst(imm); mv.visitInsn(LADD); }
        }

        /** Pushes the array and index for a later LASTORE into x[rd]. */
        private void xRef(int rd) { mv.visitVarInsn(ALOAD, X); iconst(rd); }

        private void reg(int r) {
            if (r == 0) { mv.visitInsn(LCONST_0); return; } // x0 is never written: reading it is 0
            mv.visitVarInsn(ALOAD, X); iconst(r); mv.visitInsn(LALOAD);
        }

        private void bin(int rs1, int rs2, int opcode) { reg(rs1); reg(rs2); mv.visitInsn(opcode); }

        /** 64-bit shift by rs2: the JVM, like RISC-V, uses the low 6 bits of the amount. */
        private void shift(int rs1, int rs2, int opcode) { reg(rs1); reg(rs2); mv.visitInsn(L2I); mv.visitInsn(opcode); }

        /** A 32-bit operation on the low words, sign-extended (the JVM's int shifts use the low 5 bits, like RISC-V's). */
        private void wordOp(int rs1, int rs2, int opcode) {
            reg(rs1); mv.visitInsn(L2I); reg(rs2); mv.visitInsn(L2I); mv.visitInsn(opcode); mv.visitInsn(I2L);
        }

        private void wordShiftImm(int rs1, long imm, int opcode) {
            reg(rs1); mv.visitInsn(L2I); iconst((int) imm); mv.visitInsn(opcode); mv.visitInsn(I2L);
        }

        private void ops(String name) { mv.visitMethodInsn(INVOKESTATIC, OPS, name, "(JJ)J", false); }

        private void lconst(long v) {
            if (v == 0) mv.visitInsn(LCONST_0);
            else if (v == 1) mv.visitInsn(LCONST_1);
            else mv.visitLdcInsn(v);
        }

        private void iconst(int v) {
            if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
            else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
            else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
            else mv.visitLdcInsn(v);
        }
    }
}
