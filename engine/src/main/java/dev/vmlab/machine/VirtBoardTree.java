package dev.vmlab.machine;

import static dev.vmlab.machine.BoardLayout.CLINT_BASE;
import static dev.vmlab.machine.BoardLayout.CLINT_SIZE;
import static dev.vmlab.machine.BoardLayout.PLIC_BASE;
import static dev.vmlab.machine.BoardLayout.PLIC_SIZE;
import static dev.vmlab.machine.BoardLayout.TEST_BASE;
import static dev.vmlab.machine.BoardLayout.TEST_SIZE;
import static dev.vmlab.machine.BoardLayout.UART_BASE;
import static dev.vmlab.machine.BoardLayout.UART_SIZE;
import static dev.vmlab.machine.BoardLayout.VIRTIO_BASE;
import static dev.vmlab.machine.BoardLayout.VIRTIO_SIZE;

/**
 * The device tree of the lab's {@code virt} board, node for node what QEMU's
 * {@code hw/riscv/virt.c} generates for the devices the lab models (no PCI, flash, fw_cfg,
 * RTC or PMU). Property values follow the Linux bindings: {@code riscv/cpus.yaml},
 * {@code timer/sifive,clint.yaml}, {@code interrupt-controller/sifive,plic-1.0.0.yaml},
 * {@code serial/8250.yaml}, {@code virtio/mmio.yaml}, {@code power/reset/syscon-*.yaml}.
 */
final class VirtBoardTree {
    /** Local interrupt numbers on a hart's {@code riscv,cpu-intc}: the {@code mip} bit positions. */
    private static final int IRQ_M_SOFT = 3;
    private static final int IRQ_M_TIMER = 7;
    private static final int IRQ_S_EXT = 9;
    private static final int IRQ_M_EXT = 11;

    private static final String UART_PATH = "/soc/serial@" + Long.toHexString(UART_BASE);

    private VirtBoardTree() {
    }

    static byte[] build(BoardLayout layout) {
        int harts = layout.harts();
        DeviceTree dt = new DeviceTree();
        int[] cpu = new int[harts];
        int[] intc = new int[harts];
        for (int h = 0; h < harts; h++) {
            cpu[h] = dt.newPhandle();
            intc[h] = dt.newPhandle();
        }
        int plic = dt.newPhandle();
        int test = dt.newPhandle();

        dt.beginNode("")
                .propertyU32("#address-cells", 2)
                .propertyU32("#size-cells", 2)
                .propertyString("compatible", "riscv-virtio")
                .propertyString("model", "riscv-virtio,qemu");
        // Writing these values to the test device's register powers off or resets the board.
        dt.beginNode("poweroff")
                .propertyU32("value", 0x5555).propertyU32("offset", 0).propertyU32("regmap", test)
                .propertyString("compatible", "syscon-poweroff")
                .endNode();
        dt.beginNode("reboot")
                .propertyU32("value", 0x7777).propertyU32("offset", 0).propertyU32("regmap", test)
                .propertyString("compatible", "syscon-reboot")
                .endNode();
        dt.beginNode("memory@" + Long.toHexString(layout.ramBase()))
                .propertyString("device_type", "memory")
                .propertyU64s("reg", layout.ramBase(), layout.ramSize())
                .endNode();
        cpus(dt, layout, cpu, intc);
        dt.beginNode("aliases").propertyString("serial0", UART_PATH).endNode();
        dt.beginNode("chosen");
        if (!layout.bootargs().isEmpty()) {
            dt.propertyString("bootargs", layout.bootargs());   // as QEMU: only when there is a command line
        }
        dt.propertyString("stdout-path", UART_PATH).endNode();
        soc(dt, layout, intc, plic, test);
        return dt.endNode().toBlob();
    }

