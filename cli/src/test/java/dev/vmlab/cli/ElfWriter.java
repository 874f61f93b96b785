package dev.vmlab.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ELF64 files for CLI tests, with every identification field settable so tests
 * can forge the kinds of wrong files users pass by mistake. Layout: ELF header, program
 * headers, segment bytes, then (if there are symbols) .strtab, .symtab and section headers
 * [null, .symtab, .strtab]. The header is always written in ELF64 little-endian layout; only
 * the identification bytes claim otherwise.
 */
final class ElfWriter {
    static final long RAM = 0x8000_0000L;
    private static final int EHDR = 64, PHDR = 56, SHDR = 64, SYM = 24;

    private record Segment(long paddr, long vaddr, byte[] bytes, long memsz) {}

    private record Symbol(String name, long value) {}

    private int elfClass = 2, dataEncoding = 1, machine = 243, type = 2;
    private long entry = RAM;
    private final List<Segment> segments = new ArrayList<>();
    private final List<Symbol> symbols = new ArrayList<>();

    /** A RISC-V executable whose single segment at 0x80000000 holds {@code code}. */
    static ElfWriter program(byte[] code) {
        return new ElfWriter().segment(RAM, code, code.length);
    }

    ElfWriter elfClass(int value) { elfClass = value; return this; }

    ElfWriter dataEncoding(int value) { dataEncoding = value; return this; }

    ElfWriter machine(int value) { machine = value; return this; }

    ElfWriter entry(long value) { entry = value; return this; }

    ElfWriter segment(long address, byte[] bytes, long memsz) {
        segments.add(new Segment(address, address, bytes.clone(), memsz));
        return this;
    }

    /** A global data object symbol (defined, in section 1). */
    ElfWriter symbol(String name, long value) {
        symbols.add(new Symbol(name, value));
        return this;
    }

    byte[] bytes() {
        int phoff = EHDR;
        int at = align(phoff + PHDR * segments.size(), 16);
        int[] segOffsets = new int[segments.size()];
        for (int i = 0; i < segments.size(); i++) {
            segOffsets[i] = at;
            at = align(at + segments.get(i).bytes().length, 16);
        }
        byte[] strtab = new byte[0];
        int strOff = 0, symOff = 0, shoff = 0;
        if (!symbols.isEmpty()) {
            var names = new java.io.ByteArrayOutputStream();
            names.write(0);
            for (Symbol s : symbols) {
                names.writeBytes(s.name().getBytes(StandardCharsets.UTF_8));
                names.write(0);
            }
            strtab = names.toByteArray();
            strOff = at;
            symOff = align(strOff + strtab.length, 8);
            shoff = align(symOff + SYM * (symbols.size() + 1), 8);
            at = shoff + 3 * SHDR;
        }
        ByteBuffer b = ByteBuffer.allocate(at).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, (byte) dataEncoding, 1});
        b.putShort(16, (short) type).putShort(18, (short) machine).putInt(20, 1).putLong(24, entry)
            .putLong(32, phoff).putLong(40, shoff).putInt(48, 0).putShort(52, (short) EHDR)
            .putShort(54, (short) PHDR).putShort(56, (short) segments.size())
            .putShort(58, (short) SHDR).putShort(60, (short) (symbols.isEmpty() ? 0 : 3)).putShort(62, (short) 0);
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            int p = phoff + i * PHDR;
            b.putInt(p, 1).putInt(p + 4, 7).putLong(p + 8, segOffsets[i]).putLong(p + 16, s.vaddr())
                .putLong(p + 24, s.paddr()).putLong(p + 32, s.bytes().length).putLong(p + 40, s.memsz())
                .putLong(p + 48, 16);
            b.put(segOffsets[i], s.bytes());
        }
        if (!symbols.isEmpty()) {
            b.put(strOff, strtab);
            int name = 1;
            for (int i = 0; i < symbols.size(); i++) {
                Symbol s = symbols.get(i);
                int p = symOff + (i + 1) * SYM;
                b.putInt(p, name).put(p + 4, (byte) (1 << 4 | 1)).putShort(p + 6, (short) 1)
                    .putLong(p + 8, s.value()).putLong(p + 16, 8);
                name += s.name().getBytes(StandardCharsets.UTF_8).length + 1;
            }
            int sh = shoff + SHDR;  // section 1: .symtab, linked to section 2
            b.putInt(sh + 4, 2).putLong(sh + 24, symOff).putLong(sh + 32, (long) SYM * (symbols.size() + 1))
                .putInt(sh + 40, 2).putInt(sh + 44, 1).putLong(sh + 48, 8).putLong(sh + 56, SYM);
            sh += SHDR;             // section 2: .strtab
            b.putInt(sh + 4, 3).putLong(sh + 24, strOff).putLong(sh + 32, strtab.length).putLong(sh + 48, 1);
        }
        return b.array();
    }

    Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    private static int align(int v, int a) {
        return (v + a - 1) & -a;
    }
}
