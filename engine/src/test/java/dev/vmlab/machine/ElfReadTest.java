package dev.vmlab.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vmlab.BadInputException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ElfImage#read(Path)}: the file-system failures, each one line naming the path. */
class ElfReadTest {
    @TempDir
    Path dir;

    private static String failure(Path file) {
        return assertThrows(BadInputException.class, () -> ElfImage.read(file)).getMessage();
    }

    @Test
    void readsAValidFile() throws IOException {
        Path file = Files.write(dir.resolve("kernel"), TestElf.typical().build());
        ElfImage image = ElfImage.read(file);
        assertEquals(file.toString(), image.name());
        assertEquals(2, image.segments().size());
    }

    @Test
    void errorsStartWithThePathAsGiven() throws IOException {
        Path file = Files.write(dir.resolve("kernel"), new byte[] {1, 2, 3});
        assertEquals(file + ": not an ELF file (bad magic)", failure(file));
    }

    @Test
    void rejectsMissingFile() {
        assertEquals("kernel: no such file", failure(Paths.get("kernel")));
        Path missing = dir.resolve("nope/kernel");
        assertEquals(missing + ": no such file", failure(missing));
    }

    @Test
    void rejectsDirectory() {
        assertEquals(dir + ": is a directory, not an ELF file", failure(dir));
    }

    @Test
    void rejectsPathThroughAFile() throws IOException {
        Path file = Files.write(dir.resolve("plain"), new byte[1]);
        Path through = file.resolve("kernel");
        String message = failure(through);
        assertEquals(through + ": cannot read (Not a directory)", message);
    }

    @Test
    void rejectsDevicesAndPipes() {
        Path devNull = Paths.get("/dev/null");
        assumeTrue(Files.exists(devNull));
        assertEquals("/dev/null: not a regular file", failure(devNull));
    }

    @Test
    void rejectsUnreadableFile() throws IOException {
        Path file = Files.write(dir.resolve("kernel"), TestElf.typical().build());
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        } catch (UnsupportedOperationException e) {
            assumeTrue(false, "no POSIX permissions here");
        }
        assumeFalse(Files.isReadable(file), "running as root: every file is readable");
        assertEquals(file + ": permission denied", failure(file));
    }

    @Test
    void rejectsFileLargerThanTheLimit() throws IOException {
        Path file = dir.resolve("huge");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(ElfImage.MAX_FILE_SIZE + 4096L); // sparse: costs no disk
        }
        assertEquals(file + ": file is 513 MiB; vmlab loads guest images of at most 512 MiB", failure(file));
    }
}
