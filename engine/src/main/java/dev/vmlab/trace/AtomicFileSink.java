package dev.vmlab.trace;

import dev.vmlab.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * A sink that writes a trace file by way of a temporary file in the same directory and moves
 * it over the target on {@link #close()}, so an existing trace is never replaced by a
 * half-written one.
 *
 * <p>If writing fails, the temporary file is deleted on close and the target is left as it
 * was. A run that stops early for another reason (the guest failed, the user interrupted)
 * still closes the sink normally and keeps the trace up to that point: that prefix is often
 * the very thing the user wants to read.
 */
final class AtomicFileSink implements TraceSink {
    private final Path target;
    private final Path temp;
    private final TraceSink inner;
    private boolean failed;
    private boolean closed;

    private AtomicFileSink(Path target, Path temp, TraceSink inner) {
        this.target = target;
        this.temp = temp;
        this.inner = inner;
    }

    /**
     * Creates the temporary file next to {@code target} and hands a UTF-8 writer on it to
     * {@code makeSink}.
     *
     * @throws BadInputException when the target is a directory or its directory cannot be written
     */
    static AtomicFileSink open(Path target, Function<Writer, TraceSink> makeSink) {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new BadInputException("cannot write trace file " + target + ": it is a directory");
        }
        Path dir = absolute.getParent();
        Path temp = createTemp(target, dir, absolute.getFileName().toString());
        Writer writer = null;
        try {
            writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            return new AtomicFileSink(target, temp, makeSink.apply(writer));
        } catch (IOException e) {
            closeQuietly(writer);
            deleteQuietly(temp);
            throw new BadInputException("cannot write trace file " + target + ": " + reason(e), e);
        } catch (RuntimeException e) {
            closeQuietly(writer);
            deleteQuietly(temp);
            throw e;
        }
    }

    /*
     * Files.createTempFile would do, but it creates the file with mode 0600 and the move keeps
     * that mode, so a trace meant for a classmate or a grader would be unreadable to them.
     * CREATE_NEW with a random name gets the usual umask instead.
     */
    private static Path createTemp(Path target, Path dir, String name) {
        for (int attempt = 0; ; attempt++) {
            String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            Path temp = dir.resolve("." + name + "." + suffix + ".tmp");
            try {
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 8) {
                    throw new BadInputException("cannot write trace file " + target + ": " + reason(e), e);
                }
            } catch (IOException e) {
                throw new BadInputException("cannot write trace file " + target + ": " + reason(e), e);
            }
        }
    }

    /** Where the trace goes while it is being written; for tests. */
    Path temp() {
        return temp;
    }

    @Override
    public synchronized void accept(TraceEvent event) {
        try {
            inner.accept(event);
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            inner.close();
        } catch (RuntimeException e) {
            failed = true;
            deleteQuietly(temp);
            throw e;
        }
        if (failed) {
            deleteQuietly(temp);
            return;
        }
        try {
            moveIntoPlace();
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot write trace file " + target + ": " + reason(e), e);
        }
    }

    private void moveIntoPlace() throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory makes this rare; a plain replace is the next best thing.
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "no such directory";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static void closeQuietly(Writer w) {
        if (w == null) return;
        try {
            w.close();
        } catch (IOException ignored) {
            // The file is being discarded anyway.
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Nothing better to do: the caller is already reporting the real failure.
        }
    }
}
