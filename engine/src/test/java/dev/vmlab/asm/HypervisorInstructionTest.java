package dev.vmlab.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmlab.hart.Cause;
import dev.vmlab.isa.Decoder;
import dev.vmlab.isa.OpTable;
import dev.vmlab.machine.Machine;
import dev.vmlab.machine.MachineConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hypervisor-extension rows: they assemble and decode to their own ops, and since the hart
 * has misa.H = 0, running one is an illegal-instruction exception carrying its bits.
 */
class HypervisorInstructionTest {
    private static final List<String> ALL = List.of("hfence.vvma a0, a1", "hfence.gvma", "hlv.b a0, (a1)", "hlv.bu a0, (a1)",
        "hlv.h a0, (a1)", "hlv.hu a0, (a1)", "hlvx.hu a0, (a1)", "hlv.w a0, (a1)", "hlv.wu a0, (a1)", "hlvx.wu a0, (a1)",
        "hlv.d a0, (a1)", "hsv.b a0, (a1)", "hsv.h a0, (a1)", "hsv.w a0, (a1)", "hsv.d a0, (a1)");

    @Test
    void eachDecodesToItsOwnRow() {
        for (String s : ALL) {
            int w = Asm.word(s);
            assertEquals(s.split(" ")[0], OpTable.row(Decoder.decode32(w).op).mnemonic(), s);
        }
    }

    @Test
    void eachIsIllegalOnAHartWithoutH() {
        for (String s : ALL) {
            String src = "la t0, handler\ncsrw mtvec, t0\nli a1, 0x80001000\nvictim: " + s + "\n.align 2\nhandler: j handler\n";
            Assembly a = Asm.assemble(src);
            byte[] code = a.section(".text").bytes();
            Machine m = new Machine(MachineConfig.defaults(null).withRam(1 << 20));
            m.memory.write(0x8000_0000L, code, 0, code.length);
            m.boot(0x8000_0000L, 0);
            m.run(20);
            assertEquals(Cause.ILLEGAL_INSTRUCTION, m.hart.mcause, s);
            assertEquals(a.symbol("victim").orElseThrow(), m.hart.mepc, s);
            assertEquals(Asm.word(s) & 0xffff_ffffL, m.hart.mtval, s);
        }
    }
}
