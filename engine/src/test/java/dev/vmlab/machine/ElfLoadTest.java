package dev.vmlab.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vmlab.BadInputException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link ElfImage#load}: bytes at p_paddr, .bss zeroed, nothing written when any segment is outside RAM. */
class ElfLoadTest {
    private static final long RAM = 0x8000_0000L;
    private static final int RAM_SIZE = 0x10000;

    @Test
    void copiesFileBytesAndZeroFillsTheRest() {
        RamStub ram = new RamStub(RAM, RAM_SIZE);
        Arrays.fill(ram.bytes, (byte) 0xee); // a previous run's leftovers
        ElfImage image = ElfImage.parse("kernel", TestElf.typical().build());
        image.load(ram, RAM, RAM_SIZE);

        for (int i = 0; i < 0x40; i++) {
            assertEquals(i + 1, ram.bytes[i], "text byte " + i);
        }
        assertEquals((byte) 0xee, ram.bytes[0x40], "between segments: untouched");
        assertEquals(0x09090909L, ram.load(RAM + 0x1000, 4));
        for (int i = 0x1004; i < 0x1100; i++) {
            assertEquals(0, ram.bytes[i], ".bss byte " + Integer.toHexString(i));
        }
        assertEquals((byte) 0xee, ram.bytes[0x1100], "past memsz: untouched");
    }

    @Test
    void zeroFillsLargeBssInChunks() {
        RamStub ram = new RamStub(RAM, 0x40000);
        Arrays.fill(ram.bytes, (byte) 1);
        ElfImage image = ElfImage.parse("kernel", TestElf.executable()
                .segment(RAM + 0x100, new byte[] {7}, 0x30000, 6).build());
        image.load(ram, RAM, 0x40000);
        assertEquals(7, ram.bytes[0x100]);
        for (int i = 0x101; i < 0x30100; i++) {
            if (ram.bytes[i] != 0) {
                throw new AssertionError("not zeroed at 0x" + Integer.toHexString(i));
            }
        }
        assertEquals(1, ram.bytes[0x30100]);
        assertEquals(RAM + 0x30100, image.endAddress());
    }

    @Test
    void loadsAtPhysicalNotVirtualAddress() {
        RamStub ram = new RamStub(RAM, RAM_SIZE);
        ElfImage image = ElfImage.parse("kernel", TestElf.executable()
                .segment(RAM + 0x2000, 0xffff_ffff_c000_0000L, new byte[] {5, 6}, 2, 5).build());
        image.load(ram, RAM, RAM_SIZE);
        assertEquals(0x0605, ram.load(RAM + 0x2000, 2));
    }

    @Test
    void rejectsSegmentOutsideRamBeforeWritingAnything() {
        RamStub ram = new RamStub(RAM, RAM_SIZE);
        ElfImage image = ElfImage.parse("kernel", TestElf.executable()
                .segment(RAM, new byte[0x10], 0x10, 5)
                .segment(RAM + 0x1000, new byte[4], 0x100, 6)
                .segment(0x9000_0000L, new byte[0x10], 0x1000, 6)
                .build());
        BadInputException e = assertThrows(BadInputException.class, () -> image.load(ram, RAM, 0x800_0000L));
        assertEquals("kernel: segment 2 at 0x90000000..0x90001000 lies outside RAM 0x80000000..0x88000000",
                e.getMessage());
        assertEquals(0, ram.writes);
    }

    @Test
    void rejectsSegmentStraddlingEitherEndOfRam() {
        RamStub ram = new RamStub(RAM, RAM_SIZE);
        ElfImage high = ElfImage.parse("kernel", TestElf.executable()
                .segment(RAM + RAM_SIZE - 8, new byte[4], 16, 6).build());
        assertEquals("kernel: segment 0 at 0x8000fff8..0x80010008 lies outside RAM 0x80000000..0x80010000",
                assertThrows(BadInputException.class, () -> high.load(ram, RAM, RAM_SIZE)).getMessage());
        ElfImage low = ElfImage.parse("kernel", TestElf.executable()
                .segment(RAM - 8, new byte[4], 16, 6).build());
        assertEquals("kernel: segment 0 at 0x7ffffff8..0x80000008 lies outside RAM 0x80000000..0x80010000",
                assertThrows(BadInputException.class, () -> low.load(ram, RAM, RAM_SIZE)).getMessage());
        assertEquals(0, ram.writes);
    }

    @Test
    void segmentEndingExactlyAtTopOfRamFits() {
        RamStub ram = new RamStub(RAM, RAM_SIZE);
        ElfImage image = ElfImage.parse("kernel", TestElf.executable()
                .segment(RAM + RAM_SIZE - 4, new byte[] {1, 2, 3, 4}, 4, 6).build());
        image.load(ram, RAM, RAM_SIZE);
        assertEquals(0x04030201L, ram.load(RAM + RAM_SIZE - 4, 4));
    }

    @Test
    void imageOfEmptySegmentsEndsWhereItStarts() {
        ElfImage image = ElfImage.parse("kernel", TestElf.executable()
                .segment(RAM + 0x3000, new byte[0], 0, 6).build());
        assertEquals(RAM + 0x3000, image.lowestAddress());
        assertEquals(RAM + 0x3000, image.endAddress());
        RamStub ram = new RamStub(RAM, RAM_SIZE);
        image.load(ram, RAM, RAM_SIZE);
        assertEquals(0, ram.writes);
    }

    @Test
    void aMemoryThatRefusesAnInRangeWriteIsTheCallersBug() {
        RamStub small = new RamStub(RAM, 0x100); // smaller than the RAM size the caller claims
        ElfImage image = ElfImage.parse("kernel", TestElf.executable()
                .segment(RAM + 0x1000, new byte[4], 4, 6).build());
        assertThrows(IllegalStateException.class, () -> image.load(small, RAM, RAM_SIZE));
    }
}
