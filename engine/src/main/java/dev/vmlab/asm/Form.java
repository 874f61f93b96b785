package dev.vmlab.asm;

import java.util.ArrayList;
import java.util.List;

/**
 * One way of writing an instruction: its operands, as a signature such as
 * {@code "rd, offset(rs1)"}, and what machine instructions it stands for. A mnemonic has one
 * or more forms ({@code jalr} has six); the first whose operand kinds fit is used.
 */
record Form(String signature, List<Slot> slots, Builder builder) {
    /** What one operand position accepts. */
    enum Kind { REG, IMM, MEM, ZERO_MEM, CSR, FENCE }

    record Slot(String name, Kind kind, String description) {}

    /** Turns the operands into machine instructions. */
    interface Builder {
        void build(Build b);
    }

    static Form of(String signature, Builder builder) {
        List<Slot> slots = new ArrayList<>();
        if (!signature.isEmpty()) {
            for (String s : signature.split(", ")) slots.add(slot(s));
        }
        return new Form(signature, List.copyOf(slots), builder);
    }

    private static Slot slot(String name) {
        return switch (name) {
            case "rd", "rs", "rs1", "rs2", "rt" -> new Slot(name, Kind.REG, "a register");
            case "imm", "shamt", "uimm", "value" -> new Slot(name, Kind.IMM, "an immediate");
            case "target" -> new Slot(name, Kind.IMM, "a label or address");
            case "symbol" -> new Slot(name, Kind.IMM, "a symbol or address");
            case "offset(rs1)", "offset(rs)" -> new Slot(name, Kind.MEM, "offset(register)");
            case "(rs1)" -> new Slot(name, Kind.ZERO_MEM, "(register)");
            case "csr" -> new Slot(name, Kind.CSR, "a CSR name or number");
            case "pred", "succ" -> new Slot(name, Kind.FENCE, "a fence set such as rw or iorw");
            default -> throw new IllegalArgumentException("operand " + name);
        };
    }

    /** Index of the first operand this form does not accept, or -1 when all fit (the count must already agree). */
    int mismatch(List<Operand> ops) {
        for (int i = 0; i < slots.size(); i++) {
            if (!accepts(slots.get(i).kind(), ops.get(i))) return i;
        }
        return -1;
    }

    private static boolean accepts(Kind kind, Operand op) {
        return switch (kind) {
            case REG -> op instanceof Operand.Reg;
            case IMM, CSR -> op instanceof Operand.Imm;
            case FENCE -> op instanceof Operand.Imm i && Build.fenceSet(i.expr()) >= 0;
            case MEM -> op instanceof Operand.Mem;
            case ZERO_MEM -> op instanceof Operand.Mem m && (m.offset() == null
                || m.offset() instanceof Expr.Num n && n.value() == 0);
        };
    }
}
