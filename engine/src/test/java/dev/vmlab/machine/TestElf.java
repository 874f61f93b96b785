package dev.vmlab.machine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes minimal ELF64 little-endian RISC-V executables for tests, so no toolchain is needed.
 * Layout: ELF header, program headers, segment bytes, .symtab, .strtab, .shstrtab, section
 * headers [null, .text, .symtab, .strtab, .shstrtab]. Symbols default to section 1 (.text).
 */
final class TestElf {
    static final int PHOFF = 64;
    static final int PHDR = 56;
    static final int TEXT_SECTION = 1;

    record Seg(long paddr, long vaddr, byte[] bytes, long memsz, int flags, int type) {}

    record Sym(String name, long value, long size, int type, int bind, int shndx) {}

    private final List<Seg> segments = new ArrayList<>();
    private final List<Sym> symbols = new ArrayList<>();
    private long entry = 0x8000_0000L;
    private int elfType = 2;
    private boolean withSections = true;

    static TestElf executable() {
        return new TestElf();
    }

    /** A typical two-segment bare-metal program at 0x80000000 with a few symbols. */
    static TestElf typical() {
        byte[] text = new byte[0x40];
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) (i + 1);
        }
        return executable()
                .entry(0x8000_0000L)
                .segment(0x8000_0000L, text, 0x40, 5)
                .segment(0x8000_1000L, new byte[] {9, 9, 9, 9}, 0x100, 6)
                .symbol("_start", 0x8000_0000L, 0, 0, 1)
                .symbol("main", 0x8000_0010L, 0x20, 2, 1)
                .symbol("tohost", 0x8000_1000L, 8, 1, 1)
                .symbol("fromhost", 0x8000_1008L, 8, 1, 1);
    }

    TestElf entry(long value) {
        entry = value;
        return this;
    }

    TestElf type(int value) {
        elfType = value;
        return this;
    }

    TestElf withoutSections() {
        withSections = false;
        return this;
    }

    TestElf segment(long addr, byte[] bytes, long memsz, int flags) {
        return segment(addr, addr, bytes, memsz, flags);
    }

    TestElf segment(long paddr, long vaddr, byte[] bytes, long memsz, int flags) {
        segments.add(new Seg(paddr, vaddr, bytes, memsz, flags, 1));
        return this;
    }

    /** A program header of any type with no bytes, e.g. PT_INTERP (3) or PT_NOTE (4). */
    TestElf header(int type) {
        segments.add(new Seg(0, 0, new byte[0], 0, 4, type));
        return this;
    }

    /** type: 0 NOTYPE, 1 OBJECT, 2 FUNC, 3 SECTION, 4 FILE; bind: 0 LOCAL, 1 GLOBAL, 2 WEAK. */
    TestElf symbol(String name, long value, long size, int type, int bind) {
        return symbol(name, value, size, type, bind, TEXT_SECTION);
    }

    TestElf symbol(String name, long value, long size, int type, int bind, int shndx) {
        symbols.add(new Sym(name, value, size, type, bind, shndx));
        return this;
    }

    byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int phnum = segments.size();
        long dataStart = PHOFF + (long) phnum * PHDR;
        List<Long> offsets = new ArrayList<>();
        long at = dataStart;
        for (Seg s : segments) {
            offsets.add(at);
            at += s.bytes().length;
        }
        ByteArrayOutputStream strtab = new ByteArrayOutputStream();
        strtab.write(0);
        ByteBuffer symtab = le(24 * (symbols.size() + 1));
        symtab.position(24);
        for (Sym s : symbols) {
            int nameOffset = strtab.size();
            strtab.writeBytes(s.name().getBytes(StandardCharsets.UTF_8));
            strtab.write(0);
            symtab.putInt(nameOffset).put((byte) ((s.bind() << 4) | s.type())).put((byte) 0)
                    .putShort((short) s.shndx()).putLong(s.value()).putLong(s.size());
        }
        byte[] shstr = "\0.text\0.symtab\0.strtab\0.shstrtab\0".getBytes(StandardCharsets.US_ASCII);
        long symtabOff = at;
        long strtabOff = symtabOff + symtab.capacity();
        long shstrOff = strtabOff + strtab.size();
        long shoff = align8(shstrOff + shstr.length);

        ByteBuffer ehdr = le(64);
        ehdr.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).put(new byte[8]);
        ehdr.putShort((short) elfType).putShort((short) 243).putInt(1).putLong(entry)
                .putLong(phnum == 0 ? 0 : PHOFF).putLong(withSections ? shoff : 0).putInt(0)
                .putShort((short) 64).putShort((short) PHDR).putShort((short) phnum)
                .putShort((short) 64).putShort((short) (withSections ? 5 : 0)).putShort((short) (withSections ? 4 : 0));
        out.writeBytes(ehdr.array());
        for (int i = 0; i < phnum; i++) {
            Seg s = segments.get(i);
            ByteBuffer ph = le(PHDR);
            ph.putInt(s.type()).putInt(s.flags()).putLong(offsets.get(i)).putLong(s.vaddr()).putLong(s.paddr())
                    .putLong(s.bytes().length).putLong(s.memsz()).putLong(0x1000);
            out.writeBytes(ph.array());
        }
        for (Seg s : segments) {
            out.writeBytes(s.bytes());
        }
        if (!withSections) {
            return out.toByteArray();
        }
        out.writeBytes(symtab.array());
        out.writeBytes(strtab.toByteArray());
        out.writeBytes(shstr);
        while (out.size() < shoff) {
            out.write(0);
        }
        long textAddr = segments.isEmpty() ? 0 : segments.get(0).vaddr();
        long textOff = offsets.isEmpty() ? 0 : offsets.get(0);
        long textSize = segments.isEmpty() ? 0 : segments.get(0).bytes().length;
        out.writeBytes(new byte[64]);
        out.writeBytes(shdr(1, 1, 6, textAddr, textOff, textSize, 0, 0, 4, 0));
        out.writeBytes(shdr(7, 2, 0, 0, symtabOff, symtab.capacity(), 3, 1, 8, 24));
        out.writeBytes(shdr(15, 3, 0, 0, strtabOff, strtab.size(), 0, 0, 1, 0));
        out.writeBytes(shdr(23, 3, 0, 0, shstrOff, shstr.length, 0, 0, 1, 0));
        return out.toByteArray();
    }

    private static byte[] shdr(int name, int type, long flags, long addr, long offset, long size,
                               int link, int info, long align, long entsize) {
        ByteBuffer b = le(64);
        b.putInt(name).putInt(type).putLong(flags).putLong(addr).putLong(offset).putLong(size)
                .putInt(link).putInt(info).putLong(align).putLong(entsize);
        return b.array();
    }

    private static long align8(long v) {
        return (v + 7) & ~7L;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    // Patching helpers for tests that corrupt one field.

    static void putU16(byte[] elf, int at, int value) {
        ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
    }

    static void putU32(byte[] elf, int at, int value) {
        ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
    }

    static void putU64(byte[] elf, int at, long value) {
        ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).putLong(at, value);
    }

    static long getU64(byte[] elf, int at) {
        return ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).getLong(at);
    }

    /** Offset of field {@code field} (bytes into the header) of program header {@code i}. */
    static int ph(int i, int field) {
        return PHOFF + i * PHDR + field;
    }

    /** Offset of field {@code field} of section header {@code i}. */
    static int sh(byte[] elf, int i, int field) {
        return (int) getU64(elf, 40) + i * 64 + field;
    }
}
