package dev.vmlab.machine;

import dev.vmlab.device.Console;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Boots a real M-mode firmware, OpenSBI as Debian packages it for QEMU's virt board, and checks
 * what it found by reading our device tree and probing the hart: the platform, the timer
 * frequency, the console, the PMP entries, and the delegation it set up. Skipped when the
 * firmware is not installed.
 */
class OpenSbiBootTest {
    private static final Path FW_JUMP = Path.of("/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf");

    @Test
    void openSbiBootsAndDescribesTheBoard() {
        assumeTrue(Files.isReadable(FW_JUMP), "Debian's opensbi package is not installed");
        StringBuilder out = new StringBuilder();
        Console console = new Console() {
            public void write(int b) { out.append((char) b); }
            public int read() { return -1; }
            public boolean inputClosed() { return true; }
        };
        try (VirtBoard board = VirtBoard.build(MachineConfig.defaults(console))) {
            board.load(FW_JUMP);
            assertEquals(StopReason.INSN_LIMIT, board.machine.run(20_000_000));
        }
        String text = out.toString();
        assertTrue(text.contains("Platform Name             : riscv-virtio,qemu"), text);
        assertTrue(text.contains("aclint-mtimer @ 10000000Hz"), text);
        assertTrue(text.contains("Platform Console Device   : uart8250"), text);
        assertTrue(text.contains("Platform Shutdown Device  : sifive_test"), text);
        assertTrue(text.contains("Boot HART Base ISA        : rv64imac"), text);
        assertTrue(text.contains("Boot HART PMP Count       : 16"), text);
        assertTrue(text.contains("Boot HART PMP Granularity : 4"), text);
        assertTrue(text.contains("Boot HART MIDELEG         : 0x0000000000000222"), text);
        assertTrue(text.contains("Domain0 Next Mode         : S-mode"), text);
    }
}
