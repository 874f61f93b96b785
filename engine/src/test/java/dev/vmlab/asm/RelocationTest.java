package dev.vmlab.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmlab.isa.Decoder;
import dev.vmlab.isa.Insn;
import org.junit.jupiter.api.Test;

/** %hi, %lo, %pcrel_hi, %pcrel_lo, and numeric local labels. */
class RelocationTest {
    private static Insn at(int[] w, int i) {
        return Decoder.decode32(w[i]);
    }

    @Test
    void hiAndLoRebuildAnAbsoluteValue() {
        for (long v : new long[] {0x12345678L, 0x12345fffL, 0x800, -0x12345L, 0x7fff_f7ffL, -0x8000_0000L}) {
            int[] w = Asm.text("lui a0, %hi(" + v + ")\naddi a0, a0, %lo(" + v + ")\n");
            assertEquals(v, at(w, 0).imm + at(w, 1).imm, "%hi/%lo of " + v);
        }
    }

    @Test
    void pcrelPairsReachTheirTarget() {
        String src = "nop\n1: auipc a0, %pcrel_hi(msg)\naddi a0, a0, %pcrel_lo(1b)\nld a1, %pcrel_lo(1b)(a0)\n"
            + ".rodata\n.zero 0x7ff\nmsg: .byte 1\n";
        Assembly a = Asm.assemble(src);
        int[] w = Asm.words(a.section(".text").bytes());
        long auipc = 0x8000_0004L;
        long target = a.symbol("msg").orElseThrow();
        assertEquals(target, auipc + at(w, 1).imm + at(w, 2).imm);
        assertEquals(at(w, 2).imm, at(w, 3).imm, "the load uses the same low part");
    }

    @Test
    void laReachesBackwardAndForward() {
        Assembly a = Asm.assemble("back: .zero 0x1234\nla a0, back\nla a1, fwd\n.data\n.zero 0x5678\nfwd: .byte 0\n");
        int[] w = Asm.words(a.section(".text").bytes());
        long pc = 0x8000_1234L;
        assertEquals(a.symbol("back").orElseThrow(), pc + at(w, 0x1234 / 4).imm + at(w, 0x1234 / 4 + 1).imm);
        assertEquals(a.symbol("fwd").orElseThrow(), pc + 8 + at(w, 0x1234 / 4 + 2).imm + at(w, 0x1234 / 4 + 3).imm);
    }

    @Test
    void numericLabelsMeanTheNearestDefinition() {
        int[] w = Asm.text("1: nop\nj 1b\n1: j 1b\nj 1f\nj 2f\n1: nop\n2: nop\n");
        assertEquals(-4, at(w, 1).imm, "1b is the latest 1: before");
        assertEquals(0, at(w, 2).imm, "1b on the line of a 1: is that label, defined first");
        assertEquals(8, at(w, 3).imm, "1f is the next 1:");
        assertEquals(8, at(w, 4).imm, "2f");
    }

    @Test
    void numericLabelsStayOutOfTheSymbolTable() {
        Assembly a = Asm.assemble("1: nop\n.Lhidden: nop\nshown: j 1b\n");
        assertEquals(1, a.symbols().size());
        assertEquals("shown", a.symbols().get(0).name());
    }
}
