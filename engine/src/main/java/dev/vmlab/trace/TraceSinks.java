package dev.vmlab.trace;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Opens the trace sink a user asked for by name: {@code text} or {@code jsonl}. */
public final class TraceSinks {
    /** The format names {@link #open} accepts, in the order help text should list them. */
    public static final List<String> FORMATS = List.of("text", "jsonl");

    private TraceSinks() {}

    /**
     * A sink in {@code format} writing to {@code file}, or to {@code console} when
     * {@code file} is null.
     *
     * <p>A file is written under a temporary name in the same directory and moved into place
     * when the sink is closed, so an existing file is only replaced by a complete trace; if
     * writing fails the old file stays. The console stream is borrowed: closing the sink
     * flushes it but does not close it.
     *
     * @param format  {@code text} or {@code jsonl}, case-insensitive
     * @param color   ANSI colour for the text format; ignored by jsonl. Callers should pass
     *                false for files and for streams that are not a terminal.
     * @param showVm  the text format's {@code vm:hart} column; jsonl always carries both
     * @throws IllegalArgumentException for an unknown format, naming the valid ones
     * @throws dev.vmlab.BadInputException when the file cannot be created
     */
    public static TraceSink open(String format, Path file, PrintStream console, boolean color, boolean showVm) {
        String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        // Check the name before touching the file system, so a typo creates nothing.
        if (!FORMATS.contains(f)) {
            throw new IllegalArgumentException("unknown trace format '" + format + "' (valid: "
                    + String.join(", ", FORMATS) + ")");
        }
        boolean text = f.equals("text");
        if (file != null) {
            return AtomicFileSink.open(file, w -> text ? new TextTraceSink(w, showVm, color) : new JsonlTraceSink(w));
        }
        if (console == null) throw new IllegalArgumentException("trace needs a file or a console stream");
        return text ? new TextTraceSink(console, showVm, color) : new JsonlTraceSink(console);
    }
}
