package dev.vmlab.scenario;

import static dev.vmlab.testing.Asm.*;

import dev.vmlab.testing.Asm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tiny M-mode guests for scenario tests, written as ELF files (one loadable segment at
 * 0x80000000), so no toolchain is needed. Each one exercises one way a run can end.
 */
final class TestGuests {
    static final long UART = 0x1000_0000L, FINISHER = 0x10_0000L;

    private TestGuests() {}

    /** Writes {@code program} as an ELF executable entered at its first instruction. */
    static Path elf(Path file, Asm program) throws IOException {
        byte[] code = program.bytes();
        ByteBuffer b = ByteBuffer.allocate(64 + 56 + code.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).put(new byte[8]);
        b.putShort((short) 2).putShort((short) 243).putInt(1);          // ET_EXEC, EM_RISCV, EV_CURRENT
        b.putLong(program.base()).putLong(64).putLong(0);                // entry, phoff, shoff
        b.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1);
        b.putShort((short) 64).putShort((short) 0).putShort((short) 0);  // shentsize, shnum, shstrndx
        b.putInt(1).putInt(7).putLong(120).putLong(program.base()).putLong(program.base()); // PT_LOAD, RWX
        b.putLong(code.length).putLong(code.length).putLong(4);
        b.put(code);
        Files.write(file, b.array());
        return file;
    }

    /** Prints {@code text} through the UART (without waiting: its transmitter is always ready). */
    static Asm print(Asm a, String text) {
        a.li(T0, UART);
        for (char c : text.toCharArray()) a.li(T1, c).sb(T1, 0, T0);
        return a;
    }

    /** Reports {@code 0x5555} (pass) or {@code code << 16 | 0x3333} (fail) to the test finisher. */
    static Asm finish(Asm a, int status) {
        return a.li(T0, FINISHER).li(T1, status == 0 ? 0x5555 : (long) status << 16 | 0x3333).sw(T1, 0, T0).label("end").j("end");
    }

    static Asm hello() {
        return finish(print(new Asm(), "hello\n"), 0);
    }

    /** Echoes console input until it reads '!', then passes. */
    static Asm echo() {
        Asm a = new Asm().li(S0, UART);
        a.label("poll").lbu(T0, 5, S0).andi(T0, T0, 1).beq(T0, ZERO, "poll");
        a.lbu(T1, 0, S0).sb(T1, 0, S0).li(T2, '!').bne(T1, T2, "poll");
        return finish(a, 0);
    }

    /** Takes an illegal-instruction trap into a handler that prints "trap" and fails with status 3. */
    static Asm illegal() {
        Asm a = new Asm();
        a.auipc(T0, 0).addi(T0, T0, 16).csrw(0x305, T0); // mtvec = the handler, just after the bad word
        a.word(0);                                       // all-zero: an illegal instruction
        print(a, "trap\n");
        return finish(a, 3);
    }

    /** Waits for an interrupt with none enabled and no timer armed: the run ends as idle. */
    static Asm idle() {
        return print(new Asm(), "zzz\n").wfi().label("again").j("again");
    }

    /** Loops forever. */
    static Asm spin() {
        return new Asm().label("spin").j("spin");
    }
}
