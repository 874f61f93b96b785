package dev.vmlab.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmlab.BadInputException;
import dev.vmlab.device.Console;
import dev.vmlab.machine.ElfImage;
import dev.vmlab.machine.ElfSegment;
import dev.vmlab.machine.ElfSymbol;
import dev.vmlab.machine.GuestImages;
import dev.vmlab.machine.MachineConfig;
import dev.vmlab.machine.StopReason;
import dev.vmlab.machine.Symbols;
import dev.vmlab.machine.VirtBoard;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output is an ELF the loader takes: segments, flags, symbols, entry; and it runs. */
class ElfOutputTest {
    static final String HELLO = """
        .equ UART, 0x10000000
        .equ FINISHER, 0x100000
        .globl _start
        .type _start, @function
        _start:
            la   s0, msg
            li   s1, UART
        1:  lbu  a0, 0(s0)
            beqz a0, 2f
            sb   a0, 0(s1)
            addi s0, s0, 1
            j    1b
        2:  la   t0, status
            lw   t1, 0(t0)
            li   t0, FINISHER
            sw   t1, 0(t0)
        3:  j    3b
        .size _start, . - _start
        .rodata
        msg: .asciz "Hello from vmlab asm\\n"
        .data
        status: .word 0x5555
        .bss
        scratch: .zero 256
        """;

    private static ElfImage image(String src) {
        return ElfImage.parse("t.s", Asm.assemble(src).elf());
    }

    @Test
    void oneLoadSegmentPerSectionWithItsPermissions() {
        List<ElfSegment> s = image(HELLO).segments();
        assertEquals(4, s.size());
        assertEquals(0x8000_0000L, s.get(0).physicalAddress());
        assertEquals("R E", s.get(0).flagString());
        assertEquals(0x8000_1000L, s.get(1).physicalAddress());
        assertEquals("R  ", s.get(1).flagString());
        assertEquals(0x8000_2000L, s.get(2).physicalAddress());
        assertEquals("RW ", s.get(2).flagString());
        assertEquals(0x8000_3000L, s.get(3).physicalAddress());
        assertEquals("RW ", s.get(3).flagString());
        assertEquals(0, s.get(3).fileSize(), ".bss has no bytes in the file");
        assertEquals(256, s.get(3).memorySize());
        for (ElfSegment seg : s) assertEquals(seg.physicalAddress(), seg.virtualAddress());
    }

    @Test
    void symbolTableHasLabelsWithBindingAndType() {
        ElfImage img = image(HELLO);
        assertEquals(0x8000_0000L, img.entry());
        ElfSymbol start = img.symbols().stream().filter(x -> x.name().equals("_start")).findFirst().orElseThrow();
        assertEquals(ElfSymbol.Binding.GLOBAL, start.binding());
        assertEquals(ElfSymbol.Type.FUNC, start.type());
        assertTrue(start.size() > 0);
        ElfSymbol msg = img.symbols().stream().filter(x -> x.name().equals("msg")).findFirst().orElseThrow();
        assertEquals(ElfSymbol.Binding.LOCAL, msg.binding());
        assertEquals(0x8000_1000L, msg.value());
        ElfSymbol uart = img.symbols().stream().filter(x -> x.name().equals("UART")).findFirst().orElseThrow();
        assertEquals(ElfSymbol.SHN_ABS, uart.section());
        assertFalse(img.symbols().stream().anyMatch(x -> x.name().startsWith(".L")), "no assembler-local names");
        assertEquals("_start+0x8", Symbols.of(img).describe(0x8000_0008L));
    }

    @Test
    void textBaseCanMove() {
        Assembly a = Assembler.assemble("t.s", "_start: nop\n.data\nd: .byte 1\n", Map.of(), new Assembler.Options(0x8020_0000L));
        assertEquals(0x8020_0000L, a.entry());
        assertEquals(0x8020_1000L, a.symbol("d").orElseThrow());
        assertEquals("text base 0x80200010 is not a multiple of 4 KiB", assertThrows(BadInputException.class,
            () -> Assembler.assemble("t.s", "nop", Map.of(), new Assembler.Options(0x8020_0010L))).getMessage());
    }

    @Test
    void helloRunsOnTheVirtBoard(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("hello.s");
        Files.writeString(src, HELLO);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Console console = new Console() {
            @Override public void write(int b) { out.write(b); }

            @Override public int read() { return -1; }

            @Override public boolean inputClosed() { return true; }
        };
        try (VirtBoard board = VirtBoard.build(MachineConfig.defaults(console).withRam(16 << 20))) {
            board.load(src);
            assertEquals(StopReason.PASS, board.machine.run(100_000));
        }
        assertEquals("Hello from vmlab asm\n", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void guestImagesAssemblesSourcesAndReadsElves(@TempDir Path dir) throws Exception {
        Path s = dir.resolve("p.S");
        Files.writeString(s, ".ifdef BIG\n.option rvc\n.endif\n_start: nop\n");
        List<String> notes = new java.util.ArrayList<>();
        ElfImage img = GuestImages.load(s, Map.of("BIG", 1L), notes::add);
        assertEquals(0x8000_0000L, img.entry());
        assertEquals(1, notes.size());
        Path elf = dir.resolve("p.elf");
        Files.write(elf, Asm.assemble("_start: nop\n").elf());
        assertEquals(0x8000_0000L, GuestImages.load(elf).entry());
        assertEquals(elf + ": -D X applies to assembly sources (.s, .S), not to an ELF file",
            assertThrows(BadInputException.class, () -> GuestImages.load(elf, Map.of("X", 1L))).getMessage());
        Files.writeString(dir.resolve("bad.s"), "nop\nnop a0\n");
        AsmException e = assertThrows(AsmException.class, () -> GuestImages.load(dir.resolve("bad.s")));
        assertEquals(dir.resolve("bad.s") + ":2:5: 'nop' takes no operands, found 1 operand", e.getMessage().split("\n")[0]);
    }
}
