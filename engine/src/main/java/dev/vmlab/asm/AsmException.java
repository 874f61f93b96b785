package dev.vmlab.asm;

import dev.vmlab.BadInputException;

/**
 * A mistake in an assembly source. The message is three lines, printed as is:
 * <pre>
 * prog.s:12:5: unknown instruction 'adi' (did you mean 'addi'?)
 *     adi a0, a0, 1
 *     ^
 * </pre>
 * The first line is {@code file:line:col: reason}; the second is the source line (after macro
 * substitution when the line came from a macro body, which the reason then names); the third
 * puts a caret under the column. Tabs in the source line are repeated in the caret line so the
 * caret stays under the right character in any terminal.
 *
 * <p>Errors about a whole file (it cannot be read) have no line: the message is one line,
 * {@code file: reason}.
 */
public final class AsmException extends BadInputException {
    private final String file;
    private final int line;
    private final int column;
    private final String reason;

    /** An error at 0-based character {@code index} of {@code at}. */
    AsmException(Line at, int index, String reason) {
        super(format(at, index, reason));
        this.file = at.file();
        this.line = at.number();
        this.column = Math.max(0, Math.min(index, at.text().length())) + 1;
        this.reason = reason;
    }

    /** An error about a whole file. */
    AsmException(String file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
        this.line = 0;
        this.column = 0;
        this.reason = reason;
    }

    private static String format(Line at, int index, String reason) {
        String text = at.text();
        int i = Math.max(0, Math.min(index, text.length()));
        StringBuilder caret = new StringBuilder();
        for (int k = 0; k < i; k++) caret.append(text.charAt(k) == '\t' ? '\t' : ' ');
        caret.append('^');
        String origin = at.origin() == null ? "" : " (" + at.origin() + ")";
        return at.file() + ":" + at.number() + ":" + (i + 1) + ": " + reason + origin + "\n" + text + "\n" + caret;
    }

    /** The file the error is in, as the user named it (or as an {@code .include} named it). */
    public String file() { return file; }

    /** 1-based line number; 0 for an error about the whole file. */
    public int line() { return line; }

    /** 1-based column (characters, a tab counting as one); 0 for an error about the whole file. */
    public int column() { return column; }

    /** What is wrong, without the location. */
    public String reason() { return reason; }
}
