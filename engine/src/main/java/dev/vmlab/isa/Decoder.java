package dev.vmlab.isa;

/**
 * Decodes RV64IMAC + Zicsr + Zifencei + privileged instructions. Compressed instructions are
 * first expanded to their 32-bit equivalents ({@link Compressed}), so each instruction has one
 * semantics. Reserved and unsupported encodings decode to {@link Op#ILLEGAL}; the hart raises
 * an illegal-instruction exception for them.
 */
public final class Decoder {
    private Decoder() {}

    /** True when the low halfword {@code lo} starts a 32-bit instruction. */
    public static boolean isFull(int lo) { return (lo & 3) == 3; }

    /** Decodes a 32-bit instruction word. */
    public static Insn decode32(int w) {
        return decode(w, w, 4);
    }

    /** Decodes a 16-bit compressed instruction (the low 16 bits of {@code h}). */
    public static Insn decode16(int h) {
        h &= 0xffff;
        int w = Compressed.expand(h);
        if (w == 0) return new Insn(Op.ILLEGAL, 0, 0, 0, 0, 2, h, 0);
        return decode(w, h, 2);
    }

    /** Decodes whatever {@code bits} holds: a compressed instruction in the low half, or a full word. */
    public static Insn decode(int bits) {
        return isFull(bits) ? decode32(bits) : decode16(bits);
    }

    private static Insn decode(int w, int raw, int len) {
        OpTable.Row row = OpTable.match(w);
        if (row == null) return new Insn(Op.ILLEGAL, 0, 0, 0, 0, len, raw, w);
        int rd = (w >>> 7) & 31, rs1 = (w >>> 15) & 31, rs2 = (w >>> 20) & 31;
        long imm = switch (row.format()) {
            case I, LOAD, JALR -> w >> 20;
            case SHIFT -> (w >>> 20) & 63;
            case STORE -> ((w >> 25) << 5) | ((w >>> 7) & 31);
            case BRANCH -> immB(w);
            case U -> (long) (w & 0xfffff000);
            case JUMP -> immJ(w);
            case CSR, CSRI -> (w >>> 20) & 0xfff;
            case FENCE -> (w >>> 20) & 0xff;
            default -> 0;
        };
        return new Insn(row.op(), rd, rs1, rs2, imm, len, raw, w);
    }

    static long immB(int w) {
        int imm = ((w >> 31) << 12) | (((w >>> 7) & 1) << 11) | (((w >>> 25) & 0x3f) << 5) | (((w >>> 8) & 0xf) << 1);
        return imm;
    }

    static long immJ(int w) {
        int imm = ((w >> 31) << 20) | (((w >>> 12) & 0xff) << 12) | (((w >>> 20) & 1) << 11) | (((w >>> 21) & 0x3ff) << 1);
        return imm;
    }
}
