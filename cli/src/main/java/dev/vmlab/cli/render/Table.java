package dev.vmlab.cli.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table: columns padded to their widest cell, separated by two spaces, numbers
 * (and any column marked right-aligned) flush right, no trailing spaces. The header, if any,
 * is bold on a colour terminal; widths are computed from the text without escapes, so a
 * coloured table lines up like a plain one.
 */
public final class Table {
    private final String[] header;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();
    private String indent = "";

    /** A table with these column headings; an empty heading everywhere means no header line. */
    public Table(String... header) {
        this.header = header;
        this.right = new boolean[header.length];
    }

    /** Right-aligns the given columns (counts, sizes). */
    public Table right(int... columns) {
        for (int c : columns) right[c] = true;
        return this;
    }

    public Table indent(String prefix) {
        indent = prefix;
        return this;
    }

    public Table row(Object... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + header.length);
        }
        rows.add(Arrays.stream(cells).map(String::valueOf).toArray(String[]::new));
        return this;
    }

    public boolean isEmpty() { return rows.isEmpty(); }

    /** The lines of the table, each without a line terminator. */
    public List<String> lines(Style style) {
        int[] width = new int[header.length];
        boolean hasHeader = Arrays.stream(header).anyMatch(h -> !h.isEmpty());
        if (hasHeader) for (int c = 0; c < header.length; c++) width[c] = header[c].length();
        for (String[] r : rows) for (int c = 0; c < r.length; c++) width[c] = Math.max(width[c], r[c].length());
        List<String> out = new ArrayList<>();
        if (hasHeader) out.add(indent + style.bold(format(header, width)));
        for (String[] r : rows) out.add(indent + format(r, width));
        return out;
    }

    private String format(String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) b.append("  ");
            String s = cells[c];
            int pad = width[c] - s.length();
            if (right[c]) b.append(" ".repeat(pad)).append(s);
            else if (c < cells.length - 1) b.append(s).append(" ".repeat(pad));
            else b.append(s);
        }
        return stripTrailing(b);
    }

    private static String stripTrailing(StringBuilder b) {
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == ' ') end--;
        return b.substring(0, end);
    }

    public void print(java.io.PrintStream out, Style style) {
        for (String l : lines(style)) out.println(l);
    }
}
