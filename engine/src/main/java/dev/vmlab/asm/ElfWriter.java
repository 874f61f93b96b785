package dev.vmlab.asm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a linked ELF64 RISC-V executable (System V ABI, "Object Files"): the ELF header, one
 * PT_LOAD program header per non-empty section, the section contents each at a 4 KiB-aligned
 * file offset (so {@code p_offset} and {@code p_vaddr} agree modulo {@code p_align}), a
 * {@code .symtab} with its {@code .strtab}, and the section headers with {@code .shstrtab}.
 */
final class ElfWriter {
    static final int EM_RISCV = 243, ET_EXEC = 2;
    static final int PT_LOAD = 1, PF_X = 1, PF_W = 2, PF_R = 4;
    static final int SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_NOBITS = 8;
    static final int SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4;
    static final int STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2, STT_FILE = 4;
    static final int SHN_ABS = 0xfff1;

    /** A loadable section: its contents ({@code null} for .bss) and size. */
    record Out(Section section, long address, long size, byte[] bytes, long alignment) {}

    /** A symbol to write; {@code section} null for an absolute value. */
    record Sym(String name, long value, long size, int type, int binding, Section section) {}

    private ElfWriter() {}

    static byte[] write(String sourceName, long entry, List<Out> sections, List<Sym> symbols) {
        List<Out> present = new ArrayList<>();
        for (Out o : sections) if (o.size() > 0) present.add(o);
        int phnum = present.size();

        // Section header indices: 0 null, then the loadable sections, then symtab, strtab, shstrtab.
        int symtabIndex = present.size() + 1, strtabIndex = symtabIndex + 1, shstrIndex = strtabIndex + 1;
        Strings shstr = new Strings();
        Strings str = new Strings();

        long offset = 64 + 56L * phnum;
        long[] fileOffset = new long[present.size()];
        for (int i = 0; i < present.size(); i++) {
            Out o = present.get(i);
            offset = align(offset, SecondPass.PAGE);
            fileOffset[i] = offset;
            if (o.bytes() != null) offset += o.size();
        }

        // Symbols: the null symbol, a FILE symbol, locals, then globals (the ABI wants locals first).
        ByteBuffer syms = le(24L * (symbols.size() + 2));
        syms.put(new byte[24]);
        symbol(syms, str.add(sourceName), STB_LOCAL << 4 | STT_FILE, SHN_ABS, 0, 0);
        int locals = 2;
        for (int pass = 0; pass < 2; pass++) {
            for (Sym s : symbols) {
                boolean local = s.binding() == STB_LOCAL;
                if (local != (pass == 0)) continue;
                int shndx = SHN_ABS;
                if (s.section() != null) {
                    for (int i = 0; i < present.size(); i++) if (present.get(i).section() == s.section()) shndx = i + 1;
                }
                symbol(syms, str.add(s.name()), s.binding() << 4 | s.type(), shndx, s.value(), s.size());
                if (local) locals++;
            }
        }
        byte[] symtab = syms.array();
        byte[] strtab = str.bytes();
        int[] names = new int[present.size()];
        for (int i = 0; i < present.size(); i++) names[i] = shstr.add(present.get(i).section().elfName);
        int symtabName = shstr.add(".symtab"), strtabName = shstr.add(".strtab"), shstrName = shstr.add(".shstrtab");
        byte[] shstrtab = shstr.bytes();

        long symtabOff = align(offset, 8);
        long strtabOff = symtabOff + symtab.length;
        long shstrOff = strtabOff + strtab.length;
        long shoff = align(shstrOff + shstrtab.length, 8);
        int shnum = shstrIndex + 1;
        ByteBuffer b = le(shoff + 64L * shnum);

        // ELF header
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        b.position(16);
        b.putShort((short) ET_EXEC).putShort((short) EM_RISCV).putInt(1).putLong(entry).putLong(64).putLong(shoff);
        b.putInt(0);   // e_flags: no RVC, soft-float ABI
        b.putShort((short) 64).putShort((short) 56).putShort((short) phnum).putShort((short) 64).putShort((short) shnum)
            .putShort((short) shstrIndex);

        for (int i = 0; i < present.size(); i++) {
            Out o = present.get(i);
            int flags = PF_R | (o.section().code ? PF_X : 0) | (o.section().writable ? PF_W : 0);
            b.putInt(PT_LOAD).putInt(flags).putLong(fileOffset[i]).putLong(o.address()).putLong(o.address())
                .putLong(o.bytes() == null ? 0 : o.size()).putLong(o.size()).putLong(SecondPass.PAGE);
        }
        for (int i = 0; i < present.size(); i++) {
            Out o = present.get(i);
            if (o.bytes() != null) b.put((int) fileOffset[i], o.bytes());
        }
        b.put((int) symtabOff, symtab).put((int) strtabOff, strtab).put((int) shstrOff, shstrtab);

        b.position((int) shoff);
        b.put(new byte[64]);
        for (int i = 0; i < present.size(); i++) {
            Out o = present.get(i);
            Section s = o.section();
            long flags = SHF_ALLOC | (s.code ? SHF_EXECINSTR : 0) | (s.writable ? SHF_WRITE : 0);
            section(b, names[i], o.bytes() == null ? SHT_NOBITS : SHT_PROGBITS, flags, o.address(), fileOffset[i], o.size(),
                0, 0, o.alignment(), 0);
        }
        section(b, symtabName, SHT_SYMTAB, 0, 0, symtabOff, symtab.length, strtabIndex, locals, 8, 24);
        section(b, strtabName, SHT_STRTAB, 0, 0, strtabOff, strtab.length, 0, 0, 1, 0);
        section(b, shstrName, SHT_STRTAB, 0, 0, shstrOff, shstrtab.length, 0, 0, 1, 0);
        return b.array();
    }

    private static void symbol(ByteBuffer b, int name, int info, int shndx, long value, long size) {
        b.putInt(name).put((byte) info).put((byte) 0).putShort((short) shndx).putLong(value).putLong(size);
    }

    private static void section(ByteBuffer b, int name, int type, long flags, long addr, long offset, long size,
                                int link, int info, long align, long entsize) {
        b.putInt(name).putInt(type).putLong(flags).putLong(addr).putLong(offset).putLong(size).putInt(link).putInt(info)
            .putLong(align).putLong(entsize);
    }

    private static ByteBuffer le(long size) {
        return ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long align(long v, long a) {
        return (v + a - 1) & -a;
    }

    /** A string table: NUL-terminated names, offset 0 is the empty name. */
    private static final class Strings {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Strings() {
            out.write(0);
        }

        int add(String s) {
            int at = out.size();
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
            return at;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
