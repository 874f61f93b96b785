package dev.vmlab.asm;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

/** Shortcuts for assembling test sources. */
final class Asm {
    private Asm() {}

    static Assembly assemble(String src) {
        return Assembler.assemble("t.s", src, Map.of());
    }

    /** The .text words of {@code src}. */
    static int[] text(String src) {
        return words(assemble(src).section(".text").bytes());
    }

    static int word(String src) {
        int[] w = text(src);
        if (w.length != 1) throw new AssertionError(src + " assembled to " + w.length + " words");
        return w[0];
    }

    static int[] words(byte[] b) {
        int[] w = new int[b.length / 4];
        for (int i = 0; i < w.length; i++) {
            w[i] = (b[4 * i] & 0xff) | (b[4 * i + 1] & 0xff) << 8 | (b[4 * i + 2] & 0xff) << 16 | (b[4 * i + 3] & 0xff) << 24;
        }
        return w;
    }

    static byte[] data(String src) {
        return assemble(src).section(".data").bytes();
    }

    static long symbol(String src, String name) {
        return assemble(src).symbol(name).orElseThrow();
    }

    static AsmException error(String src) {
        return assertThrows(AsmException.class, () -> assemble(src));
    }
}
