package dev.vmlab.asm;

/**
 * The four output sections, in their order in memory. Input sections are merged into these
 * by name ({@code .text.init} goes to {@link #TEXT}) or by flags, in source order. Sections
 * without the "a" (allocate) flag ({@code .comment}, {@code .note.*}, {@code .debug_*}) are
 * {@link #UNLOADED}: assembled, then left out of the output, as a linker leaves them out of memory.
 */
enum Section {
    TEXT(".text", true, false),
    RODATA(".rodata", false, false),
    DATA(".data", false, true),
    BSS(".bss", false, true),
    UNLOADED("(not loaded)", false, false);

    /** The sections that are laid out in memory, in address order. */
    static final java.util.List<Section> LOADED = java.util.List.of(TEXT, RODATA, DATA, BSS);

    final String elfName;
    final boolean code;
    final boolean writable;

    Section(String elfName, boolean code, boolean writable) {
        this.elfName = elfName;
        this.code = code;
        this.writable = writable;
    }

    /** The output section for an input section called {@code name}, or null when the name says nothing. */
    static Section byName(String name) {
        if (is(name, ".text")) return TEXT;
        if (is(name, ".rodata") || is(name, ".srodata")) return RODATA;
        if (is(name, ".data") || is(name, ".sdata") || is(name, ".tdata")) return DATA;
        if (is(name, ".bss") || is(name, ".sbss") || is(name, ".tbss")) return BSS;
        if (name.startsWith(".note") || name.startsWith(".debug") || name.equals(".comment") || name.startsWith(".stab")
            || name.equals(".riscv.attributes")) {
            return UNLOADED;
        }
        return null;
    }

    private static boolean is(String name, String prefix) {
        return name.equals(prefix) || name.startsWith(prefix + ".");
    }
}
