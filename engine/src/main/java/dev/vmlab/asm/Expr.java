package dev.vmlab.asm;

/**
 * An expression as parsed, evaluated later (once labels have addresses). Every node keeps the
 * index of its first character in the line, so an error can point at the very symbol or
 * operator at fault.
 */
sealed interface Expr {
    int at();

    /** An integer or character constant. */
    record Num(long value, int at) implements Expr {}

    /** A symbol; numeric local labels are already renamed to a unique internal name. */
    record Sym(String name, String written, int at) implements Expr {}

    /** {@code .}, the address of the current statement (or data item). */
    record Dot(int at) implements Expr {}

    /** {@code - ~ ! +} applied to one operand. */
    record Unary(String op, Expr operand, int at) implements Expr {}

    /** A binary operator; {@code at} is the operator's position. */
    record Binary(String op, Expr left, Expr right, int at) implements Expr {}

    /** {@code %hi(e)}, {@code %lo(e)}, {@code %pcrel_hi(e)}, {@code %pcrel_lo(e)}. */
    record Reloc(String op, Expr operand, int at) implements Expr {}

    /**
     * The low 12 bits of {@code target - pc}, with the pc of an instruction {@code pcBias} bytes
     * away: what a pseudo-instruction's second half ({@code la}, {@code call}) needs, since its
     * auipc is the instruction before it.
     */
    record PcrelLo(Expr target, int pcBias, int at) implements Expr {}

    /** True when the expression is a bare symbol (not a local label) with no arithmetic. */
    static boolean isName(Expr e) {
        return e instanceof Sym s && s.written().equals(s.name());
    }
}
