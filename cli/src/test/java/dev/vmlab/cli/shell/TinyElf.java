package dev.vmlab.cli.shell;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** A minimal RISC-V ELF64 executable: one loadable segment of 32-bit instructions at 0x80000000. */
final class TinyElf {
    private TinyElf() {}

    /** The guest fails through the test finisher with exit code 1, after two instructions. */
    static final int[] FAILS = {
        0x001002b7, // lui  t0, 0x100        the test finisher
        0x00013337, // lui  t1, 0x13
        0x33330313, // addi t1, t1, 0x333    (1 << 16) | 0x3333: fail, code 1
        0x0062a023, // sw   t1, 0(t0)
        0x0000006f, // j    .
    };

    static Path write(Path file, int... code) throws IOException {
        int codeOff = 64 + 56;
        ByteBuffer b = ByteBuffer.allocate(codeOff + code.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).put(new byte[8]);
        b.putShort((short) 2).putShort((short) 243).putInt(1); // ET_EXEC, EM_RISCV, version
        b.putLong(0x8000_0000L).putLong(64).putLong(0); // entry, phoff, shoff
        b.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1); // flags, ehsize, phentsize, phnum
        b.putShort((short) 64).putShort((short) 0).putShort((short) 0); // shentsize, shnum, shstrndx
        b.putInt(1).putInt(7).putLong(codeOff); // PT_LOAD, RWX, offset
        b.putLong(0x8000_0000L).putLong(0x8000_0000L).putLong(code.length * 4L).putLong(code.length * 4L).putLong(4);
        for (int w : code) b.putInt(w);
        return Files.write(file, b.array());
    }
}
