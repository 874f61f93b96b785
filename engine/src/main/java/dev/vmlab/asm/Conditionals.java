package dev.vmlab.asm;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * The stack of open {@code .if} blocks. While a block's condition is false, lines are skipped
 * without being parsed, except for the conditional directives themselves, so nesting is
 * tracked and an {@code .else} or {@code .endif} in a skipped part still counts.
 */
final class Conditionals {
    static final Set<String> OPENERS = Set.of(".if", ".ifdef", ".ifndef", ".ifnotdef", ".ifc", ".ifnc", ".ifb",
        ".ifnb", ".ifeq", ".ifne", ".ifgt", ".ifge", ".iflt", ".ifle", ".ifeqs", ".ifnes");

    private static final class Frame {
        final Line line;
        final int at;
        final String directive;
        /** whether the enclosing code is assembled */
        final boolean outer;
        /** whether some branch of this block has been taken */
        boolean taken;
        boolean active;
        boolean sawElse;

        Frame(Line line, int at, String directive, boolean outer, boolean active) {
            this.line = line;
            this.at = at;
            this.directive = directive;
            this.outer = outer;
            this.active = outer && active;
            this.taken = this.active;
        }
    }

    private final Deque<Frame> stack = new ArrayDeque<>();

    /** True when the current line is in a branch that is not assembled. */
    boolean skipping() {
        return !stack.isEmpty() && !stack.peek().active;
    }

    /** Opens a block; {@code condition} is only asked for when the enclosing code is assembled. */
    void open(Line line, int at, String directive, java.util.function.BooleanSupplier condition) {
        boolean outer = !skipping();
        stack.push(new Frame(line, at, directive, outer, outer && condition.getAsBoolean()));
    }

    void elseIf(Line line, int at, java.util.function.BooleanSupplier condition) {
        Frame f = top(line, at, ".elseif");
        if (f.sawElse) throw line.error(at, ".elseif after .else (the .else is at " + f.line.where() + ")");
        f.active = f.outer && !f.taken && condition.getAsBoolean();
        f.taken |= f.active;
    }

    void otherwise(Line line, int at) {
        Frame f = top(line, at, ".else");
        if (f.sawElse) throw line.error(at, "second .else for the " + f.directive + " at " + f.line.where());
        f.sawElse = true;
        f.active = f.outer && !f.taken;
        f.taken |= f.active;
    }

    void close(Line line, int at) {
        top(line, at, ".endif");
        stack.pop();
    }

    private Frame top(Line line, int at, String directive) {
        if (stack.isEmpty()) throw line.error(at, directive + " without a matching .if");
        return stack.peek();
    }

    /** At the end of the input: an open block is an error where it began. */
    void checkClosed() {
        if (!stack.isEmpty()) {
            Frame f = stack.peek();
            throw f.line.error(f.at, "unterminated " + f.directive + ": no .endif before the end of the file");
        }
    }
}
