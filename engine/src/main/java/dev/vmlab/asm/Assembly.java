package dev.vmlab.asm;

import java.util.List;
import java.util.Optional;

/**
 * The result of assembling: a linked ELF64 executable and what went into it. To run it, parse
 * {@link #elf()} with {@code ElfImage.parse} (or use {@code GuestImages}, which does both).
 */
public final class Assembly {
    /** A symbol of the output; {@code section} is null for an absolute value ({@code .equ}, {@code -D}). */
    public record Symbol(String name, long value, long size, boolean global, String section) {}

    /** An output section: where it is and (except .bss) its bytes. */
    public record SectionImage(String name, long address, long size, byte[] bytes) {
        /** A copy of the contents; all zeros for .bss. */
        @Override
        public byte[] bytes() {
            return bytes == null ? new byte[(int) size] : bytes.clone();
        }
    }

    private final String name;
    private final byte[] elf;
    private final long entry;
    private final List<Symbol> symbols;
    private final List<SectionImage> sections;
    private final List<String> notes;

    Assembly(String name, byte[] elf, long entry, List<Symbol> symbols, List<SectionImage> sections, List<String> notes) {
        this.name = name;
        this.elf = elf;
        this.entry = entry;
        this.symbols = List.copyOf(symbols);
        this.sections = List.copyOf(sections);
        this.notes = List.copyOf(notes);
    }

    /** The ELF file's bytes (a copy). */
    public byte[] elf() {
        return elf.clone();
    }

    /** The entry point: {@code _start} if defined, else the start of .text. */
    public long entry() {
        return entry;
    }

    /** The symbols written to .symtab (labels and assigned symbols; not .L or numeric local labels). */
    public List<Symbol> symbols() {
        return symbols;
    }

    /** The value of a symbol in {@link #symbols()}. */
    public Optional<Long> symbol(String name) {
        return symbols.stream().filter(s -> s.name().equals(name)).map(Symbol::value).findFirst();
    }

    /** .text, .rodata, .data and .bss in address order, including empty ones (which have no segment). */
    public List<SectionImage> sections() {
        return sections;
    }

    /** The section called {@code name} (".text", ".rodata", ".data", ".bss"). */
    public SectionImage section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no section " + name));
    }

    /** Remarks that are not errors ({@code .option rvc} ignored, a .globl never defined): {@code file:line:col: note: ...}. */
    public List<String> notes() {
        return notes;
    }

    /** The source's name, as errors and the ELF's FILE symbol give it. */
    public String name() {
        return name;
    }
}
