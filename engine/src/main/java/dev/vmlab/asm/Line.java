package dev.vmlab.asm;

/**
 * One source line as the assembler sees it.
 *
 * @param file   the file's name as the user (or an {@code .include}) gave it
 * @param number 1-based line number in that file
 * @param text   the line as printed under an error: the original text, or for a line of a
 *               macro body the text after argument substitution
 * @param code   the same line with comments blanked out (same length, so columns agree)
 * @param origin null, or where the line was expanded ("in macro 'push' expanded at a.s:30")
 */
record Line(String file, int number, String text, String code, String origin) {
    AsmException error(int index, String reason) {
        return new AsmException(this, index, reason);
    }

    /** {@code file:line}, for messages that point at another line ("first defined at ..."). */
    String where() {
        return file + ":" + number;
    }
}
