package dev.vmlab.machine;

import dev.vmlab.BadInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads an ELF64 little-endian RISC-V executable out of a byte array. Every field that comes
 * from the file is treated as hostile: offsets and sizes are unsigned 64-bit numbers checked
 * against the file length before anything is read, and counts are capped, so no byte sequence
 * can make this class index out of bounds, overflow, or allocate without limit.
 *
 * <p>Field offsets are those of the System V ABI, chapter 4 ("Object Files"): the ELF header,
 * {@code Elf64_Phdr}, {@code Elf64_Shdr} and {@code Elf64_Sym}.
 */
final class ElfParser {
    static final int EM_RISCV = 243;

    /** Real kernels have a handful; the cap bounds the work a forged {@code e_phnum} can ask for. */
    static final int MAX_PROGRAM_HEADERS = 1024;

    /** A full Linux vmlinux has about 150 000 symbols; four million leaves ample room. */
    static final int MAX_SYMBOLS = 1 << 22;

    private static final int EHDR_SIZE = 64;
    private static final int PHDR_SIZE = 56;
    private static final int SHDR_SIZE = 64;
    private static final int SYM_SIZE = 24;

    private static final int ET_REL = 1;
    private static final int ET_EXEC = 2;
    private static final int ET_DYN = 3;
    private static final int ET_CORE = 4;

    private static final int PT_LOAD = 1;
    private static final int PT_INTERP = 3;
    private static final int PN_XNUM = 0xffff;

    private static final int SHT_SYMTAB = 2;
    private static final int SHT_STRTAB = 3;

    /** Names for the machines someone is likely to pass by mistake. */
    private static final Map<Integer, String> MACHINES = Map.ofEntries(
            Map.entry(2, "SPARC"), Map.entry(3, "x86 (i386)"), Map.entry(8, "MIPS"),
            Map.entry(20, "PowerPC"), Map.entry(21, "PowerPC64"), Map.entry(22, "S/390"),
            Map.entry(40, "ARM"), Map.entry(43, "SPARC V9"), Map.entry(62, "x86-64"),
            Map.entry(183, "AArch64"), Map.entry(247, "BPF"), Map.entry(258, "LoongArch"));

    private final String name;
    private final ByteBuffer buf;
    private final long length;

    private ElfParser(String name, byte[] bytes) {
        this.name = name;
        this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.length = bytes.length;
    }

    static ElfImage parse(String name, byte[] bytes) {
        return new ElfParser(name, bytes).parse();
    }

    private ElfImage parse() {
        checkIdentification();
        int type = u16(16);
        int machine = u16(18);
        if (machine != EM_RISCV) {
            String known = MACHINES.get(machine);
            throw bad("ELF for %s (machine %d), not RISC-V (%d)",
                    known != null ? known : "another architecture", machine, EM_RISCV);
        }
        checkType(type);
        long version = u32(20);
        if (version != 1) {
            throw bad("unsupported ELF version %d in e_version (expected 1)", version);
        }
        if (u16(52) < EHDR_SIZE) {
            throw bad("e_ehsize is %d bytes, smaller than the %d-byte ELF64 header", u16(52), EHDR_SIZE);
        }
        long entry = u64(24);
        List<ElfSegment> segments = readSegments(u64(32), u16(54), u16(56));
        List<ElfSymbol> symbols = readSymbols(u64(40), u16(58), u16(60));
        return new ElfImage(name, type == ET_DYN, entry, segments, symbols);
    }

    private void checkIdentification() {
        if (length == 0) {
            throw bad("empty file, not an ELF file");
        }
        byte[] magic = {0x7f, 'E', 'L', 'F'};
        for (int i = 0; i < magic.length && i < length; i++) {
            if (buf.get(i) != magic[i]) {
                throw bad("not an ELF file (bad magic)");
            }
        }
        if (length < 16) {
            throw truncatedHeader();
        }
        int elfClass = buf.get(4);
        if (elfClass == 1) {
            throw bad("32-bit ELF; vmlab runs RV64 guests (ELFCLASS64)");
        }
        if (elfClass != 2) {
            throw bad("invalid ELF class %d (expected 2, ELFCLASS64)", elfClass);
        }
        int data = buf.get(5);
        if (data == 2) {
            throw bad("big-endian ELF; RISC-V is little-endian");
        }
        if (data != 1) {
            throw bad("invalid ELF data encoding %d (expected 1, little-endian)", data);
        }
        if (buf.get(6) != 1) {
            throw bad("unsupported ELF version %d (expected 1)", buf.get(6) & 0xff);
        }
        if (length < EHDR_SIZE) {
            throw truncatedHeader();
        }
    }

