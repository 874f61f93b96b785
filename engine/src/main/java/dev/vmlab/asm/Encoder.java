package dev.vmlab.asm;

import dev.vmlab.isa.Format;
import dev.vmlab.isa.OpTable;

/**
 * Builds 32-bit instruction words from {@link OpTable} rows: the row's fixed bits, the register
 * fields, and the immediate placed as the row's {@link Format} says. This is the decoder's table
 * read the other way, so the two cannot disagree. Immediates are range-checked here, with
 * messages that give the range.
 */
final class Encoder {
    private Encoder() {}

    /**
     * @param imm    the evaluated immediate (a target address for branches and jumps)
     * @param csr    the evaluated CSR number (CSR instructions only)
     * @param pc     the instruction's address
     * @param name   the mnemonic the user wrote, for messages
     */
    static int encode(Line line, MInsn m, long imm, long csr, long pc, String name) {
        OpTable.Row row = m.row();
        int w = row.match() | m.rd() << 7 | m.rs1() << 15 | m.rs2() << 20 | m.fixed();
        switch (row.format()) {
            case I, LOAD, JALR -> w |= (int) signed(line, m, imm, 12, name) << 20;
            case STORE -> {
                int v = (int) signed(line, m, imm, 12, name);
                w |= (v >> 5 & 0x7f) << 25 | (v & 0x1f) << 7;
            }
            case SHIFT -> {
                // slli/srli/srai take a 6-bit shamt; the W forms fix bit 25 to 0 and take 5 bits.
                int width = (row.mask() & 1 << 25) != 0 ? 5 : 6;
                if (imm < 0 || imm >= 1L << width) {
                    throw line.error(m.immAt(), "shift amount " + imm + " is out of range: " + name + " takes 0.."
                        + ((1 << width) - 1));
                }
                w |= (int) imm << 20;
            }
            case U -> {
                if (imm < 0 || imm > 0xfffff) {
                    throw line.error(m.immAt(), "immediate " + show(imm) + " is out of range: " + name
                        + " takes 0..0xfffff (a 20-bit value placed in bits 31:12)");
                }
                w |= (int) imm << 12;
            }
            case BRANCH -> {
                long off = offset(line, m, imm, pc, 13, name, "branch");
                w |= (int) ((off >> 12 & 1) << 31 | (off >> 5 & 0x3f) << 25 | (off >> 1 & 0xf) << 8 | (off >> 11 & 1) << 7);
            }
            case JUMP -> {
                long off = offset(line, m, imm, pc, 21, name, "jump");
                w |= (int) ((off >> 20 & 1) << 31 | (off >> 1 & 0x3ff) << 21 | (off >> 11 & 1) << 20 | (off >> 12 & 0xff) << 12);
            }
            case CSR -> w |= csrField(line, m, csr);
            case CSRI -> {
                if (imm < 0 || imm > 31) {
                    throw line.error(m.immAt(), "immediate " + imm + " is out of range: " + name + " takes 0..31 "
                        + "(a 5-bit unsigned value)");
                }
                w |= (int) imm << 15 | csrField(line, m, csr);
            }
            default -> { }
        }
        if ((w & row.mask()) != row.match()) {
            throw new IllegalStateException("operand bits of " + row.mnemonic() + " overlap its opcode bits");
        }
        return w;
    }

    private static int csrField(Line line, MInsn m, long csr) {
        if (csr < 0 || csr > 0xfff) {
            throw line.error(m.csrAt(), "CSR number " + show(csr) + " is out of range 0..0xfff");
        }
        return (int) csr << 20;
    }

    private static long signed(Line line, MInsn m, long v, int bits, String name) {
        long lo = -(1L << (bits - 1)), hi = (1L << (bits - 1)) - 1;
        if (v < lo || v > hi) {
            throw line.error(m.immAt(), "immediate " + v + " is out of range: " + name + " takes " + lo + ".." + hi
                + " (a " + bits + "-bit signed value)");
        }
        return v & ((1L << bits) - 1);
    }

    private static long offset(Line line, MInsn m, long target, long pc, int bits, String name, String what) {
        long off = target - pc;
        long lo = -(1L << (bits - 1)), hi = (1L << (bits - 1)) - 2;
        if (off < lo || off > hi) {
            throw line.error(m.immAt(), String.format("%s target 0x%x is out of range: it is %d bytes from the %s, "
                + "and %s reaches %d..%d", what, target, off, "instruction", name, lo, hi)
                + (what.equals("branch") ? "; to go further, branch around a 'j'" : "; to go further, use call or tail"));
        }
        if ((off & 1) != 0) {
            throw line.error(m.immAt(), String.format("%s target 0x%x is not 2-byte aligned", what, target));
        }
        return off;
    }

    private static String show(long v) {
        return v > -10 && v < 10 ? Long.toString(v) : (v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v));
    }
}
