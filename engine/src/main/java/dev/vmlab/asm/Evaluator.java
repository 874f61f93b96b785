package dev.vmlab.asm;

/**
 * Evaluates expressions with GNU as's semantics: 64-bit two's-complement arithmetic, signed
 * division, logical right shift, comparisons that yield -1 for true, and shift counts of 64 or
 * more giving 0.
 */
final class Evaluator {
    /** Where symbols, {@code .} and the pc come from. */
    interface Scope {
        /** The value of a symbol, or throws {@link Unknown} (before layout) or an {@link AsmException}. */
        Value symbol(Line line, Expr.Sym s);

        /** The value of {@code .}. */
        Value dot();

        /** The address of the instruction or data item being assembled (after layout). */
        long pc();

        /** {@code %pcrel_lo(label)}: the low part of the auipc at {@code label}'s {@code %pcrel_hi}. */
        long pcrelLo(Line line, Expr.Reloc r, long label);

        /** False before layout, when addresses are not yet known. */
        boolean linked();
    }

    /** Thrown before layout when a value depends on an address or on a symbol not yet defined. */
    static final class Unknown extends RuntimeException {
        final Expr at;
        final String why;
        /** True when the value is an address (not an undefined symbol). */
        final boolean address;

        Unknown(Expr at, String why, boolean address) {
            super(why, null, false, false);
            this.at = at;
            this.why = why;
            this.address = address;
        }
    }

    private Evaluator() {}

    static Value eval(Line line, Expr e, Scope scope) {
        if (e instanceof Expr.Num n) return Value.abs(n.value());
        if (e instanceof Expr.Sym s) return scope.symbol(line, s);
        if (e instanceof Expr.Dot) return scope.dot();
        if (e instanceof Expr.Unary u) return unary(line, u, eval(line, u.operand(), scope), scope);
        if (e instanceof Expr.Binary b) return binary(line, b, scope);
        if (e instanceof Expr.Reloc r) return reloc(line, r, scope);
        Expr.PcrelLo lo = (Expr.PcrelLo) e;
        long target = number(line, lo.target(), eval(line, lo.target(), scope), scope);
        return Value.abs(low12(target - (scope.pc() + lo.pcBias())));
    }

    /** The numeric value; an address is only a number once laid out. */
    private static long number(Line line, Expr e, Value v, Scope scope) {
        if (!v.absolute() && !scope.linked()) throw new Unknown(e, "it involves an address, which is not known until sections are laid out", true);
        return v.v();
    }

    private static Value unary(Line line, Expr.Unary u, Value v, Scope scope) {
        if (u.op().equals("+")) return v;
        long x = number(line, u.operand(), v, scope);
        return Value.abs(switch (u.op()) {
            case "-" -> -x;
            case "~" -> ~x;
            default -> x == 0 ? 1 : 0;
        });
    }

    private static Value binary(Line line, Expr.Binary b, Scope scope) {
        Value l = eval(line, b.left(), scope);
        Value r = eval(line, b.right(), scope);
        String op = b.op();
        if (op.equals("+")) {
            if (!l.absolute() && !r.absolute()) throw line.error(b.at(), "cannot add two addresses");
            return new Value(l.v() + r.v(), l.absolute() ? r.base() : l.base());
        }
        if (op.equals("-")) {
            if (l.base() == r.base()) return Value.abs(l.v() - r.v());
            if (r.absolute()) return new Value(l.v() - r.v(), l.base());
            if (!scope.linked()) throw new Unknown(b, "it subtracts addresses in different sections, which are not laid out yet", true);
            return Value.abs(l.v() - r.v());
        }
        long x = number(line, b.left(), l, scope), y = number(line, b.right(), r, scope);
        return Value.abs(switch (op) {
            case "*" -> x * y;
            case "/", "%" -> {
                if (y == 0) throw line.error(b.at(), "division by zero");
                yield op.equals("/") ? x / y : x % y;
            }
            case "<<" -> y < 0 || y >= 64 ? 0 : x << y;
            case ">>" -> y < 0 || y >= 64 ? 0 : x >>> y;
            case "&" -> x & y;
            case "|" -> x | y;
            case "^" -> x ^ y;
            case "==" -> x == y ? -1 : 0;
            case "!=", "<>" -> x != y ? -1 : 0;
            case "<" -> x < y ? -1 : 0;
            case "<=" -> x <= y ? -1 : 0;
            case ">" -> x > y ? -1 : 0;
            case ">=" -> x >= y ? -1 : 0;
            case "&&" -> x != 0 && y != 0 ? 1 : 0;
            case "||" -> x != 0 || y != 0 ? 1 : 0;
            default -> throw new IllegalStateException("operator " + op);
        });
    }

    private static Value reloc(Line line, Expr.Reloc r, Scope scope) {
        Value v = eval(line, r.operand(), scope);
        long x = number(line, r.operand(), v, scope);
        switch (r.op()) {
            case "lo":
                return Value.abs(low12(x));
            case "hi":
                if (!fitsHi(x)) {
                    throw line.error(r.at(), String.format("%%hi(0x%x) does not fit: lui sign-extends, so %%hi/%%lo reach "
                        + "only addresses within 2 GiB of 0; use la or %%pcrel_hi/%%pcrel_lo", x));
                }
                return Value.abs(high20(x));
            case "pcrel_hi": {
                long d = x - scope.pc();
                if (!fitsHi(d)) {
                    throw line.error(r.at(), String.format("%%pcrel_hi: 0x%x is 0x%x bytes from the pc, beyond auipc's +-2 GiB", x, d));
                }
                return Value.abs(high20(d));
            }
            default:
                return Value.abs(scope.pcrelLo(line, r, x));
        }
    }

    /** The sign-extended low 12 bits, what an I- or S-type immediate adds. */
    static long low12(long x) {
        return ((x & 0xfff) ^ 0x800) - 0x800;
    }

    /** The 20 bits lui/auipc take so that adding {@link #low12} gives {@code x}. */
    static long high20(long x) {
        return ((x + 0x800) >> 12) & 0xfffff;
    }

    /** True when lui/auipc + a 12-bit immediate can produce {@code x} (it is within 32-bit signed range). */
    static boolean fitsHi(long x) {
        long hi = (x + 0x800) >> 12;
        return hi >= -(1L << 19) && hi < (1L << 19);
    }
}
