package dev.vmlab.machine;

import dev.vmlab.BadInputException;
import dev.vmlab.device.Plic;
import dev.vmlab.device.TestFinisher;
import dev.vmlab.device.Uart16550;
import dev.vmlab.device.VirtioBlock;

import java.nio.file.Path;

/**
 * QEMU's {@code virt} board: a {@link Machine} with the PLIC, a 16550 UART, an optional
 * virtio-mmio block device and the SiFive test finisher at QEMU's addresses; a generated
 * device tree near the top of RAM; and a guest ELF loaded at its physical addresses, entered
 * in M-mode with a0 = hartid and a1 = the device tree's address.
 */
public final class VirtBoard implements AutoCloseable {
    public final Machine machine;
    public final Plic plic;
    public final Uart16550 uart;
    public final VirtioBlock disk;
    private ElfImage image;
    private Symbols symbols = Symbols.empty();
    private long dtbAddress;
    private byte[] dtb;

    private VirtBoard(Machine machine, Plic plic, Uart16550 uart, VirtioBlock disk) {
        this.machine = machine;
        this.plic = plic;
        this.uart = uart;
        this.disk = disk;
    }

    /** Builds the board; a bad disk image is a {@link BadInputException}. */
    public static VirtBoard build(MachineConfig config) {
        Machine m = new Machine(config);
        Plic plic = new Plic(m.hart);
        m.map(BoardLayout.PLIC_BASE, plic);
        Uart16550 uart = new Uart16550(config.console() == null ? NullConsole.INSTANCE : config.console(),
            plic.line(BoardLayout.UART_IRQ));
        m.map(BoardLayout.UART_BASE, uart);
        m.map(BoardLayout.TEST_BASE, new TestFinisher(m));
        VirtioBlock disk = null;
        if (config.disk() != null) {
            disk = VirtioBlock.open(config.disk(), config.diskReadOnly(), m.memory, plic.line(BoardLayout.VIRTIO_IRQ));
            m.map(BoardLayout.VIRTIO_BASE, disk);
        }
        VirtBoard board = new VirtBoard(m, plic, uart, disk);
        m.onReset(board::boot);
        return board;
    }

    /** Loads a guest (an ELF, or an assembly source that is assembled first) and puts the hart at its entry. */
    public void load(Path guest) {
        load(GuestImages.load(guest));
    }

    public void load(ElfImage elf) {
        MachineConfig c = machine.config;
        BoardLayout layout = new BoardLayout(MachineConfig.RAM_BASE, c.ramSize(), 1, BoardLayout.DEFAULT_ISA,
            BoardLayout.Mmu.SV48, disk != null, c.bootargs());
        // An image outside RAM is reported as such, not as a lack of room for the device tree.
        elf.checkInside(MachineConfig.RAM_BASE, c.ramSize());
        byte[] blob = DeviceTree.virtBoard(layout);
        // Where QEMU puts it: 2 MiB-aligned, just below the end of RAM.
        long at = (layout.ramEnd() - blob.length) & ~((2L << 20) - 1);
        if (at < MachineConfig.RAM_BASE || Long.compareUnsigned(elf.endAddress(), at) > 0) {
            throw new BadInputException(elf.name() + ": image ends at 0x" + Long.toHexString(elf.endAddress())
                + " and leaves no room for the device tree in " + (c.ramSize() >> 20) + " MiB of RAM; use more --memory");
        }
        elf.load(machine.memory, MachineConfig.RAM_BASE, c.ramSize());
        this.image = elf;
        this.symbols = Symbols.of(elf);
        this.dtb = blob;
        this.dtbAddress = at;
        machine.interpreter().setSymbolizer(symbols::describe);
        elf.tohost().ifPresent(this::attachHtif);
        boot();
    }

    private void boot() {
        if (image == null) return;
        image.load(machine.memory, MachineConfig.RAM_BASE, machine.config.ramSize());
        machine.memory.write(dtbAddress, dtb, 0, dtb.length);
        machine.boot(image.physicalEntry(), dtbAddress);
    }

    /**
     * HTIF, the Berkeley host-target interface that the RISC-V conformance programs use: the
     * guest stores a command to {@code tohost}. Device 0 with bit 0 set is "exit" with the
     * code in the remaining bits (0 = pass); device 1 command 1 prints a character.
     */
    private void attachHtif(long tohost) {
        machine.memory.watch(tohost, addr -> {
            long v = machine.memory.load(addr, 8);
            if (v == 0) return;
            int device = (int) (v >>> 56), command = (int) ((v >>> 48) & 0xff);
            if (device == 0 && (v & 1) != 0) {
                machine.powerOff((int) Math.min(v >>> 1, Integer.MAX_VALUE));
            } else if (device == 1 && command == 1 && machine.config.console() != null) {
                machine.config.console().write((int) (v & 0xff));
            }
            machine.memory.store(addr, 8, 0);
            image.fromhost().ifPresent(f -> machine.memory.store(f, 8, (v >>> 48) << 48 | 1));
        });
    }

    public Symbols symbols() { return symbols; }

    public long deviceTreeAddress() { return dtbAddress; }

    public ElfImage image() { return image; }

    @Override
    public void close() {
        if (disk != null) disk.close();
        if (machine.config.console() != null) machine.config.console().flush();
    }

    /** A console for boards that nobody watches (tests, benchmarks): output dropped, no input. */
    public static final class NullConsole implements dev.vmlab.device.Console {
        public static final NullConsole INSTANCE = new NullConsole();

        @Override public void write(int b) {}

        @Override public int read() { return -1; }

        @Override public boolean inputClosed() { return true; }
    }
}
