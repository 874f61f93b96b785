package dev.vmlab.asm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The stream of lines the first pass reads: the main file, with included files and macro
 * expansions pushed on top as they are met. Detects include loops and runaway expansion.
 */
final class LineFeed {
    /** Larger than any hand-written source; bounds what a mistaken .include of a big file reads. */
    static final int MAX_FILE_SIZE = 16 << 20;
    static final int MAX_INCLUDE_DEPTH = 64;
    static final int MAX_MACRO_DEPTH = 100;
    /** Lines produced by macros and .rept in total; stops an expansion that never ends. */
    static final long MAX_EXPANDED_LINES = 1_000_000;

    private static final class Frame {
        final List<Line> lines;
        final Path file;       // null for an expansion
        final String name;     // file name as shown, or the macro's name
        final boolean macro;   // an expansion (macro, .rept, .irp)
        final boolean body;    // the expansion of a macro's body, which .exitm leaves
        int next;

        Frame(List<Line> lines, Path file, String name, boolean macro, boolean body) {
            this.lines = lines;
            this.file = file;
            this.name = name;
            this.macro = macro;
            this.body = body;
        }
    }

    private final Deque<Frame> stack = new ArrayDeque<>();
    private long expanded;

    /** Starts with the main source. {@code path} may be null for a source with no file. */
    LineFeed(String name, Path path, String content) {
        stack.push(new Frame(SourceText.split(name, content), path, name, false, false));
    }

    /** The next line, or null at the end of the main source. */
    Line next() {
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (f.next < f.lines.size()) return f.lines.get(f.next++);
            stack.pop();
        }
        return null;
    }

    /** Pushes the lines of a macro ({@code body} true), .rept or .irp expansion. */
    void pushExpansion(Line at, int index, String what, List<Line> lines, boolean body) {
        int depth = 0;
        for (Frame f : stack) if (f.macro) depth++;
        if (depth >= MAX_MACRO_DEPTH) {
            throw at.error(index, "expansion nested more than " + MAX_MACRO_DEPTH + " deep: does " + what
                + " use itself without an .if that stops it?");
        }
        expanded += lines.size();
        if (expanded > MAX_EXPANDED_LINES) {
            throw at.error(index, "macros and .rept have produced more than " + MAX_EXPANDED_LINES + " lines; "
                + "is a repeat count wrong?");
        }
        stack.push(new Frame(lines, null, what, true, body));
    }

    /** {@code .exitm}: drops the rest of the innermost macro expansion. */
    boolean exitMacro() {
        boolean inBody = false;
        for (Frame f : stack) inBody |= f.body;
        if (!inBody) return false;
        while (!stack.pop().body) {
            // also leaves any .rept or .include inside the macro
        }
        return true;
    }

    /** {@code .include "name"} found at {@code at}: reads the file and pushes its lines. */
    void include(Line at, int index, String name) {
        Path base = null;
        for (Frame f : stack) {
            if (f.file != null) {
                base = f.file.getParent();
                break;
            }
        }
        Path file = base == null ? Path.of(name) : base.resolve(name);
        String shown = file.toString();
        List<Frame> files = new ArrayList<>();
        for (var it = stack.descendingIterator(); it.hasNext(); ) {
            Frame f = it.next();
            if (f.file != null) files.add(f);
        }
        int depth = files.size();
        for (int i = 0; i < files.size(); i++) {
            if (same(files.get(i).file, file)) {
                List<String> chain = new ArrayList<>();
                for (Frame f : files.subList(i, files.size())) chain.add(f.name);
                chain.add(shown);
                throw at.error(index, "include loop: " + String.join(" -> ", chain));
            }
        }
        if (depth >= MAX_INCLUDE_DEPTH) throw at.error(index, ".include nested more than " + MAX_INCLUDE_DEPTH + " deep");
        String content;
        try {
            if (Files.isDirectory(file)) throw at.error(index, "cannot include '" + shown + "': it is a directory");
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw at.error(index, "cannot include '" + shown + "': not a regular file");
            }
            content = read(file);
        } catch (NoSuchFileException e) {
            throw at.error(index, "cannot include '" + shown + "': no such file");
        } catch (TooLarge e) {
            throw at.error(index, "cannot include '" + shown + "': larger than " + (MAX_FILE_SIZE >> 20) + " MiB");
        } catch (IOException | SecurityException | java.nio.file.InvalidPathException e) {
            throw at.error(index, "cannot include '" + shown + "': " + reason(e));
        }
        stack.push(new Frame(SourceText.split(shown, content), file, shown, false, false));
    }

    static final class TooLarge extends IOException {
        TooLarge() {
            super("too large");
        }
    }

    /** Reads a source file as UTF-8 (malformed bytes become U+FFFD), refusing very large files. */
    static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_SIZE + 1);
            if (bytes.length > MAX_FILE_SIZE) throw new TooLarge();
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        String m = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static boolean same(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException | SecurityException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
