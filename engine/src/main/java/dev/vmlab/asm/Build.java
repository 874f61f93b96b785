package dev.vmlab.asm;

import java.util.ArrayList;
import java.util.List;

/** What a {@link Form.Builder} works with: the matched operands, and where to put instructions. */
final class Build {
    /** Evaluates an expression that must be known before layout ({@code li}'s constant). */
    interface Constants {
        long constant(Line line, Expr e, String what);

        /** True when a symbol of that name has a value (so a name that is not a CSR may still be one). */
        boolean hasValue(String name);
    }

    final Line line;
    final String mnemonic;
    final List<Operand> ops;
    private final Constants constants;
    final List<MInsn> out = new ArrayList<>();

    Build(Line line, String mnemonic, List<Operand> ops, Constants constants) {
        this.line = line;
        this.mnemonic = mnemonic;
        this.ops = ops;
        this.constants = constants;
    }

    void emit(MInsn m) {
        out.add(m);
    }

    int reg(int i) {
        return ((Operand.Reg) ops.get(i)).n();
    }

    Expr expr(int i) {
        return ((Operand.Imm) ops.get(i)).expr();
    }

    int at(int i) {
        return ops.get(i).at();
    }

    int memReg(int i) {
        return ((Operand.Mem) ops.get(i)).reg();
    }

    Expr memOffset(int i) {
        Expr e = ((Operand.Mem) ops.get(i)).offset();
        return e != null ? e : new Expr.Num(0, at(i));
    }

    long constant(int i, String what) {
        return constants.constant(line, expr(i), what);
    }

    /** The CSR operand as an expression: a name becomes its number; anything else is evaluated later. */
    Expr csr(int i) {
        Expr e = expr(i);
        if (Expr.isName(e)) {
            String name = ((Expr.Sym) e).name();
            int n = Registers.csr(name);
            if (n >= 0) return new Expr.Num(n, e.at());
            if (!constants.hasValue(name)) {
                throw line.error(e.at(), "unknown CSR '" + name + "'" + Suggest.hint(name, Registers.csrNames()));
            }
        }
        return e;
    }

    /** The fence set an operand names: bits i=8 o=4 r=2 w=1. */
    int fence(int i) {
        return fenceSet(expr(i));
    }

    /** The bits of a fence set written as a name ({@code iorw}, {@code rw}, ...), or -1 if it is not one. */
    static int fenceSet(Expr e) {
        if (!Expr.isName(e)) return -1;
        String s = ((Expr.Sym) e).name();
        String order = "iorw";
        int bits = 0, last = -1;
        for (char c : s.toCharArray()) {
            int k = order.indexOf(c);
            if (k <= last) return -1;   // also rejects unknown letters (k = -1) and repeats
            last = k;
            bits |= 8 >> k;
        }
        return s.isEmpty() ? -1 : bits;
    }
}
