package dev.vmlab.machine;

import static dev.vmlab.machine.TestElf.ph;
import static dev.vmlab.machine.TestElf.putU16;
import static dev.vmlab.machine.TestElf.putU32;
import static dev.vmlab.machine.TestElf.putU64;
import static dev.vmlab.machine.TestElf.sh;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmlab.BadInputException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ElfImageTest {
    private static ElfImage parse(byte[] bytes) {
        return ElfImage.parse("kernel", bytes);
    }

    private static void rejects(String expected, byte[] bytes) {
        BadInputException e = assertThrows(BadInputException.class, () -> parse(bytes));
        assertEquals("kernel: " + expected, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    /** The typical image with one change applied. */
    private static byte[] typicalWith(Consumer<byte[]> change) {
        byte[] elf = TestElf.typical().build();
        change.accept(elf);
        return elf;
    }

    @Test
    void readsEntrySegmentsAndSymbols() {
        ElfImage image = parse(TestElf.typical().build());
        assertEquals(0x8000_0000L, image.entry());
        assertEquals(0x8000_0000L, image.physicalEntry());
        assertFalse(image.positionIndependent());
        assertEquals(2, image.segments().size());

        ElfSegment text = image.segments().get(0);
        assertEquals(0, text.index());
        assertEquals(0x8000_0000L, text.physicalAddress());
        assertEquals(0x8000_0000L, text.virtualAddress());
        assertEquals(0x40, text.fileSize());
        assertEquals(0x40, text.memorySize());
        assertTrue(text.executable());
        assertFalse(text.writable());
        assertEquals("R E", text.flagString());
        ByteBuffer bytes = text.bytes();
        assertEquals(1, bytes.get(0));
        assertEquals(0x40, bytes.get(0x3f));

        ElfSegment data = image.segments().get(1);
        assertEquals(4, data.fileSize());
        assertEquals(0x100, data.memorySize());
        assertEquals(0x8000_1100L, image.endAddress());
        assertEquals(0x8000_0000L, image.lowestAddress());

        assertEquals(4, image.symbols().size());
        ElfSymbol main = image.symbols().get(1);
        assertEquals(new ElfSymbol("main", 0x8000_0010L, 0x20, ElfSymbol.Type.FUNC, ElfSymbol.Binding.GLOBAL, 1), main);
        assertEquals(Optional.of(0x8000_1000L), image.tohost());
        assertEquals(Optional.of(0x8000_1008L), image.fromhost());
    }

    @Test
    void segmentViewsAreIndependentAndReadOnly() {
        ElfSegment text = parse(TestElf.typical().build()).segments().get(0);
        ByteBuffer a = text.bytes();
        a.position(10);
        assertEquals(0, text.bytes().position());
        assertTrue(a.isReadOnly());
    }

    @Test
    void loadsAtPhysicalAddressAndTranslatesEntry() {
        // A kernel linked high: virtual 0xffffffff80000000, physical 0x80200000.
        ElfImage image = parse(TestElf.executable()
                .entry(0xffff_ffff_8000_0010L)
                .segment(0x8020_0000L, 0xffff_ffff_8000_0000L, new byte[0x20], 0x20, 5)
                .symbol("tohost", 0xffff_ffff_8000_0008L, 8, 1, 1)
                .build());
        assertEquals(0xffff_ffff_8000_0010L, image.entry());
        assertEquals(0x8020_0010L, image.physicalEntry());
        assertEquals(0x8020_0020L, image.endAddress());
        assertEquals(Optional.of(0x8020_0008L), image.tohost());
        assertEquals(Optional.empty(), image.fromhost());
        assertEquals(0x1234L, image.toPhysical(0x1234L), "outside every segment: unchanged");
    }

    @Test
    void acceptsPositionIndependentImagesAsTheyAre() {
        ElfImage image = parse(TestElf.typical().type(3).build());
        assertTrue(image.positionIndependent());
        assertEquals(0x8000_0000L, image.segments().get(0).physicalAddress());
    }

    @Test
    void strippedImageHasNoSymbols() {
        ElfImage image = parse(TestElf.typical().withoutSections().build());
        assertTrue(image.symbols().isEmpty());
        assertEquals(Optional.empty(), image.tohost());
    }

    @Test
    void ignoresOtherProgramHeadersAndEmptySegments() {
        ElfImage image = parse(TestElf.executable()
                .header(4) // PT_NOTE
                .segment(0x8000_0000L, new byte[] {1}, 1, 5)
                .segment(0x8000_0000L, new byte[0], 0, 6) // empty: overlaps nothing
                .build());
        assertEquals(2, image.segments().size());
        assertEquals(1, image.segments().get(0).index(), "index is the program-header index");
    }

    @Test
    void globalTohostWinsOverLocal() {
        ElfImage image = parse(TestElf.executable()
                .segment(0x8000_0000L, new byte[0x20], 0x20, 6)
                .symbol("tohost", 0x8000_0000L, 8, 1, 0)
                .symbol("tohost", 0x8000_0010L, 8, 1, 1)
                .symbol("fromhost", 0x8000_0018L, 8, 1, 2, 0) // undefined: ignored
                .build());
        assertEquals(Optional.of(0x8000_0010L), image.tohost());
        assertEquals(Optional.empty(), image.fromhost());
    }

    // --- identification ---

    @Test
    void rejectsEmptyFile() {
        rejects("empty file, not an ELF file", new byte[0]);
    }

    @Test
    void rejectsBadMagic() {
        rejects("not an ELF file (bad magic)", "MZ\u0090\0 this is a PE file".getBytes());
        rejects("not an ELF file (bad magic)", new byte[] {0x7f, 'X'});
    }

    @Test
    void rejectsTruncatedIdentification() {
        rejects("truncated: the ELF header needs 64 bytes but the file has 2", new byte[] {0x7f, 'E'});
        rejects("truncated: the ELF header needs 64 bytes but the file has 40",
                Arrays.copyOf(TestElf.typical().build(), 40));
    }

    @Test
    void rejects32BitElf() {
        rejects("32-bit ELF; vmlab runs RV64 guests (ELFCLASS64)", typicalWith(e -> e[4] = 1));
        rejects("invalid ELF class 3 (expected 2, ELFCLASS64)", typicalWith(e -> e[4] = 3));
    }

    @Test
    void rejectsBigEndianElf() {
        rejects("big-endian ELF; RISC-V is little-endian", typicalWith(e -> e[5] = 2));
        rejects("invalid ELF data encoding 0 (expected 1, little-endian)", typicalWith(e -> e[5] = 0));
    }

    @Test
    void rejectsUnknownVersions() {
        rejects("unsupported ELF version 2 (expected 1)", typicalWith(e -> e[6] = 2));
        rejects("unsupported ELF version 0 in e_version (expected 1)", typicalWith(e -> putU32(e, 20, 0)));
    }

    @Test
    void rejectsOtherMachines() {
        rejects("ELF for x86-64 (machine 62), not RISC-V (243)", typicalWith(e -> putU16(e, 18, 62)));
        rejects("ELF for AArch64 (machine 183), not RISC-V (243)", typicalWith(e -> putU16(e, 18, 183)));
        rejects("ELF for another architecture (machine 999), not RISC-V (243)", typicalWith(e -> putU16(e, 18, 999)));
    }

    @Test
    void rejectsNonExecutables() {
        rejects("relocatable object file (ET_REL), not an executable; link it first", TestElf.typical().type(1).build());
        rejects("core dump (ET_CORE), not an executable", TestElf.typical().type(4).build());
        rejects("unknown ELF file type 0 (expected 2, ET_EXEC)", TestElf.typical().type(0).build());
    }

    @Test
    void rejectsShortHeaderSize() {
        rejects("e_ehsize is 52 bytes, smaller than the 64-byte ELF64 header", typicalWith(e -> putU16(e, 52, 52)));
    }

    // --- program headers ---

    @Test
    void rejectsMissingProgramHeaders() {
        rejects("no program headers, so nothing to load", typicalWith(e -> putU16(e, 56, 0)));
    }

    @Test
    void rejectsAbsurdProgramHeaderCounts() {
        rejects("extended program-header numbering (PN_XNUM) is not supported", typicalWith(e -> putU16(e, 56, 0xffff)));
        rejects("2000 program headers is more than vmlab accepts (1024)", typicalWith(e -> putU16(e, 56, 2000)));
    }

    @Test
    void rejectsWrongProgramHeaderSize() {
        rejects("program header entry size is 32 bytes; ELF64 uses 56", typicalWith(e -> putU16(e, 54, 32)));
    }

    @Test
    void rejectsTruncatedProgramHeaders() {
        // Header 0 ends at 120, header 1 at 176.
        rejects("truncated: program header 1 ends at byte 176 but the file has 150",
                Arrays.copyOf(TestElf.typical().build(), 150));
        rejects("truncated: program header 3 ends at byte 288 but the file has 240", Arrays.copyOf(
                TestElf.executable().header(4).header(4).header(4).segment(0x8000_0000L, new byte[0], 0, 5).build(),
                240));
    }

    @Test
    void rejectsProgramHeaderTableBeyondFile() {
        byte[] elf = typicalWith(e -> putU64(e, 32, 0x10_0000L));
        rejects("truncated: program header table starts at byte 1048576 but the file has " + elf.length, elf);
        rejects("truncated: program header table starts at byte 18446744073709551615 but the file has " + elf.length,
                typicalWith(e -> putU64(e, 32, -1L)));
    }

    @Test
    void rejectsSegmentLargerInFileThanInMemory() {
        rejects("segment 1: file size 0x4 exceeds memory size 0x2", typicalWith(e -> putU64(e, ph(1, 40), 2)));
    }

    @Test
    void rejectsSegmentBeyondEndOfFile() {
        byte[] elf = typicalWith(e -> {
            putU64(e, ph(0, 32), 0x1000);
            putU64(e, ph(0, 40), 0x1000);
        });
        rejects("truncated: segment 0 ends at byte " + (176 + 0x1000) + " but the file has " + elf.length, elf);
    }

    @Test
    void rejectsOverflowingSegmentOffset() {
        rejects("segment 0: file offset 0xfffffffffffffff0 plus size 0x40 overflows",
                typicalWith(e -> putU64(e, ph(0, 8), -16L)));
    }

    @Test
    void rejectsSegmentsThatWrapTheAddressSpace() {
        rejects("segment 0 at physical address 0xfffffffffffff000 with size 0x1000 wraps past the top of the "
                + "64-bit address space", TestElf.executable()
                .segment(0xffff_ffff_ffff_f000L, 0x8000_0000L, new byte[0], 0x1000, 5).build());
        rejects("segment 0 at virtual address 0xfffffffffffff800 with size 0x1000 wraps past the top of the "
                + "64-bit address space", TestElf.executable()
                .segment(0x8000_0000L, 0xffff_ffff_ffff_f800L, new byte[0], 0x1000, 5).build());
    }

    @Test
    void rejectsDynamicallyLinkedExecutables() {
        rejects("asks for a dynamic linker (PT_INTERP in program header 0); vmlab loads only static executables",
                TestElf.executable().header(3).segment(0x8000_0000L, new byte[4], 4, 5).build());
    }

    @Test
    void rejectsImagesWithNothingToLoad() {
        rejects("no loadable segment (PT_LOAD); nothing to put in memory", TestElf.executable().header(4).build());
    }

    @Test
    void rejectsOverlappingSegments() {
        rejects("segments 0 and 1 overlap in physical memory at 0x80000020", TestElf.executable()
                .segment(0x8000_0000L, new byte[0x40], 0x40, 5)
                .segment(0x8000_0020L, new byte[4], 0x100, 6)
                .build());
    }

    // --- sections and symbols ---

    @Test
    void rejectsWrongSectionHeaderSize() {
        rejects("section header entry size is 40 bytes; ELF64 uses 64", typicalWith(e -> putU16(e, 58, 40)));
    }

    @Test
    void rejectsExtendedSectionNumbering() {
        rejects("extended section numbering (e_shnum 0 with a section table) is not supported",
                typicalWith(e -> putU16(e, 60, 0)));
    }

    @Test
    void rejectsTruncatedSectionHeaders() {
        byte[] full = TestElf.typical().build();
        int shoff = (int) TestElf.getU64(full, 40);
        byte[] cut = Arrays.copyOf(full, shoff + 64 * 2 + 10);
        rejects("truncated: section header 2 ends at byte " + (shoff + 64 * 3) + " but the file has " + cut.length, cut);
        byte[] far = typicalWith(e -> putU64(e, 40, 1L << 40));
        rejects("truncated: section header table starts at byte 1099511627776 but the file has " + far.length, far);
    }

    @Test
    void rejectsBadSymbolTableGeometry() {
        rejects("symbol table (section 2) entry size is 16 bytes; ELF64 uses 24",
                typicalWith(e -> putU64(e, sh(e, 2, 56), 16)));
        rejects("symbol table (section 2) size 0x70 is not a multiple of 24",
                typicalWith(e -> putU64(e, sh(e, 2, 32), 0x70)));
        byte[] beyond = typicalWith(e -> putU64(e, sh(e, 2, 32), 24 * 1000));
        long start = TestElf.getU64(beyond, sh(beyond, 2, 24));
        rejects("truncated: symbol table (section 2) ends at byte " + (start + 24000) + " but the file has "
                + beyond.length, beyond);
        rejects("symbol table (section 2): file offset 0xffffffffffffffe8 plus size 0x78 overflows",
                typicalWith(e -> putU64(e, sh(e, 2, 24), -24L)));
    }

    @Test
    void rejectsBadStringTableLinks() {
        rejects("symbol table (section 2) links to string table section 9, but there are 5 sections",
                typicalWith(e -> putU32(e, sh(e, 2, 40), 9)));
        rejects("symbol table (section 2) links to string table section 0, but there are 5 sections",
                typicalWith(e -> putU32(e, sh(e, 2, 40), 0)));
        rejects("symbol table (section 2) links to section 1, which is not a string table",
                typicalWith(e -> putU32(e, sh(e, 2, 40), 1)));
        byte[] elf = typicalWith(e -> putU64(e, sh(e, 3, 32), 1 << 20));
        long start = TestElf.getU64(elf, sh(elf, 3, 24));
        rejects("truncated: string table (section 3) ends at byte " + (start + (1 << 20)) + " but the file has "
                + elf.length, elf);
    }

    @Test
    void rejectsBadSymbolNames() {
        // Symbol 1 (_start) has name offset 1; point it past the 29-byte string table.
        rejects("symbol 1: name offset 0x100 lies outside its string table (0x1d bytes)", typicalWith(e -> {
            int symtab = (int) TestElf.getU64(e, sh(e, 2, 24));
            putU32(e, symtab + 24, 0x100);
        }));
        // Cut the string table one byte short: the last name ("fromhost", at 0x14) loses its NUL.
        rejects("symbol 4: name at offset 0x14 runs past the end of its string table",
                typicalWith(e -> putU64(e, sh(e, 3, 32), 0x1c)));
    }

    @Test
    void rejectsAbsurdSymbolCounts() {
        rejects("symbol table (section 2) has 4194305 symbols, more than vmlab accepts (4194304)",
                largeSymbolCountImage());
    }

    /** A table whose size fits in a (large, zero-filled) file but whose count exceeds the cap. */
    private static byte[] largeSymbolCountImage() {
        byte[] small = TestElf.typical().build();
        int count = ElfParser.MAX_SYMBOLS + 1;
        byte[] elf = Arrays.copyOf(small, small.length + 24 * count);
        putU64(elf, sh(elf, 2, 24), small.length);
        putU64(elf, sh(elf, 2, 32), 24L * count);
        return elf;
    }
}
