package dev.vmlab.asm;

import java.util.List;

/**
 * What the first pass leaves for the second: each statement that produces bytes or changes a
 * symbol, with its section and offset already fixed (every size is known in the first pass).
 */
sealed interface Item {
    Section section();

    long offset();

    /** Instructions: one source statement, one or more machine words. */
    record Code(Line line, Section section, long offset, String mnemonic, List<MInsn> insns) implements Item {}

    /** {@code .byte}/{@code .half}/{@code .word}/{@code .dword} (and {@code .fill}): values of {@code width} bytes. */
    record Data(Line line, Section section, long offset, int width, List<Expr> values, long repeat) implements Item {}

    /** Bytes known in the first pass: strings, alignment padding, non-zero fill. */
    record Bytes(Section section, long offset, byte[] bytes) implements Item {}

    /** {@code .set}/{@code .equ}/{@code =}, replayed in order so each use sees the value it had there. */
    record Assign(Line line, SymbolTable.Sym sym, Expr expr, Section section, long offset) implements Item {}
}
