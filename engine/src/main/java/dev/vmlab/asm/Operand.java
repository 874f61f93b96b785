package dev.vmlab.asm;

import java.util.ArrayList;
import java.util.List;

/** One operand of an instruction, classified by its shape before the mnemonic's forms are tried. */
sealed interface Operand {
    /** Index of the operand's first character in the line. */
    int at();

    /** A register name. */
    record Reg(int n, String name, int at) implements Operand {}

    /** Anything else that is an expression: an immediate, a target, a CSR name, a fence set. */
    record Imm(Expr expr, int at) implements Operand {}

    /** {@code offset(reg)} or {@code (reg)}; {@code offset} is null when it was left out. */
    record Mem(Expr offset, int reg, String regName, int at) implements Operand {}

    default String describe() {
        if (this instanceof Reg r) return "register '" + r.name() + "'";
        if (this instanceof Mem) return "a memory operand";
        Expr e = ((Imm) this).expr();
        if (Expr.isName(e)) {
            String name = ((Expr.Sym) e).name();
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (!lower.equals(name) && Registers.gpr(lower) >= 0) {
                return "'" + name + "' (register names are lower case: " + lower + ")";
            }
            return "the symbol '" + name + "'";
        }
        return "an expression";
    }

    /**
     * Splits tokens {@code [from, to)} at top-level commas and classifies each operand. An
     * operand ending in {@code (register)} is a memory operand; a lone register name is a
     * register; everything else is parsed as an expression.
     */
    static List<Operand> parseAll(Line line, List<Token> t, int from, int to, ExprParser.LocalLabels locals) {
        List<Operand> out = new ArrayList<>();
        if (from >= to) return out;
        int depth = 0, start = from;
        for (int k = from; k <= to; k++) {
            if (k == to || depth == 0 && t.get(k).is(",")) {
                if (k == start) {
                    int at = k < t.size() ? t.get(k).start() : t.get(k - 1).end();
                    throw line.error(at, k == to ? "missing operand after ','" : "missing operand before ','");
                }
                out.add(parse(line, t, start, k, locals));
                start = k + 1;
            } else if (t.get(k).is("(")) {
                depth++;
            } else if (t.get(k).is(")")) {
                depth--;
            }
        }
        return out;
    }

    private static Operand parse(Line line, List<Token> t, int from, int to, ExprParser.LocalLabels locals) {
        Token first = t.get(from);
        if (to - from == 1 && first.kind() == Token.Kind.IDENT) {
            int r = Registers.gpr(first.text());
            if (r >= 0) return new Reg(r, first.text(), first.start());
        }
        if (to - from >= 3 && t.get(to - 1).is(")") && t.get(to - 3).is("(") && t.get(to - 2).kind() == Token.Kind.IDENT) {
            Token reg = t.get(to - 2);
            int r = Registers.gpr(reg.text());
            boolean wholeIsParen = to - 3 == from;
            if (r >= 0) {
                Expr offset = wholeIsParen ? null : ExprParser.parse(line, t, from, to - 3, locals);
                return new Mem(offset, r, reg.text(), first.start());
            }
            if (Registers.looksLikeRegister(reg.text())) throw badRegister(line, reg);
        }
        for (int k = from; k < to; k++) {
            Token x = t.get(k);
            if (x.kind() == Token.Kind.IDENT && Registers.looksLikeRegister(x.text())) throw badRegister(line, x);
        }
        if (to - from > 1 && first.kind() == Token.Kind.IDENT && Registers.gpr(first.text()) >= 0
                && !(t.get(from + 1).kind() == Token.Kind.OP && !t.get(from + 1).is("("))) {
            throw line.error(t.get(from + 1).start(), "expected ',' after register '" + first.text() + "'");
        }
        return new Imm(ExprParser.parse(line, t, from, to, locals), first.start());
    }

    private static AsmException badRegister(Line line, Token x) {
        return line.error(x.start(), "bad register name '" + x.text() + "' (registers are x0..x31, zero, ra, sp, gp, tp, "
            + "t0..t6, s0..s11, a0..a7, fp)");
    }
}
