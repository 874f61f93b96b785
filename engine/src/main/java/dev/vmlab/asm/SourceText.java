package dev.vmlab.asm;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a source file into {@link Line}s and blanks out its comments, as GNU as does for
 * RISC-V: {@code #} to the end of the line, and C-style block comments, which may span lines.
 * Comment characters are replaced by spaces (not removed), so a column in the code is the
 * same column in the text the user sees. Quotes are honoured: {@code "#"} and {@code '#'} are
 * not comments.
 */
final class SourceText {
    /** Directives of the C preprocessor; in a {@code .S} file they mean the source expects cpp. */
    private static final Set<String> CPP = Set.of("include", "define", "undef", "if", "ifdef", "ifndef", "elif",
        "else", "endif", "error", "warning", "pragma");

    private SourceText() {}

    static List<Line> split(String file, String content) {
        if (content.startsWith("\uFEFF")) content = content.substring(1);   // a byte-order mark from a Windows editor
        String[] raw = content.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        int count = raw.length;
        if (count > 0 && raw[count - 1].isEmpty()) count--;   // the newline ending the last line
        List<Line> lines = new ArrayList<>(count);
        boolean inBlock = false;
        int blockLine = 0, blockCol = 0;
        boolean cppFile = file.endsWith(".S");
        for (int n = 0; n < count; n++) {
            String text = raw[n];
            char[] code = text.toCharArray();
            int i = 0;
            if (!inBlock) checkCpp(file, n + 1, text, cppFile);
            while (i < code.length) {
                if (inBlock) {
                    if (code[i] == '*' && i + 1 < code.length && code[i + 1] == '/') {
                        code[i] = code[i + 1] = ' ';
                        i += 2;
                        inBlock = false;
                    } else {
                        code[i++] = ' ';
                    }
                    continue;
                }
                char c = code[i];
                if (c == '#') {
                    for (int k = i; k < code.length; k++) code[k] = ' ';
                    break;
                } else if (c == '/' && i + 1 < code.length && code[i + 1] == '*') {
                    inBlock = true;
                    blockLine = n;
                    blockCol = i;
                    code[i] = code[i + 1] = ' ';
                    i += 2;
                } else if (c == '"') {
                    i = skipString(code, i);
                } else if (c == '\'') {
                    i = skipChar(code, i);
                } else {
                    i++;
                }
            }
            lines.add(new Line(file, n + 1, text, new String(code), null));
        }
        if (inBlock) {
            throw lines.get(blockLine).error(blockCol, "unterminated comment: '/*' has no matching '*/'");
        }
        return lines;
    }

    /** Index just past a string that starts at {@code i}; an unterminated one runs to the end of the line. */
    private static int skipString(char[] code, int i) {
        for (int k = i + 1; k < code.length; k++) {
            if (code[k] == '\\') k++;
            else if (code[k] == '"') return k + 1;
        }
        return code.length;
    }

    /** Index just past a character constant ({@code 'c}, {@code 'c'}, {@code '\n'}) starting at {@code i}. */
    private static int skipChar(char[] code, int i) {
        int k = i + 1;
        if (k < code.length && code[k] == '\\') k++;
        k++;
        if (k < code.length && code[k] == '\'') k++;
        return Math.min(k, code.length);
    }

    private static void checkCpp(String file, int number, String text, boolean cppFile) {
        if (!cppFile) return;
        String t = text.stripLeading();
        if (!t.startsWith("#")) return;
        String word = t.substring(1).stripLeading().split("[^A-Za-z]", 2)[0];
        if (CPP.contains(word)) {
            Line line = new Line(file, number, text, text, null);
            throw line.error(text.indexOf('#'), "C preprocessor directive '#" + word + "' is not supported; "
                + "vmlab assembles .S files itself: use " + switch (word) {
                    case "include" -> ".include \"file\"";
                    case "define", "undef" -> ".equ NAME, value (or -D NAME=value)";
                    default -> ".if/.ifdef/.ifndef/.else/.endif";
                });
        }
    }
}
