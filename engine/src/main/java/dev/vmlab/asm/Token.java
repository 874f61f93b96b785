package dev.vmlab.asm;

/**
 * A lexical token of one source line.
 *
 * @param kind  what it is
 * @param text  the characters as written (for {@link Kind#STRING} the decoded contents, as
 *              ISO-8859-1 so each char is one byte)
 * @param start 0-based index of its first character in the line
 * @param end   index just past its last character
 * @param value the number for {@link Kind#NUMBER}, the label number for {@link Kind#LOCAL_REF}
 */
record Token(Kind kind, String text, int start, int end, long value) {
    enum Kind {
        /** a symbol, mnemonic, register or directive name, or {@code .} */ IDENT,
        /** an integer or character constant */ NUMBER,
        /** a double-quoted string */ STRING,
        /** {@code 1b} or {@code 1f}: a reference to a numeric local label */ LOCAL_REF,
        /** {@code %hi}, {@code %lo}, {@code %pcrel_hi}, {@code %pcrel_lo} */ RELOC,
        /** an operator or punctuation */ OP
    }

    boolean is(String op) {
        return kind == Kind.OP && text.equals(op);
    }

    /** True for a {@code 1b}-style reference backwards. */
    boolean backward() {
        return text.endsWith("b") || text.endsWith("B");
    }
}
