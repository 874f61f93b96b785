package dev.vmlab.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program built by a real RISC-V toolchain, when one is installed: the parser must agree
 * with the linker script on entry, segments and symbols, and with {@code nm} on every address.
 */
class GccElfTest {
    private static final String PROGRAM = """
                .section .text.init, "ax", @progbits
                .globl _start
                .type _start, @function
            _start:
                la sp, stack_top
                call main
            1:  j 1b
                .size _start, . - _start

                .text
                .globl main
                .type main, @function
            main:
                li a0, 1
                la t0, tohost
                sd a0, 0(t0)
                ret
                .size main, . - main

                .section .tohost, "aw", @progbits
                .align 6
                .globl tohost
                .type tohost, @object
            tohost: .dword 0
                .size tohost, 8
                .align 6
                .globl fromhost
                .type fromhost, @object
            fromhost: .dword 0
                .size fromhost, 8

                .bss
                .align 4
            stack: .space 4096
            stack_top:
            """;

    private static final String LINKER_SCRIPT = """
            OUTPUT_ARCH(riscv)
            ENTRY(_start)
            SECTIONS {
              . = 0x80000000;
              .text : { *(.text.init) *(.text) }
              . = ALIGN(0x1000);
              .tohost : { *(.tohost) }
              . = ALIGN(0x1000);
              .data : { *(.data) }
              .bss : { *(.bss) }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void parsesAndLoadsAProgramBuiltByGcc() throws Exception {
        Optional<Path> gcc = HostTool.find("riscv64-unknown-elf-gcc");
        assumeTrue(gcc.isPresent(), "riscv64-unknown-elf-gcc is not installed");
        Files.writeString(dir.resolve("prog.S"), PROGRAM);
        Files.writeString(dir.resolve("link.ld"), LINKER_SCRIPT);
        HostTool.Result built = HostTool.run(dir, gcc.get(), "-march=rv64imac_zicsr_zifencei", "-mabi=lp64",
                "-nostdlib", "-nostartfiles", "-static", "-T", "link.ld", "-o", "prog", "prog.S");
        assertEquals(0, built.exitCode(), built.stderr());

        ElfImage image = ElfImage.read(dir.resolve("prog"));
        Symbols symbols = Symbols.of(image);
        assertEquals(0x8000_0000L, image.entry());
        assertEquals(Optional.of(0x8000_0000L), symbols.address("_start"));
        long main = symbols.address("main").orElseThrow();
        assertEquals("main+0x4", symbols.describe(main + 4));
        assertEquals("_start", symbols.describe(0x8000_0000L));
        assertEquals(Optional.of(0x8000_1000L), image.tohost());
        assertEquals(Optional.of(0x8000_1040L), image.fromhost());
        assertTrue(symbols.names().containsAll(java.util.List.of("_start", "main", "tohost", "fromhost", "stack_top")),
                symbols.names().toString());

        // readelf -l: [0] RISCV_ATTRIBUTES (not loaded), [1] LOAD .text, [2] LOAD .tohost + .bss.
        assertEquals(2, image.segments().size());
        ElfSegment text = image.segments().get(0);
        ElfSegment data = image.segments().get(1);
        assertEquals(1, text.index());
        assertTrue(text.executable());
        assertEquals(0x8000_0000L, text.physicalAddress());
        assertEquals(2, data.index());
        assertTrue(data.memorySize() > data.fileSize(), ".bss is memory only");
        assertEquals(symbols.address("stack_top").orElseThrow(), image.endAddress(), "stack_top ends .bss");
        // gcc 12 emits RISC-V mapping symbols ($xrv64i2p1_m2p0...) at both functions; they must not win.
        assertEquals("main", symbols.describe(main));
        assertTrue(symbols.names().stream().noneMatch(n -> n.startsWith("$")), symbols.names().toString());

        RamStub ram = new RamStub(0x8000_0000L, 0x4000);
        image.load(ram, 0x8000_0000L, 0x4000);
        assertEquals(text.bytes().getInt(0), (int) ram.load(0x8000_0000L, 4), "first instruction in place");

        Optional<Path> nm = HostTool.find("riscv64-unknown-elf-nm");
        if (nm.isPresent()) {
            HostTool.Result listing = HostTool.run(dir, nm.get(), "prog");
            assertEquals(0, listing.exitCode(), listing.stderr());
            Map<String, Long> byNm = new HashMap<>();
            for (String line : listing.stdout().split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 3) {
                    byNm.put(f[2], Long.parseUnsignedLong(f[0], 16));
                }
            }
            for (String name : new String[] {"_start", "main", "tohost", "fromhost", "stack_top"}) {
                assertEquals(byNm.get(name), symbols.address(name).orElse(null), name);
            }
        }
    }
}
