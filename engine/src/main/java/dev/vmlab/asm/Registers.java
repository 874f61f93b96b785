package dev.vmlab.asm;

import dev.vmlab.hart.Csr;
import dev.vmlab.isa.Disassembler;
import java.util.HashMap;
import java.util.Map;

/** Register and CSR names, as GNU as spells them (lower case). */
final class Registers {
    private static final Map<String, Integer> GPR = new HashMap<>();
    private static final Map<String, Integer> CSR = new HashMap<>();

    static {
        for (int i = 0; i < 32; i++) {
            GPR.put("x" + i, i);
            GPR.put(Disassembler.ABI[i], i);
        }
        GPR.put("fp", 8);
        // The hart's table is the one source of CSR names, shared with the disassembler.
        for (var e : Csr.names().entrySet()) CSR.put(e.getValue(), e.getKey());
    }

    private Registers() {}

    /** The register number for a name, or -1. */
    static int gpr(String name) {
        Integer n = GPR.get(name);
        return n == null ? -1 : n;
    }

    /** The CSR number for a name, or -1. */
    static int csr(String name) {
        Integer n = CSR.get(name);
        return n == null ? -1 : n;
    }

    static Iterable<String> csrNames() {
        return CSR.keySet();
    }

    /** True for names that look like a register but are not one ({@code x32}, {@code a8}, {@code t7}). */
    static boolean looksLikeRegister(String name) {
        return name.matches("(x|a|s|t)[0-9]+") && gpr(name) < 0;
    }
}
