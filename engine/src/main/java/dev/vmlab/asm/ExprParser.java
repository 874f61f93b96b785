package dev.vmlab.asm;

import java.util.List;
import java.util.Map;

/**
 * Parses expressions with GNU as's operator precedence, which differs from C's: the shifts
 * bind as tightly as {@code *}, and the bitwise operators more tightly than {@code +}, so
 * {@code 4 + 2 & 3} is {@code 4 + (2 & 3)} = 6.
 * <pre>
 *   highest   unary - ~ ! +
 *             * / % &lt;&lt; &gt;&gt;
 *             | ^ &amp;
 *             + -
 *             == != &lt;&gt; &lt; &lt;= &gt; &gt;=
 *             &amp;&amp;
 *   lowest    ||
 * </pre>
 */
final class ExprParser {
    /** Renames a numeric local-label reference ({@code 1b}, {@code 1f}) to the label it means here. */
    interface LocalLabels {
        String resolve(Line line, Token ref);
    }

    private static final Map<String, Integer> RANK = Map.ofEntries(
        Map.entry("*", 8), Map.entry("/", 8), Map.entry("%", 8), Map.entry("<<", 8), Map.entry(">>", 8),
        Map.entry("|", 7), Map.entry("^", 7), Map.entry("&", 7),
        Map.entry("+", 5), Map.entry("-", 5),
        Map.entry("==", 4), Map.entry("!=", 4), Map.entry("<>", 4), Map.entry("<", 4), Map.entry("<=", 4),
        Map.entry(">", 4), Map.entry(">=", 4),
        Map.entry("&&", 3), Map.entry("||", 2));

    private final Line line;
    private final List<Token> t;
    private final int end;
    private final LocalLabels locals;
    private int p;
    /** Nodes built and current nesting: bounded so evaluation, which recurses, cannot exhaust the stack. */
    private int nodes, depth;

    static final int MAX_NODES = 2000, MAX_DEPTH = 200;

    private ExprParser(Line line, List<Token> tokens, int from, int to, LocalLabels locals) {
        this.line = line;
        this.t = tokens;
        this.p = from;
        this.end = to;
        this.locals = locals;
    }

    /** Parses tokens {@code [from, to)} as one expression; anything left over is an error. */
    static Expr parse(Line line, List<Token> tokens, int from, int to, LocalLabels locals) {
        ExprParser ep = new ExprParser(line, tokens, from, to, locals);
        if (from >= to) {
            int at = from < tokens.size() ? tokens.get(from).start() : line.code().stripTrailing().length();
            throw line.error(at, "expected an expression");
        }
        Expr e = ep.binary(1);
        if (ep.p < to) {
            Token x = tokens.get(ep.p);
            throw line.error(x.start(), x.is(")") ? "unbalanced ')'" : "unexpected '" + x.text() + "' after an expression");
        }
        return e;
    }

    private Expr binary(int minRank) {
        Expr left = unary();
        while (p < end) {
            Token op = t.get(p);
            Integer rank = op.kind() == Token.Kind.OP ? RANK.get(op.text()) : null;
            if (rank == null || rank < minRank) break;
            p++;
            if (++nodes > MAX_NODES) throw line.error(op.start(), "expression is too long (more than " + MAX_NODES + " operators)");
            Expr right = binary(rank + 1);
            left = new Expr.Binary(op.text(), left, right, op.start());
        }
        return left;
    }

    private Expr unary() {
        Token x = peek("an expression");
        if (++depth > MAX_DEPTH) throw line.error(x.start(), "expression is nested too deeply (more than " + MAX_DEPTH + " levels)");
        try {
            return unaryOrPrimary(x);
        } finally {
            depth--;
        }
    }

    private Expr unaryOrPrimary(Token x) {
        if (x.is("-") || x.is("~") || x.is("!") || x.is("+")) {
            p++;
            return new Expr.Unary(x.text(), unary(), x.start());
        }
        return primary();
    }

    private Expr primary() {
        Token x = peek("an expression");
        p++;
        switch (x.kind()) {
            case NUMBER:
                return new Expr.Num(x.value(), x.start());
            case LOCAL_REF:
                return new Expr.Sym(locals.resolve(line, x), x.text(), x.start());
            case IDENT:
                if (x.text().equals(".")) return new Expr.Dot(x.start());
                return new Expr.Sym(x.text(), x.text(), x.start());
            case RELOC: {
                Token open = peek("'(' after %" + x.text());
                if (!open.is("(")) throw line.error(open.start(), "expected '(' after %" + x.text());
                p++;
                Expr inner = binary(1);
                close(open);
                return new Expr.Reloc(x.text(), inner, x.start());
            }
            case OP:
                if (x.is("(")) {
                    Expr inner = binary(1);
                    close(x);
                    return inner;
                }
                throw line.error(x.start(), "expected an expression, found '" + x.text() + "'");
            case STRING:
            default:
                throw line.error(x.start(), "expected an expression, found a string");
        }
    }

    private void close(Token open) {
        if (p >= end || !t.get(p).is(")")) {
            int at = p < end ? t.get(p).start() : open.start();
            throw line.error(at, p < end ? "expected ')'" : "'(' is never closed");
        }
        p++;
    }

    private Token peek(String what) {
        if (p >= end) {
            int at = p < t.size() ? t.get(p).start() : (end > 0 && end <= t.size() ? t.get(end - 1).end() : 0);
            throw line.error(at, "expected " + what);
        }
        return t.get(p);
    }
}
