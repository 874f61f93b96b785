package dev.vmlab.asm;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The assembler never fails with anything but an {@link AsmException}: valid programs are
 * mutated at random (characters and fragments inserted, deleted, swapped) with a fixed seed,
 * and random token soup is fed in; each run must succeed or raise an AsmException whose message
 * has the three-line shape.
 */
class AsmFuzzTest {
    static final String PROGRAM = """
        # a little of everything
        .equ UART, 0x10000000
        .globl _start
        .macro push reg, off=8
            sd \\reg, \\off(sp)
        .endm
        .text
        _start:
            li   sp, 0x80010000
            la   a0, msg
            li   t0, UART
        1:  lbu  t1, 0(a0)
            beqz t1, 2f
            sb   t1, 0(t0)
            addi a0, a0, 1
            j    1b
        2:  push a0
            push a1, 16
            csrr a2, mstatus
            csrw mtvec, a2
            csrsi mie, 8
            call func
            .if UART > 0
            fence iorw, iorw
            .else
            fence
            .endif
        3:  auipc a3, %pcrel_hi(table)
            ld a3, %pcrel_lo(3b)(a3)
            lui a4, %hi(UART)
            addi a4, a4, %lo(UART)
            amoadd.w.aq a5, a6, (a7)
            lr.d t3, (t4)
            sc.d t5, t6, (s0)
            hfence.gvma
            hlv.w a0, (a1)
            tail func
        func:
            .rept 2
            nop
            .endr
            ret
        .rodata
        msg: .asciz "hi\\n"
        .align 3
        table: .dword msg, . - msg, 'x
        .data
        .balign 16
        v: .word 1, 2, 3
        .half -1
        .byte 255
        .bss
        buf: .zero 64
        """;

    private static final String[] FRAGMENTS = {
        "\\", "(", ")", ",", "\"", "'", "%", ":", ";", "#", "/*", "*/", "\n", "0x", "1b", "1f", "2:", ".", "-", "<<", "~",
        "%hi(", "%pcrel_lo(", "a0", "x31", "zero", "mstatus", ".macro m\n", ".endm\n", ".if 1\n", ".else\n", ".endif\n",
        ".rept 3\n", ".endr\n", ".irp r, a0, a1\n", "\\r", "\\@", "\\()", ".include \"x.s\"\n", ".equ Q, Q+1\n",
        ".set R, 5\n", "li a0, ", "99999999999999999999", "-9223372036854775808", "0b102", "'\\x", "\"\\777\"",
        ".section .data\n", ".bss\n", ".text\n", ".align 40\n", ".balign 3\n", ".word ", ".fill 3, 9, 1\n", "m\n",
        ".exitm\n", ".purgem m\n", "jalr", "(((", ")))", "1:", "label:", "label", ".globl ", ".type f, @function\n",
        ".size f, . - f\n", ".align 30\n", ".org 1<<40\n", "\t", "  ", "é", "\u0000", "j .+1048576\n", "beq a0, a1, .+4096\n", ".zero -1\n",
    };

    @Test
    void mutatedProgramsOnlyEverRaiseAsmException() {
        Random random = new Random(20240611);
        check(PROGRAM);
        int failures = 0;
        for (int i = 0; i < 3000; i++) {
            String src = PROGRAM;
            int edits = 1 + random.nextInt(4);
            for (int k = 0; k < edits; k++) src = mutate(src, random);
            if (!check(src)) failures++;
        }
        assertTrue(failures > 100, "mutations should break most programs; only " + failures + " did");
    }

    @Test
    void randomTokenSoupOnlyEverRaisesAsmException() {
        Random random = new Random(99);
        for (int i = 0; i < 1500; i++) {
            StringBuilder b = new StringBuilder();
            int n = 1 + random.nextInt(30);
            for (int k = 0; k < n; k++) b.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]).append(random.nextBoolean() ? " " : "");
            check(b.toString());
        }
    }

    @Test
    void pathologicalInputs() {
        check("(".repeat(100_000));
        check(".word " + "1+".repeat(100_000) + "1");
        check(".word " + "-".repeat(100_000) + "1");
        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < 5000; i++) chain.append(".equ s").append(i).append(", s").append(i + 1).append(" + 1\n");
        chain.append(".equ s5000, 0\n.word s0\n");
        check(chain.toString());
        check(".rept 1000000\n.rept 1000000\nnop\n.endr\n.endr\n");
        check(".macro m\nm\nm\n.endm\nm\n");
        check(".data\n.fill 1000000000, 8, 1\n");
        check(".align 30\nnop\n");
        check(".data\n.align 30\n.byte 1\n.rodata\n.balign 1<<30\n.byte 2\n.bss\n.align 30\n.zero 1<<29\n");
        check(".org 0x7fffffffffffffff\n");
    }

    private static String mutate(String s, Random r) {
        if (s.isEmpty()) return FRAGMENTS[r.nextInt(FRAGMENTS.length)];
        int at = r.nextInt(s.length());
        return switch (r.nextInt(6)) {
            case 0 -> s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + r.nextInt(8)));
            case 1, 2 -> s.substring(0, at) + FRAGMENTS[r.nextInt(FRAGMENTS.length)] + s.substring(at);
            case 3 -> s.substring(0, at) + (char) (32 + r.nextInt(95)) + s.substring(at);
            case 4 -> {
                List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
                int a = r.nextInt(lines.size()), b = r.nextInt(lines.size());
                String t = lines.get(a);
                lines.set(a, lines.get(b));
                lines.set(b, t);
                yield String.join("\n", lines);
            }
            default -> s.substring(0, at);
        };
    }

    /** True when the source was rejected (with a well-formed AsmException), false when it assembled. */
    private static boolean check(String src) {
        try {
            Assembler.assemble("fuzz.s", src, Map.of("DEF", 1L));
            return false;
        } catch (AsmException e) {
            String[] lines = e.getMessage().split("\n", -1);
            if (e.line() > 0 && (lines.length != 3 || !lines[0].startsWith("fuzz.s:") || !lines[2].endsWith("^"))) {
                fail("malformed message for source:\n" + src + "\n---\n" + e.getMessage());
            }
            return true;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new AssertionError("Java exception for source:\n" + src, e);
        }
    }
}