    private BadInputException truncatedHeader() {
        return bad("truncated: the ELF header needs %d bytes but the file has %d", EHDR_SIZE, length);
    }

    private void checkType(int type) {
        switch (type) {
            case ET_EXEC, ET_DYN -> { }
            case ET_REL -> throw bad("relocatable object file (ET_REL), not an executable; link it first");
            case ET_CORE -> throw bad("core dump (ET_CORE), not an executable");
            default -> throw bad("unknown ELF file type %d (expected 2, ET_EXEC)", type);
        }
    }

    private List<ElfSegment> readSegments(long phoff, int phentsize, int phnum) {
        if (phnum == 0) {
            throw bad("no program headers, so nothing to load");
        }
        if (phnum == PN_XNUM) {
            throw bad("extended program-header numbering (PN_XNUM) is not supported");
        }
        if (phnum > MAX_PROGRAM_HEADERS) {
            throw bad("%d program headers is more than vmlab accepts (%d)", phnum, MAX_PROGRAM_HEADERS);
        }
        if (phentsize != PHDR_SIZE) {
            throw bad("program header entry size is %d bytes; ELF64 uses %d", phentsize, PHDR_SIZE);
        }
        checkTable("program header", phoff, phnum, PHDR_SIZE);
        List<ElfSegment> loads = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int at = (int) (phoff + (long) i * PHDR_SIZE);
            int type = (int) u32(at);
            if (type == PT_INTERP) {
                throw bad("asks for a dynamic linker (PT_INTERP in program header %d); "
                        + "vmlab loads only static executables", i);
            }
            if (type == PT_LOAD) {
                loads.add(readLoad(i, at));
            }
        }
        if (loads.isEmpty()) {
            throw bad("no loadable segment (PT_LOAD); nothing to put in memory");
        }
        checkNoOverlap(loads);
        return List.copyOf(loads);
    }

    private ElfSegment readLoad(int index, int at) {
        int flags = (int) u32(at + 4);
        long offset = u64(at + 8);
        long vaddr = u64(at + 16);
        long paddr = u64(at + 24);
        long filesz = u64(at + 32);
        long memsz = u64(at + 40);
        if (Long.compareUnsigned(filesz, memsz) > 0) {
            throw bad("segment %d: file size 0x%x exceeds memory size 0x%x", index, filesz, memsz);
        }
        if (Long.compareUnsigned(offset, length) > 0 || Long.compareUnsigned(filesz, length - offset) > 0) {
            if (Long.compareUnsigned(offset + filesz, offset) < 0) {
                throw bad("segment %d: file offset 0x%x plus size 0x%x overflows", index, offset, filesz);
            }
            throw bad("truncated: segment %d ends at byte %s but the file has %d",
                    index, Long.toUnsignedString(offset + filesz), length);
        }
        checkNoWrap(index, "physical", paddr, memsz);
        checkNoWrap(index, "virtual", vaddr, memsz);
        ByteBuffer bytes = buf.slice((int) offset, (int) filesz);
        return new ElfSegment(index, paddr, vaddr, memsz, flags, bytes);
    }

    private void checkNoWrap(int index, String space, long address, long size) {
        // An end of exactly 2^64 wraps to 0 as well; no RAM lives there, so reject it too.
        if (size != 0 && Long.compareUnsigned(address + size, address) <= 0) {
            throw bad("segment %d at %s address 0x%x with size 0x%x wraps past the top of the "
                    + "64-bit address space", index, space, address, size);
        }
    }

    /** Two segments that claim the same bytes would make the load order matter, which the ELF format never intends. */
    private void checkNoOverlap(List<ElfSegment> loads) {
        List<ElfSegment> sorted = new ArrayList<>(loads);
        sorted.removeIf(s -> s.memorySize() == 0);
        sorted.sort(Comparator.comparing(ElfSegment::physicalAddress, Long::compareUnsigned));
        for (int i = 1; i < sorted.size(); i++) {
            ElfSegment prev = sorted.get(i - 1);
            ElfSegment next = sorted.get(i);
            if (Long.compareUnsigned(next.physicalAddress(), prev.physicalEnd()) < 0) {
                int a = Math.min(prev.index(), next.index());
                int b = Math.max(prev.index(), next.index());
                throw bad("segments %d and %d overlap in physical memory at 0x%x", a, b, next.physicalAddress());
            }
        }
    }

    private List<ElfSymbol> readSymbols(long shoff, int shentsize, int shnum) {
        if (shoff == 0) {
            return List.of();   // stripped of its section headers: fine, just no symbols
        }
        if (shnum == 0) {
            throw bad("extended section numbering (e_shnum 0 with a section table) is not supported");
        }
        if (shentsize != SHDR_SIZE) {
            throw bad("section header entry size is %d bytes; ELF64 uses %d", shentsize, SHDR_SIZE);
        }
        checkTable("section header", shoff, shnum, SHDR_SIZE);
        for (int i = 0; i < shnum; i++) {
            int at = (int) (shoff + (long) i * SHDR_SIZE);
            if (u32(at + 4) == SHT_SYMTAB) {
                return readSymbolTable(i, at, shoff, shnum);
            }
        }
        return List.of();
    }

    private List<ElfSymbol> readSymbolTable(int index, int at, long shoff, int shnum) {
        String what = "symbol table (section " + index + ")";
        long offset = u64(at + 24);
        long size = u64(at + 32);
        long link = u32(at + 40);
        long entsize = u64(at + 56);
        if (entsize != SYM_SIZE) {
            throw bad("%s entry size is %s bytes; ELF64 uses %d", what, Long.toUnsignedString(entsize), SYM_SIZE);
        }
        if (Long.remainderUnsigned(size, SYM_SIZE) != 0) {
            throw bad("%s size 0x%x is not a multiple of %d", what, size, SYM_SIZE);
        }
        checkRange(what, offset, size);
        long count = size / SYM_SIZE;
        if (count > MAX_SYMBOLS) {
            throw bad("%s has %d symbols, more than vmlab accepts (%d)", what, count, MAX_SYMBOLS);
        }
        if (link == 0 || link >= shnum) {
            throw bad("%s links to string table section %d, but there are %d sections", what, link, shnum);
        }
        int strAt = (int) (shoff + link * SHDR_SIZE);
        if (u32(strAt + 4) != SHT_STRTAB) {
            throw bad("%s links to section %d, which is not a string table", what, link);
        }
        long strOffset = u64(strAt + 24);
        long strSize = u64(strAt + 32);
        checkRange("string table (section " + link + ")", strOffset, strSize);

        List<ElfSymbol> symbols = new ArrayList<>((int) count);
        for (int j = 1; j < count; j++) {   // entry 0 is the reserved null symbol
            int sym = (int) (offset + (long) j * SYM_SIZE);
            String name = stringAt(j, u32(sym), (int) strOffset, (int) strSize);
            int info = buf.get(sym + 4) & 0xff;
            symbols.add(new ElfSymbol(name, u64(sym + 8), u64(sym + 16),
                    ElfSymbol.Type.of(info & 0xf), ElfSymbol.Binding.of(info >>> 4), u16(sym + 6)));
        }
        return List.copyOf(symbols);
    }

    private String stringAt(int symbol, long nameOffset, int tableAt, int tableSize) {
        if (nameOffset >= tableSize) {
            throw bad("symbol %d: name offset 0x%x lies outside its string table (0x%x bytes)",
                    symbol, nameOffset, tableSize);
        }
        int start = tableAt + (int) nameOffset;
        int end = tableAt + tableSize;
        for (int p = start; p < end; p++) {
            if (buf.get(p) == 0) {
                byte[] raw = new byte[p - start];
                buf.get(start, raw);
                return new String(raw, StandardCharsets.UTF_8);
            }
        }
        throw bad("symbol %d: name at offset 0x%x runs past the end of its string table", symbol, nameOffset);
    }

    /** Checks that a table of {@code count} entries lies in the file, naming the first entry that does not. */
    private void checkTable(String what, long tableOffset, int count, int entrySize) {
        if (Long.compareUnsigned(tableOffset, length) > 0) {
            throw bad("truncated: %s table starts at byte %s but the file has %d",
                    what, Long.toUnsignedString(tableOffset), length);
        }
        // tableOffset <= length <= 512 MiB and count < 65536, so these sums cannot overflow.
        long fits = (length - tableOffset) / entrySize;
        if (count > fits) {
            throw bad("truncated: %s %d ends at byte %d but the file has %d",
                    what, fits, tableOffset + (fits + 1) * entrySize, length);
        }
    }

    private void checkRange(String what, long offset, long size) {
        if (Long.compareUnsigned(offset, length) > 0 || Long.compareUnsigned(size, length - offset) > 0) {
            if (Long.compareUnsigned(offset + size, offset) < 0) {
                throw bad("%s: file offset 0x%x plus size 0x%x overflows", what, offset, size);
            }
            throw bad("truncated: %s ends at byte %s but the file has %d",
                    what, Long.toUnsignedString(offset + size), length);
        }
    }

    private int u16(int at) {
        return buf.getShort(at) & 0xffff;
    }

    private long u32(int at) {
        return buf.getInt(at) & 0xffff_ffffL;
    }

    private long u64(int at) {
        return buf.getLong(at);
    }

    private BadInputException bad(String format, Object... args) {
        return new BadInputException(name + ": " + String.format(format, args));
    }
}
