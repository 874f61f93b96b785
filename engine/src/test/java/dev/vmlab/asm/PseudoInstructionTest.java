package dev.vmlab.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmlab.machine.Machine;
import dev.vmlab.machine.MachineConfig;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each pseudo-instruction is its documented expansion; li loads every value it is given. */
class PseudoInstructionTest {
    @ParameterizedTest(name = "{0}  =  {1}")
    @CsvSource(delimiter = '|', value = {
        "nop                    | addi zero, zero, 0",
        "mv a0, a1              | addi a0, a1, 0",
        "not t0, t1             | xori t0, t1, -1",
        "neg s0, s1             | sub s0, zero, s1",
        "negw a2, a3            | subw a2, zero, a3",
        "sext.w a4, a5          | addiw a4, a5, 0",
        "zext.b a6, a7          | andi a6, a7, 255",
        "seqz t3, t4            | sltiu t3, t4, 1",
        "snez t5, t6            | sltu t5, zero, t6",
        "sltz s2, s3            | slt s2, s3, zero",
        "sgtz s4, s5            | slt s4, zero, s5",
        "sgt a0, a1, a2         | slt a0, a2, a1",
        "sgtu a0, a1, a2        | sltu a0, a2, a1",
        "ret                    | jalr zero, 0(ra)",
        "jr t0                  | jalr zero, 0(t0)",
        "jr 8(t0)               | jalr zero, 8(t0)",
        "jalr t0                | jalr ra, 0(t0)",
        "jalr a0, a1            | jalr a0, 0(a1)",
        "jalr a0, a1, 12        | jalr a0, 12(a1)",
        "j .+16                 | jal zero, .+16",
        "jal .+16               | jal ra, .+16",
        "beqz a0, .+8           | beq a0, zero, .+8",
        "bnez a0, .+8           | bne a0, zero, .+8",
        "blez a0, .+8           | bge zero, a0, .+8",
        "bgez a0, .+8           | bge a0, zero, .+8",
        "bltz a0, .+8           | blt a0, zero, .+8",
        "bgtz a0, .+8           | blt zero, a0, .+8",
        "bgt a0, a1, .+8        | blt a1, a0, .+8",
        "ble a0, a1, .+8        | bge a1, a0, .+8",
        "bgtu a0, a1, .+8       | bltu a1, a0, .+8",
        "bleu a0, a1, .+8       | bgeu a1, a0, .+8",
        "csrr a0, mstatus       | csrrs a0, mstatus, zero",
        "csrw mtvec, a0         | csrrw zero, mtvec, a0",
        "csrs mie, a0           | csrrs zero, mie, a0",
        "csrc mip, a0           | csrrc zero, mip, a0",
        "csrw mscratch, 3       | csrrwi zero, mscratch, 3",
        "csrwi mscratch, 3      | csrrwi zero, mscratch, 3",
        "csrsi mstatus, 8       | csrrsi zero, mstatus, 8",
        "csrci mstatus, 8       | csrrci zero, mstatus, 8",
        "rdcycle a0             | csrrs a0, cycle, zero",
        "rdtime a0              | csrrs a0, time, zero",
        "rdinstret a0           | csrrs a0, instret, zero",
        "unimp                  | csrrw zero, cycle, zero",
        "fence                  | fence iorw, iorw",
        "sfence.vma             | sfence.vma zero, zero",
        "sfence.vma a0          | sfence.vma a0, zero",
        "hfence.gvma            | hfence.gvma zero, zero",
        "add a0, a1, 5          | addi a0, a1, 5",
        "sll a0, a1, 5          | slli a0, a1, 5",
        "csrrs a0, sie, 5       | csrrsi a0, sie, 5",
        "call .+0x100           | auipc ra, 0; jalr ra, 0x100(ra)",
        "call t0, .+0x100       | auipc t1, 0; jalr t0, 0x100(t1)",
        "tail .+0x100           | auipc t1, 0; jalr zero, 0x100(t1)",
        "la a0, .+0x1800        | auipc a0, 2; addi a0, a0, -0x800",
        "lla a0, .-4            | auipc a0, 0; addi a0, a0, -4",
        "ld a0, .+0x1800        | auipc a0, 2; ld a0, -0x800(a0)",
        "sw a1, .+0x10, t0      | auipc t0, 0; sw a1, 0x10(t0)",
    })
    void expandsTo(String pseudo, String base) {
        assertArrayEquals(Asm.text(base.replace(";", "\n")), Asm.text(pseudo));
    }

    @Test
    void fenceTsoSetsTheModeBits() {
        assertEquals(0x8330000f, Asm.word("fence.tso"));
    }

    /** Runs the expansion of {@code li a0, v} for each value and reads a0 back. */
    @Test
    void liLoadsEveryValue() {
        Random random = new Random(11);
        long[] values = new long[600];
        long[] edges = {0, 1, -1, 2047, -2048, 2048, -2049, 0x7fff_f7ffL, 0x7fff_f800L, 0x7fff_ffffL, 0x8000_0000L,
            -0x8000_0000L, 0xffff_ffffL, 0x1_0000_0000L, Long.MAX_VALUE, Long.MIN_VALUE, 0x1234_5678_9abc_def0L};
        System.arraycopy(edges, 0, values, 0, edges.length);
        for (int i = edges.length; i < values.length; i++) {
            values[i] = switch (i % 4) {
                case 0 -> random.nextLong();
                case 1 -> random.nextLong() >> random.nextInt(64);
                case 2 -> random.nextLong() << random.nextInt(64);
                default -> random.nextInt();
            };
        }
        StringBuilder src = new StringBuilder();
        for (long v : values) src.append("li a0, ").append(v).append("\nsd a0, 0(sp)\naddi sp, sp, 8\n");
        src.append("1: j 1b\n");
        byte[] code = Asm.assemble(src.toString()).section(".text").bytes();
        Machine m = new Machine(MachineConfig.defaults(null).withRam(1 << 20));
        m.memory.write(0x8000_0000L, code, 0, code.length);
        m.boot(0x8000_0000L, 0);
        m.hart.x[2] = 0x8008_0000L;
        m.run(values.length * 12L);
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], m.memory.load(0x8008_0000L + 8L * i, 8), "li a0, " + values[i]);
        }
    }

    @Test
    void liUsesAsFewInstructionsAsGnuAs() {
        assertEquals(1, Asm.text("li a0, -2048").length);
        assertEquals(1, Asm.text("li a0, 0x7ffff000").length);
        assertEquals(2, Asm.text("li a0, 0x7ffff800").length);
        assertEquals(2, Asm.text("li a0, 0x80000000").length);
        assertEquals(3, Asm.text("li a0, 0xffffffff").length);
        assertEquals(8, Asm.text("li a0, 0x123456789abcdef0").length);
    }
}
