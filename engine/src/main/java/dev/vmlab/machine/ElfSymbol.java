package dev.vmlab.machine;

/**
 * One entry of an ELF {@code .symtab}.
 *
 * @param name    the name from the linked string table (may be empty)
 * @param value   {@code st_value}: an address in an executable (virtual, like {@code p_vaddr})
 * @param size    {@code st_size}; 0 for labels and linker markers
 * @param type    {@code ELF64_ST_TYPE(st_info)}
 * @param binding {@code ELF64_ST_BIND(st_info)}
 * @param section {@code st_shndx}: {@link #SHN_UNDEF} for undefined, {@link #SHN_ABS} for absolute
 */
public record ElfSymbol(String name, long value, long size, Type type, Binding binding, int section) {
    public static final int SHN_UNDEF = 0;
    public static final int SHN_ABS = 0xfff1;

    /** {@code STT_*}; the values a guest image uses, the rest folded into {@link #OTHER}. */
    public enum Type {
        NOTYPE, OBJECT, FUNC, SECTION, FILE, COMMON, TLS, OTHER;

        static Type of(int sttValue) {
            return sttValue <= TLS.ordinal() ? values()[sttValue] : OTHER;
        }
    }

    /** {@code STB_*}. */
    public enum Binding {
        LOCAL, GLOBAL, WEAK, OTHER;

        static Binding of(int stbValue) {
            return stbValue <= WEAK.ordinal() ? values()[stbValue] : OTHER;
        }
    }

    /** 0 for global, 1 for weak, 2 for local, 3 otherwise: lower wins when names or addresses clash. */
    int bindingRank() {
        return switch (binding) {
            case GLOBAL -> 0;
            case WEAK -> 1;
            case LOCAL -> 2;
            case OTHER -> 3;
        };
    }

    /** False for references the static linker left unresolved (weak undefined symbols). */
    public boolean defined() {
        return section != SHN_UNDEF;
    }
}
