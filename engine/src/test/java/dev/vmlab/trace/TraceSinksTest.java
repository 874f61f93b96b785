package dev.vmlab.trace;

import static dev.vmlab.trace.TraceSamples.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vmlab.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceSinksTest {
    @TempDir
    Path dir;

    private List<String> filesInDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void unknownFormatIsOneLineNamingTheValidFormatsAndCreatesNothing() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TraceSinks.open("xml", dir.resolve("t.xml"), null, false, false));
        assertEquals("unknown trace format 'xml' (valid: text, jsonl)", e.getMessage());
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void formatNamesIgnoreCase() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TraceSink sink = TraceSinks.open("JSONL", null, new PrintStream(bytes, false, StandardCharsets.UTF_8),
                false, false)) {
            sink.accept(CSR);
        }
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("{\"v\":1,\"kind\":\"csr\""));
    }

    @Test
    void withoutAFileTheTraceGoesToTheConsoleStream() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TraceSink sink = TraceSinks.open("text", null, new PrintStream(bytes, false, StandardCharsets.UTF_8),
                false, true)) {
            sink.accept(INSN);
        }
        assertEquals(new TextTraceSink(new StringWriter(), true, false).format(INSN) + "\n",
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void colourIsPassedToTheTextFormatOnly() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (TraceSink t = TraceSinks.open("text", null, new PrintStream(text, false, StandardCharsets.UTF_8), true,
                false); TraceSink j = TraceSinks.open("jsonl", null, new PrintStream(json, false, StandardCharsets.UTF_8),
                true, false)) {
            t.accept(EXCEPTION);
            j.accept(EXCEPTION);
        }
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("\u001b["));
        assertFalse(json.toString(StandardCharsets.UTF_8).contains("\u001b"));
    }

    @Test
    void neitherFileNorConsoleIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> TraceSinks.open("text", null, null, false, false));
    }

    @Test
    void fileAppearsUnderItsNameOnlyWhenClosed() throws IOException {
        Path target = dir.resolve("run.jsonl");
        TraceSink sink = TraceSinks.open("jsonl", target, null, false, false);
        sink.accept(INSN);
        assertFalse(Files.exists(target), "nothing under the final name while writing");
        List<String> during = filesInDir();
        assertEquals(1, during.size());
        assertTrue(during.get(0).startsWith(".run.jsonl.") && during.get(0).endsWith(".tmp"), during.toString());
        sink.close();
        assertEquals(List.of("run.jsonl"), filesInDir());
        assertEquals(JsonlTraceSinkTest.json(INSN), Files.readString(target));
    }

    @Test
    void anExistingFileIsReplacedOnlyByACompleteTrace() throws IOException {
        Path target = dir.resolve("run.txt");
        Files.writeString(target, "old trace\n");
        TraceSink sink = TraceSinks.open("text", target, null, false, false);
        sink.accept(CSR);
        assertEquals("old trace\n", Files.readString(target));
        sink.close();
        sink.close();
        assertEquals(new TextTraceSink(new StringWriter(), false, false).format(CSR) + "\n", Files.readString(target));
    }

    @Test
    void aWriteFailureLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("run.jsonl");
        Files.writeString(target, "old trace\n");
        AtomicFileSink sink = AtomicFileSink.open(target, w -> new TraceSink() {
            @Override
            public void accept(TraceEvent event) {
                throw new UncheckedIOException(new IOException("No space left on device"));
            }
        });
        assertThrows(UncheckedIOException.class, () -> sink.accept(INSN));
        sink.close();
        assertEquals("old trace\n", Files.readString(target));
        assertEquals(List.of("run.jsonl"), filesInDir());
    }

    @Test
    void aFailureWhileClosingLeavesTheOldFile() throws IOException {
        Path target = dir.resolve("run.jsonl");
        Files.writeString(target, "old trace\n");
        AtomicFileSink sink = AtomicFileSink.open(target, w -> new TraceSink() {
            @Override
            public void accept(TraceEvent event) {}

            @Override
            public void close() {
                throw new UncheckedIOException(new IOException("disk quota exceeded"));
            }
        });
        sink.accept(INSN);
        assertThrows(UncheckedIOException.class, sink::close);
        assertEquals("old trace\n", Files.readString(target));
        assertEquals(List.of("run.jsonl"), filesInDir());
    }

    @Test
    void aMoveThatFailsSaysWhichFileAndRemovesTheTemporaryFile() throws IOException {
        Path target = dir.resolve("run.jsonl");
        TraceSink sink = TraceSinks.open("jsonl", target, null, false, false);
        sink.accept(INSN);
        // Something put a non-empty directory where the trace should go while the run went on.
        Files.createDirectories(target.resolve("inside"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, sink::close);
        assertTrue(e.getMessage().startsWith("cannot write trace file " + target + ": "), e.getMessage());
        assertEquals(List.of("run.jsonl"), filesInDir());
        assertTrue(Files.isDirectory(target));
    }

    @Test
    void missingDirectoryIsBadInputWithAOneLineMessage() {
        Path target = dir.resolve("no-such-dir").resolve("t.jsonl");
        BadInputException e = assertThrows(BadInputException.class,
                () -> TraceSinks.open("jsonl", target, null, false, false));
        assertEquals("cannot write trace file " + target + ": no such directory", e.getMessage());
    }

    @Test
    void aDirectoryIsNotATraceFile() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> TraceSinks.open("text", dir, null, false, false));
        assertEquals("cannot write trace file " + dir + ": it is a directory", e.getMessage());
    }

    @Test
    void traceFileGetsTheSamePermissionsAsAnyNewFile() throws IOException {
        assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "POSIX file system");
        Path reference = Files.createFile(dir.resolve("reference"));
        Path target = dir.resolve("run.txt");
        TraceSinks.open("text", target, null, false, false).close();
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(target));
    }
}
