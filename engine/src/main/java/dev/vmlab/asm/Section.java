package dev.vmlab.asm;

/**
 * The four output sections, in their order in memory. Input sections are merged into these
 * by name ({@code .text.init} goes to {@link #TEXT}) or by flags, in source order.
 */
enum Section {
    TEXT(".text", true, false),
    RODATA(".rodata", false, false),
    DATA(".data", false, true),
    BSS(".bss", false, true);

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
        return null;
    }

    private static boolean is(String name, String prefix) {
        return name.equals(prefix) || name.startsWith(prefix + ".");
    }
}
