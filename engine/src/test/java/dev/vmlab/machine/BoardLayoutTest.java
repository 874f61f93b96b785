package dev.vmlab.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vmlab.BadInputException;
import dev.vmlab.machine.BoardLayout.Mmu;
import org.junit.jupiter.api.Test;

class BoardLayoutTest {
    private static final long RAM = BoardLayout.DRAM_BASE;
    private static final String ISA = BoardLayout.DEFAULT_ISA;

    private static String rejected(long base, long size, int harts, String isa, boolean disk, String bootargs) {
        return assertThrows(BadInputException.class,
                () -> new BoardLayout(base, size, harts, isa, Mmu.SV39, disk, bootargs)).getMessage();
    }

    @Test
    void standardIsQemusDefaultBoard() {
        BoardLayout l = BoardLayout.standard(128 << 20);
        assertEquals(0x8000_0000L, l.ramBase());
        assertEquals(0x8800_0000L, l.ramEnd());
        assertEquals(1, l.harts());
        assertEquals("rv64imac_zicsr_zifencei", l.isa());
        assertEquals("riscv,sv48", l.mmu().deviceTreeName());
        assertEquals("", l.bootargs());
    }

    @Test
    void nullBootargsMeansNone() {
        assertEquals("", new BoardLayout(RAM, 1 << 20, 1, ISA, Mmu.SV39, false, null).bootargs());
    }

    @Test
    void rejectsHartCountsOutsideOneTo512() {
        assertEquals("board: harts must be 1..512, not 0", rejected(RAM, 1 << 20, 0, ISA, false, ""));
        assertEquals("board: harts must be 1..512, not 513", rejected(RAM, 1 << 20, 513, ISA, false, ""));
        new BoardLayout(RAM, 1 << 20, 512, ISA, Mmu.SV48, false, "");
    }

    @Test
    void rejectsBadRamGeometry() {
        assertEquals("board: RAM size 0x0 must be a positive multiple of 4 KiB", rejected(RAM, 0, 1, ISA, false, ""));
        assertEquals("board: RAM size 0x1001 must be a positive multiple of 4 KiB",
                rejected(RAM, 0x1001, 1, ISA, false, ""));
        assertEquals("board: RAM base 0x80000010 must be 4 KiB aligned", rejected(RAM + 16, 0x1000, 1, ISA, false, ""));
        assertEquals("board: RAM 0xfffffffffffff000+0x2000 runs past the top of the address space",
                rejected(-0x1000L, 0x2000, 1, ISA, false, ""));
    }

    @Test
    void rejectsRamOverDevices() {
        assertEquals("board: RAM 0x0..0x4000000 overlaps the test finisher at 0x100000..0x101000",
                rejected(0, 0x400_0000, 1, ISA, false, ""));
        assertEquals("board: RAM 0x2000000..0x2001000 overlaps the CLINT at 0x2000000..0x2010000",
                rejected(0x200_0000, 0x1000, 1, ISA, false, ""));
        assertEquals("board: RAM 0xc5ff000..0xc600000 overlaps the PLIC at 0xc000000..0xc600000",
                rejected(0xc5f_f000L, 0x1000, 1, ISA, false, ""));
        assertEquals("board: RAM 0x10000000..0x10001000 overlaps the UART at 0x10000000..0x10000100",
                rejected(0x1000_0000L, 0x1000, 1, ISA, false, ""));
        assertEquals("board: RAM 0x10001000..0x10002000 overlaps the virtio disk at 0x10001000..0x10002000",
                rejected(0x1000_1000L, 0x1000, 1, ISA, true, ""));
        new BoardLayout(0x1000_1000L, 0x1000, 1, ISA, Mmu.SV39, false, ""); // no disk: the window is free
        new BoardLayout(0x4000_0000L, 0x1000, 1, ISA, Mmu.SV39, false, "");
    }

    @Test
    void rejectsMalformedIsaAndBootargs() {
        assertEquals("board: ISA string \"RV64IMAC\" must look like rv64imac_zicsr_zifencei (lower case, rv64 first)",
                rejected(RAM, 0x1000, 1, "RV64IMAC", false, ""));
        assertEquals("board: ISA string \"rv32imac\" must look like rv64imac_zicsr_zifencei (lower case, rv64 first)",
                rejected(RAM, 0x1000, 1, "rv32imac", false, ""));
        assertEquals("board: bootargs contain a NUL character", rejected(RAM, 0x1000, 1, ISA, false, "a\0b"));
        assertThrows(NullPointerException.class, () -> new BoardLayout(RAM, 0x1000, 1, null, Mmu.SV39, false, ""));
    }
}