    private static void cpus(DeviceTree dt, BoardLayout layout, int[] cpu, int[] intc) {
        dt.beginNode("cpus")
                .propertyU32("#address-cells", 1)
                .propertyU32("#size-cells", 0)
                .propertyU32("timebase-frequency", BoardLayout.TIMEBASE_FREQUENCY);
        for (int h = 0; h < cpu.length; h++) {
            dt.beginNode("cpu@" + Integer.toHexString(h))
                    .phandle(cpu[h])
                    .propertyString("device_type", "cpu")
                    .propertyU32("reg", h)     // the hart ID, as mhartid reads it
                    .propertyString("status", "okay")
                    .propertyString("compatible", "riscv")
                    .propertyString("riscv,isa", layout.isa())
                    .propertyString("mmu-type", layout.mmu().deviceTreeName());
            dt.beginNode("interrupt-controller")
                    .propertyU32("#interrupt-cells", 1)
                    .property("interrupt-controller")
                    .propertyString("compatible", "riscv,cpu-intc")
                    .phandle(intc[h])
                    .endNode();
            dt.endNode();
        }
        // Every hart is a core of one cluster, which is how QEMU describes a socket.
        dt.beginNode("cpu-map").beginNode("cluster0");
        for (int h = 0; h < cpu.length; h++) {
            dt.beginNode("core" + h).propertyU32("cpu", cpu[h]).endNode();
        }
        dt.endNode().endNode().endNode();
    }

    private static void soc(DeviceTree dt, BoardLayout layout, int[] intc, int plic, int test) {
        dt.beginNode("soc")
                .propertyU32("#address-cells", 2)
                .propertyU32("#size-cells", 2)
                .propertyString("compatible", "simple-bus")
                .property("ranges");   // empty: bus addresses are CPU addresses
        dt.beginNode("test@" + Long.toHexString(TEST_BASE))
                .phandle(test)
                .propertyU64s("reg", TEST_BASE, TEST_SIZE)
                .propertyStrings("compatible", "sifive,test1", "sifive,test0", "syscon")
                .endNode();
        // Per hart: the CLINT drives its machine software and machine timer interrupts.
        dt.beginNode("clint@" + Long.toHexString(CLINT_BASE))
                .propertyU32s("interrupts-extended", perHart(intc, IRQ_M_SOFT, IRQ_M_TIMER))
                .propertyU64s("reg", CLINT_BASE, CLINT_SIZE)
                .propertyStrings("compatible", "sifive,clint0", "riscv,clint0")
                .endNode();
        // Per hart two PLIC contexts, in order: 2h is its M-mode external interrupt, 2h+1 its S-mode one.
        dt.beginNode("plic@" + Long.toHexString(PLIC_BASE))
                .phandle(plic)
                .propertyU32("riscv,ndev", BoardLayout.PLIC_NDEV)
                .propertyU64s("reg", PLIC_BASE, PLIC_SIZE)
                .propertyU32s("interrupts-extended", perHart(intc, IRQ_M_EXT, IRQ_S_EXT))
                .property("interrupt-controller")
                .propertyStrings("compatible", "sifive,plic-1.0.0", "riscv,plic0")
                .propertyU32("#address-cells", 0)
                .propertyU32("#interrupt-cells", 1)
                .endNode();
        dt.beginNode("serial@" + Long.toHexString(UART_BASE))
                .propertyU32("interrupts", BoardLayout.UART_IRQ)
                .propertyU32("interrupt-parent", plic)
                .propertyU32("clock-frequency", BoardLayout.UART_CLOCK)
                .propertyU64s("reg", UART_BASE, UART_SIZE)
                .propertyString("compatible", "ns16550a")
                .endNode();
        if (layout.hasDisk()) {
            dt.beginNode("virtio_mmio@" + Long.toHexString(VIRTIO_BASE))
                    .propertyU32("interrupts", BoardLayout.VIRTIO_IRQ)
                    .propertyU32("interrupt-parent", plic)
                    .propertyU64s("reg", VIRTIO_BASE, VIRTIO_SIZE)
                    .propertyString("compatible", "virtio,mmio")
                    .endNode();
        }
        dt.endNode();
    }

    /** {@code <intc0 a intc0 b intc1 a intc1 b ...>}. */
    private static int[] perHart(int[] intc, int a, int b) {
        int[] cells = new int[intc.length * 4];
        for (int h = 0; h < intc.length; h++) {
            cells[4 * h] = intc[h];
            cells[4 * h + 1] = a;
            cells[4 * h + 2] = intc[h];
            cells[4 * h + 3] = b;
        }
        return cells;
    }
}
