package dev.vmlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmlab.machine.ElfImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vmlab asm} and {@code vmlab run} with assembly sources. */
class AsmCommandTest {
    static final String HELLO = """
        .globl _start
        _start:
            la   a0, msg
            li   t0, 0x10000000
        1:  lbu  t1, 0(a0)
            beqz t1, 2f
            sb   t1, 0(t0)
            addi a0, a0, 1
            j    1b
        2:  li   t0, 0x100000
            li   t1, CODE
            sw   t1, 0(t0)
        3:  j    3b
        .rodata
        msg: .asciz "hi\\n"
        """;

    @Test
    void assemblesToAnElfFile(@TempDir Path dir) throws Exception {
        Path src = Files.writeString(dir.resolve("hello.s"), HELLO);
        Path out = dir.resolve("out.elf");
        Vmlab.Result r = Vmlab.run("asm", src.toString(), "-D", "CODE=0x5555", "-o", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out());
        assertEquals("", r.err());
        ElfImage img = ElfImage.read(out);
        assertEquals(0x8000_0000L, img.entry());
        assertEquals(2, img.segments().size());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("hello.s", "out.elf"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                "no temporary file left behind");
        }
        if (Files.getFileStore(out).supportsFileAttributeView("posix")) {
            assertTrue(Files.getPosixFilePermissions(out).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)
                == Files.getPosixFilePermissions(src).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
                "the output gets the same umask-derived permissions as a file the user creates, not 0600");
        }
    }

    @Test
    void defaultOutputIsTheSourceNameWithElf(@TempDir Path dir) throws Exception {
        Path src = Files.writeString(dir.resolve("prog.S"), "_start: nop\n");
        assertEquals(0, Vmlab.run("asm", src.toString()).exitCode());
        assertTrue(Files.isRegularFile(dir.resolve("prog.elf")));
    }

    @Test
    void textBaseOption(@TempDir Path dir) throws Exception {
        Path src = Files.writeString(dir.resolve("k.s"), "_start: nop\n");
        Path out = dir.resolve("k.elf");
        assertEquals(0, Vmlab.run("asm", src.toString(), "--text-base", "0x80200000", "-o", out.toString()).exitCode());
        assertEquals(0x8020_0000L, ElfImage.read(out).entry());
        Vmlab.Result bad = Vmlab.run("asm", src.toString(), "--text-base", "0x80200004", "-o", out.toString());
        assertEquals(2, bad.exitCode());
        assertEquals(List.of("vmlab: text base 0x80200004 is not a multiple of 4 KiB"), bad.errLines());
    }

    @Test
    void anErrorIsThreeLinesExitTwoAndLeavesTheOutputAlone(@TempDir Path dir) throws Exception {
        Path src = Files.writeString(dir.resolve("bad.s"), "_start:\n\tadi a0, a0, 1\n");
        Path out = Files.write(dir.resolve("bad.elf"), new byte[] {1, 2, 3});
        Vmlab.Result r = Vmlab.run("asm", src.toString(), "-o", out.toString());
        assertEquals(2, r.exitCode());
        assertEquals(List.of(src + ":2:2: unknown instruction 'adi' (did you mean 'addi'?)", "\tadi a0, a0, 1", "\t^"),
            r.errLines());
        assertEquals("", r.out());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(out), "the old output is untouched");
    }

    @Test
    void missingSourceAndUnwritableOutput(@TempDir Path dir) throws Exception {
        Vmlab.Result r = Vmlab.run("asm", dir.resolve("none.s").toString());
        assertEquals(2, r.exitCode());
        assertEquals(List.of("vmlab: " + dir.resolve("none.s") + ": no such file"), r.errLines());
        Path src = Files.writeString(dir.resolve("ok.s"), "nop\n");
        Path out = dir.resolve("no/such/dir/ok.elf");
        Vmlab.Result w = Vmlab.run("asm", src.toString(), "-o", out.toString());
        assertEquals(2, w.exitCode());
        assertEquals(List.of("vmlab: " + out + ": cannot write (no such directory)"), w.errLines());
    }

    @Test
    void badDefine(@TempDir Path dir) throws Exception {
        Path src = Files.writeString(dir.resolve("ok.s"), "nop\n");
        Vmlab.Result r = Vmlab.run("asm", src.toString(), "-D", "1X=2");
        assertEquals(2, r.exitCode());
        assertEquals(List.of("vmlab: -D 1X: not a valid symbol name (letters, digits, _ . $; not starting with a digit)"),
            r.errLines());
        assertFalse(Files.exists(dir.resolve("ok.elf")));
    }

    @Test
    void notesGoToStandardError(@TempDir Path dir) throws Exception {
        Path src = Files.writeString(dir.resolve("n.s"), ".option rvc\nnop\n");
        Vmlab.Result r = Vmlab.run("asm", src.toString());
        assertEquals(0, r.exitCode());
        assertEquals(List.of(src + ":1:1: note: '.option rvc' ignored: vmlab's assembler never emits compressed instructions"),
            r.errLines());
    }

    @Test
    void runTakesAnAssemblySourceWithDefines(@TempDir Path dir) throws Exception {
        Path src = Files.writeString(dir.resolve("hello.s"), HELLO);
        Vmlab.Result pass = Vmlab.run("run", "-q", "-D", "CODE=0x5555", src.toString());
        assertEquals(0, pass.exitCode(), pass::toString);
        assertEquals("hi\n", pass.out());
        Vmlab.Result fail = Vmlab.run("run", "-q", "-DCODE=(7<<16)|0x3333", src.toString());
        assertEquals(1, fail.exitCode(), fail::toString);
        Vmlab.Result undefined = Vmlab.run("run", "-q", src.toString());
        assertEquals(2, undefined.exitCode());
        assertEquals(List.of(src + ":11:14: li's value must be a constant known at this point, but 'CODE' is not defined before "
            + "this line", "    li   t1, CODE", "             ^"),
            undefined.errLines());
    }
}
