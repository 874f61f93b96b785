package dev.vmlab.machine;

import dev.vmlab.BadInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What varies between two boards of the lab's {@code virt} machine, and the fixed memory map
 * they share. The addresses, sizes and interrupt numbers are QEMU's ({@code hw/riscv/virt.c}),
 * so a kernel or firmware built for {@code qemu-system-riscv64 -M virt} finds its devices where
 * it expects them. The board wiring and {@link DeviceTree#virtBoard} both read them from here,
 * so the tree can never describe a device somewhere the bus does not put it.
 *
 * @param ramBase  guest-physical address of RAM (QEMU: {@link #DRAM_BASE})
 * @param ramSize  bytes of RAM, a multiple of 4 KiB
 * @param harts    number of harts, 1 to {@link #MAX_HARTS}
 * @param isa      the {@code riscv,isa} string, e.g. {@code rv64imac_zicsr_zifencei}
 * @param mmu      the widest paging mode the harts implement
 * @param hasDisk  whether a virtio block device sits at {@link #VIRTIO_BASE}
 * @param bootargs the kernel command line ({@code /chosen/bootargs}); empty for none
 */
public record BoardLayout(long ramBase, long ramSize, int harts, String isa, Mmu mmu,
                          boolean hasDisk, String bootargs) {

    /** The paging mode named by the cpu node's {@code mmu-type}. */
    public enum Mmu {
        SV39("riscv,sv39"), SV48("riscv,sv48");

        private final String deviceTreeName;

        Mmu(String deviceTreeName) {
            this.deviceTreeName = deviceTreeName;
        }

        /** The {@code mmu-type} value, e.g. {@code riscv,sv48}. */
        public String deviceTreeName() {
            return deviceTreeName;
        }
    }

    public static final long DRAM_BASE = 0x8000_0000L;
    public static final long TEST_BASE = 0x10_0000L;
    public static final long TEST_SIZE = 0x1000L;
    public static final long CLINT_BASE = 0x200_0000L;
    public static final long CLINT_SIZE = 0x1_0000L;
    public static final long PLIC_BASE = 0xc00_0000L;
    /** QEMU sizes the PLIC window for its maximum of 512 harts with two contexts each. */
    public static final long PLIC_SIZE = 0x60_0000L;
    public static final long UART_BASE = 0x1000_0000L;
    public static final long UART_SIZE = 0x100L;
    public static final long VIRTIO_BASE = 0x1000_1000L;
    public static final long VIRTIO_SIZE = 0x1000L;

    /** PLIC source numbers. */
    public static final int VIRTIO_IRQ = 1;
    public static final int UART_IRQ = 10;
    /** Sources 1..95 exist; source 0 means "no interrupt". */
    public static final int PLIC_NDEV = 95;

    /** {@code mtime} ticks per second, QEMU's value; the lab derives the tick from retired instructions. */
    public static final int TIMEBASE_FREQUENCY = 10_000_000;
    /** The 16550's input clock, 3.6864 MHz, which gives standard baud rates exactly. */
    public static final int UART_CLOCK = 0x38_4000;

    /** QEMU's limit, and what {@link #PLIC_SIZE} has room for. */
    public static final int MAX_HARTS = 512;
    public static final String DEFAULT_ISA = "rv64imac_zicsr_zifencei";

    private static final Pattern ISA = Pattern.compile("rv64[a-z][a-z0-9_]*");
    private static final long PAGE = 4096;

    public BoardLayout {
        Objects.requireNonNull(isa, "isa");
        Objects.requireNonNull(mmu, "mmu");
        bootargs = bootargs == null ? "" : bootargs;
        if (harts < 1 || harts > MAX_HARTS) {
            throw bad("harts must be 1..%d, not %d", MAX_HARTS, harts);
        }
        if (ramSize <= 0 || ramSize % PAGE != 0) {
            throw bad("RAM size 0x%x must be a positive multiple of 4 KiB", ramSize);
        }
        if ((ramBase & (PAGE - 1)) != 0) {
            throw bad("RAM base 0x%x must be 4 KiB aligned", ramBase);
        }
        if (Long.compareUnsigned(ramBase + ramSize, ramBase) <= 0) {
            throw bad("RAM 0x%x+0x%x runs past the top of the address space", ramBase, ramSize);
        }
        if (!ISA.matcher(isa).matches()) {
            throw bad("ISA string \"%s\" must look like %s (lower case, rv64 first)", isa, DEFAULT_ISA);
        }
        if (bootargs.indexOf('\0') >= 0) {
            throw bad("bootargs contain a NUL character");
        }
        checkClear(ramBase, ramSize, "the test finisher", TEST_BASE, TEST_SIZE);
        checkClear(ramBase, ramSize, "the CLINT", CLINT_BASE, CLINT_SIZE);
        checkClear(ramBase, ramSize, "the PLIC", PLIC_BASE, PLIC_SIZE);
        checkClear(ramBase, ramSize, "the UART", UART_BASE, UART_SIZE);
        if (hasDisk) {
            checkClear(ramBase, ramSize, "the virtio disk", VIRTIO_BASE, VIRTIO_SIZE);
        }
    }

    /** QEMU's defaults: RAM at {@link #DRAM_BASE}, one hart, {@link #DEFAULT_ISA}, Sv48, no disk, no bootargs. */
    public static BoardLayout standard(long ramSize) {
        return new BoardLayout(DRAM_BASE, ramSize, 1, DEFAULT_ISA, Mmu.SV48, false, "");
    }

    /** First address past RAM. */
    public long ramEnd() {
        return ramBase + ramSize;
    }

    private static void checkClear(long ramBase, long ramSize, String device, long base, long size) {
        boolean overlaps = Long.compareUnsigned(ramBase, base + size) < 0
                && Long.compareUnsigned(base, ramBase + ramSize) < 0;
        if (overlaps) {
            throw bad("RAM 0x%x..0x%x overlaps %s at 0x%x..0x%x", ramBase, ramBase + ramSize, device, base, base + size);
        }
    }

    private static BadInputException bad(String format, Object... args) {
        return new BadInputException("board: " + String.format(format, args));
    }
}
