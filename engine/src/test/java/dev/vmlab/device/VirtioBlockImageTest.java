package dev.vmlab.device;

import static dev.vmlab.device.VirtioDriver.DATA;
import static dev.vmlab.device.VirtioDriver.RAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmlab.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attaching raw image files: validation messages, in-place writes, read-only use, exclusive locking. */
class VirtioBlockImageTest {
    @TempDir
    Path dir;

    private final FakeGuestMemory mem = new FakeGuestMemory(RAM, 1 << 20);

    private Path image(String name, int bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, VirtioBlockTest.pattern(bytes));
        return p;
    }

    @Test
    void missingImageIsReportedInOneLine() {
        Path p = dir.resolve("nope.img");
        BadInputException e = assertThrows(BadInputException.class,
                () -> VirtioBlock.open(p, false, mem, IrqLine.NONE));
        assertEquals("disk image " + p + ": no such file", e.getMessage());
    }

    @Test
    void imageSizeMustBeWholeSectors() throws IOException {
        Path p = image("odd.img", 1000);
        BadInputException e = assertThrows(BadInputException.class,
                () -> VirtioBlock.open(p, true, mem, IrqLine.NONE));
        assertEquals("disk image " + p + ": size 1000 is not a multiple of 512", e.getMessage());
    }

    @Test
    void directoryIsNotAnImage() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> VirtioBlock.open(dir, true, mem, IrqLine.NONE));
        assertEquals("disk image " + dir + ": not a regular file", e.getMessage());
    }

    @Test
    void inMemoryImageSizeIsValidatedToo() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> VirtioBlock.inMemory(new byte[513], false, mem, IrqLine.NONE));
        assertEquals("disk image (in memory): size 513 is not a multiple of 512", e.getMessage());
    }

    @Test
    void capacityIsTheImageSizeInSectors() throws IOException {
        try (VirtioBlock dev = VirtioBlock.open(image("disk.img", 40 * 512), true, mem, IrqLine.NONE)) {
            assertEquals(40, dev.capacity());
            assertEquals(40, dev.read(0x100, 8));
        }
    }

    @Test
    void writesReachTheFileAndReadsComeFromIt() throws IOException {
        Path p = image("disk.img", 16 * 512);
        byte[] data = new byte[1024];
        Arrays.fill(data, (byte) 0x5A);
        try (VirtioBlock dev = VirtioBlock.open(p, false, mem, IrqLine.NONE)) {
            VirtioDriver d = new VirtioDriver(mem, dev).start();
            mem.put(DATA, data);
            assertEquals(VirtioBlock.S_OK, d.request(VirtioBlock.T_OUT, 5, DATA, 1024));
            assertEquals(VirtioBlock.S_OK, d.request(VirtioBlock.T_FLUSH, 0, 0, 0));
            assertEquals(VirtioBlock.S_OK, d.request(VirtioBlock.T_IN, 4, DATA + 0x1000, 512));
            assertArrayEquals(Arrays.copyOfRange(VirtioBlockTest.pattern(16 * 512), 4 * 512, 5 * 512),
                    mem.bytes(DATA + 0x1000, 512));
        }
        byte[] file = Files.readAllBytes(p);
        assertArrayEquals(data, Arrays.copyOfRange(file, 5 * 512, 7 * 512));
        assertEquals(16 * 512, file.length, "the image never grows");
    }

    @Test
    void readOnlyImageRefusesWritesAndIsUnchanged() throws IOException {
        Path p = image("ro.img", 8 * 512);
        byte[] before = Files.readAllBytes(p);
        try (VirtioBlock dev = VirtioBlock.open(p, true, mem, IrqLine.NONE)) {
            VirtioDriver d = new VirtioDriver(mem, dev).start(VirtioBlock.F_VERSION_1 | VirtioBlock.F_RO);
            assertEquals(VirtioBlock.S_IOERR, d.request(VirtioBlock.T_OUT, 0, DATA, 512));
        }
        assertArrayEquals(before, Files.readAllBytes(p));
    }

    @Test
    void getIdReportsTheImageFileName() throws IOException {
        try (VirtioBlock dev = VirtioBlock.open(image("rootfs-for-lab-three.img", 512), true, mem, IrqLine.NONE)) {
            VirtioDriver d = new VirtioDriver(mem, dev).start();
            d.request(VirtioBlock.T_GET_ID, 0, DATA, 20);
            assertEquals("rootfs-for-lab-three", new String(mem.bytes(DATA, 20), StandardCharsets.US_ASCII),
                    "truncated to 20 bytes, not terminated");
        }
    }

    @Test
    void readWriteImageCannotBeAttachedTwice() throws IOException {
        Path p = image("shared.img", 512);
        try (VirtioBlock first = VirtioBlock.open(p, false, mem, IrqLine.NONE)) {
            assertEquals(false, first.readOnly());
            BadInputException e = assertThrows(BadInputException.class,
                    () -> VirtioBlock.open(p, false, mem, IrqLine.NONE));
            assertEquals("disk image " + p + ": already attached read-write to another VM", e.getMessage());
        }
        // Closing released the lock.
        try (VirtioBlock again = VirtioBlock.open(p, false, mem, IrqLine.NONE)) {
            assertEquals(1, again.capacity());
        }
    }

    @Test
    void readOnlyImageMayBeSharedByManyVms() throws IOException {
        Path p = image("base.img", 512);
        try (VirtioBlock a = VirtioBlock.open(p, true, mem, IrqLine.NONE);
             VirtioBlock b = VirtioBlock.open(p, true, mem, IrqLine.NONE)) {
            assertTrue(a.readOnly() && b.readOnly());
        }
    }

    @Test
    void requestsAfterCloseFailWithIoErrNotExceptions() throws IOException {
        VirtioBlock dev = VirtioBlock.open(image("gone.img", 4 * 512), false, mem, IrqLine.NONE);
        VirtioDriver d = new VirtioDriver(mem, dev).start();
        dev.close();
        assertEquals(VirtioBlock.S_IOERR, d.request(VirtioBlock.T_IN, 0, DATA, 512));
        assertTrue(dev.lastProblem().contains("I/O error"), dev.lastProblem());
    }
}
