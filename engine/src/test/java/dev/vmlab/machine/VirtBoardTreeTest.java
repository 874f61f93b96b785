package dev.vmlab.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vmlab.machine.BoardLayout.Mmu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DeviceTree#virtBoard}: QEMU virt's nodes and values, read back in Java and by dtc. */
class VirtBoardTreeTest {
    private static final BoardLayout TWO_HARTS_WITH_DISK = new BoardLayout(0x8000_0000L, 256L << 20, 2,
            "rv64imac_zicsr_zifencei", Mmu.SV39, true, "console=ttyS0 earlycon=sbi");

    @TempDir
    Path dir;

    private static FdtReader.Node tree(BoardLayout layout) {
        return FdtReader.read(DeviceTree.virtBoard(layout));
    }

    @Test
    void headerIsVersion17WithConsistentOffsets() {
        byte[] blob = DeviceTree.virtBoard(BoardLayout.standard(128 << 20));
        FdtReader.Header h = FdtReader.header(blob);
        assertEquals(0xd00dfeed, h.magic());
        assertEquals(blob.length, h.totalSize());
        assertEquals(17, h.version());
        assertEquals(16, h.lastCompatibleVersion());
        assertEquals(0, h.bootCpu());
        assertTrue(blob.length < 4096, "fits in a page: " + blob.length);
    }

    @Test
    void rootMemoryAndChosen() {
        FdtReader.Node root = tree(TWO_HARTS_WITH_DISK);
        assertEquals(2, root.u32("#address-cells"));
        assertEquals(2, root.u32("#size-cells"));
        assertEquals("riscv-virtio", root.string("compatible"));
        assertEquals("riscv-virtio,qemu", root.string("model"));

        FdtReader.Node memory = root.child("memory@80000000");
        assertEquals("memory", memory.string("device_type"));
        assertArrayEquals(new int[] {0, 0x8000_0000, 0, 0x1000_0000}, memory.cells("reg"));

        FdtReader.Node chosen = root.child("chosen");
        assertEquals("console=ttyS0 earlycon=sbi", chosen.string("bootargs"));
        assertEquals("/soc/serial@10000000", chosen.string("stdout-path"));
        assertEquals("/soc/serial@10000000", root.child("aliases").string("serial0"));
    }

    @Test
    void noBootargsPropertyWithoutACommandLine() {
        FdtReader.Node chosen = tree(BoardLayout.standard(64 << 20)).child("chosen");
        assertNull(chosen.properties.get("bootargs"));
        assertEquals("/soc/serial@10000000", chosen.string("stdout-path"));
    }

    @Test
    void memoryNodeFollowsTheLayout() {
        FdtReader.Node root = tree(new BoardLayout(0x1_0000_0000L, 1L << 32, 1, "rv64imac", Mmu.SV48, false, ""));
        assertArrayEquals(new int[] {1, 0, 1, 0}, root.child("memory@100000000").cells("reg"));
    }

    @Test
    void oneCpuNodePerHartWithItsInterruptController() {
        FdtReader.Node cpus = tree(TWO_HARTS_WITH_DISK).child("cpus");
        assertEquals(10_000_000, cpus.u32("timebase-frequency"));
        assertEquals(1, cpus.u32("#address-cells"));
        assertEquals(0, cpus.u32("#size-cells"));
        for (int h = 0; h < 2; h++) {
            FdtReader.Node cpu = cpus.child("cpu@" + h);
            assertNotNull(cpu, "cpu@" + h);
            assertEquals("cpu", cpu.string("device_type"));
            assertEquals(h, cpu.u32("reg"));
            assertEquals("okay", cpu.string("status"));
            assertEquals("riscv", cpu.string("compatible"));
            assertEquals("rv64imac_zicsr_zifencei", cpu.string("riscv,isa"));
            assertEquals("riscv,sv39", cpu.string("mmu-type"));
            FdtReader.Node intc = cpu.child("interrupt-controller");
            assertEquals(1, intc.u32("#interrupt-cells"));
            assertEquals(0, intc.require("interrupt-controller").length);
            assertEquals("riscv,cpu-intc", intc.string("compatible"));
            int cpuPhandle = cpu.u32("phandle");
            assertEquals(cpuPhandle, cpus.child("cpu-map").child("cluster0").child("core" + h).u32("cpu"));
        }
        assertNull(cpus.child("cpu@2"));
    }

    @Test
    void clintAndPlicRouteEachHartsInterrupts() {
        FdtReader.Node root = tree(TWO_HARTS_WITH_DISK);
        int intc0 = root.child("cpus").child("cpu@0").child("interrupt-controller").u32("phandle");
        int intc1 = root.child("cpus").child("cpu@1").child("interrupt-controller").u32("phandle");
        FdtReader.Node soc = root.child("soc");
        assertEquals("simple-bus", soc.string("compatible"));
        assertEquals(0, soc.require("ranges").length);
        assertEquals(2, soc.u32("#address-cells"));
        assertEquals(2, soc.u32("#size-cells"));

        FdtReader.Node clint = soc.child("clint@2000000");
        assertEquals(List.of("sifive,clint0", "riscv,clint0"), clint.strings("compatible"));
        assertArrayEquals(new int[] {0, 0x200_0000, 0, 0x1_0000}, clint.cells("reg"));
        assertArrayEquals(new int[] {intc0, 3, intc0, 7, intc1, 3, intc1, 7}, clint.cells("interrupts-extended"));

        FdtReader.Node plic = soc.child("plic@c000000");
        assertEquals(List.of("sifive,plic-1.0.0", "riscv,plic0"), plic.strings("compatible"));
        assertArrayEquals(new int[] {0, 0xc00_0000, 0, 0x60_0000}, plic.cells("reg"));
        assertEquals(1, plic.u32("#interrupt-cells"));
        assertEquals(0, plic.u32("#address-cells"));
        assertEquals(0, plic.require("interrupt-controller").length);
        assertEquals(95, plic.u32("riscv,ndev"));
        assertArrayEquals(new int[] {intc0, 11, intc0, 9, intc1, 11, intc1, 9}, plic.cells("interrupts-extended"));
    }

    @Test
    void uartDiskAndTestFinisher() {
        FdtReader.Node root = tree(TWO_HARTS_WITH_DISK);
        FdtReader.Node soc = root.child("soc");
        int plic = soc.child("plic@c000000").u32("phandle");

        FdtReader.Node uart = soc.child("serial@10000000");
        assertEquals("ns16550a", uart.string("compatible"));
        assertArrayEquals(new int[] {0, 0x1000_0000, 0, 0x100}, uart.cells("reg"));
        assertEquals(0x384000, uart.u32("clock-frequency"));
        assertEquals(10, uart.u32("interrupts"));
        assertEquals(plic, uart.u32("interrupt-parent"));

        FdtReader.Node virtio = soc.child("virtio_mmio@10001000");
        assertEquals("virtio,mmio", virtio.string("compatible"));
        assertArrayEquals(new int[] {0, 0x1000_1000, 0, 0x1000}, virtio.cells("reg"));
        assertEquals(1, virtio.u32("interrupts"));
        assertEquals(plic, virtio.u32("interrupt-parent"));

        FdtReader.Node test = soc.child("test@100000");
        assertEquals(List.of("sifive,test1", "sifive,test0", "syscon"), test.strings("compatible"));
        assertArrayEquals(new int[] {0, 0x10_0000, 0, 0x1000}, test.cells("reg"));
        int testPhandle = test.u32("phandle");

        FdtReader.Node poweroff = root.child("poweroff");
        assertEquals("syscon-poweroff", poweroff.string("compatible"));
        assertEquals(testPhandle, poweroff.u32("regmap"));
        assertEquals(0, poweroff.u32("offset"));
        assertEquals(0x5555, poweroff.u32("value"));
        FdtReader.Node reboot = root.child("reboot");
        assertEquals("syscon-reboot", reboot.string("compatible"));
        assertEquals(testPhandle, reboot.u32("regmap"));
        assertEquals(0, reboot.u32("offset"));
        assertEquals(0x7777, reboot.u32("value"));
    }

    @Test
    void noVirtioNodeWithoutADisk() {
        FdtReader.Node soc = tree(BoardLayout.standard(64 << 20)).child("soc");
        assertNull(soc.child("virtio_mmio@10001000"));
        assertNotNull(soc.child("serial@10000000"));
    }

    @Test
    void phandlesAreUniqueAndEveryReferenceResolves() {
        FdtReader.Node root = tree(new BoardLayout(0x8000_0000L, 1 << 30, 8, "rv64imach_zicsr_zifencei",
                Mmu.SV48, true, ""));
        Map<Integer, String> owners = new TreeMap<>();
        collectPhandles(root, owners);
        assertEquals(8 * 2 + 2, owners.size());
        FdtReader.Node soc = root.child("soc");
        int[] clint = soc.child("clint@2000000").cells("interrupts-extended");
        for (int i = 0; i < clint.length; i += 2) {
            assertTrue(owners.get(clint[i]).endsWith("/interrupt-controller"), owners.get(clint[i]));
        }
        assertTrue(owners.get(soc.child("serial@10000000").u32("interrupt-parent")).endsWith("plic@c000000"));
    }

    private static void collectPhandles(FdtReader.Node node, Map<Integer, String> owners) {
        byte[] ph = node.properties.get("phandle");
        if (ph != null) {
            assertNull(owners.put(node.u32("phandle"), node.path), "duplicate phandle on " + node.path);
        }
        node.children.forEach(c -> collectPhandles(c, owners));
    }

    @Test
    void largestBoardStillBuilds() {
        BoardLayout big = new BoardLayout(0x8000_0000L, 1L << 34, BoardLayout.MAX_HARTS, "rv64imac", Mmu.SV48, true, "");
        FdtReader.Node root = tree(big);
        assertNotNull(root.child("cpus").child("cpu@1ff"));
        assertEquals(512 * 4, root.child("soc").child("plic@c000000").cells("interrupts-extended").length);
    }

    @Test
    void isDeterministic() {
        assertArrayEquals(DeviceTree.virtBoard(TWO_HARTS_WITH_DISK), DeviceTree.virtBoard(TWO_HARTS_WITH_DISK));
    }

    /**
     * dtc decompiles the blob, compiles its own output back, and the two trees must be equal.
     * The one warning allowed is dtc's interrupt_provider check on the hart interrupt
     * controllers, which QEMU's own tree triggers too (they carry no {@code #address-cells}).
     */
    @Test
    void dtcReadsTheBlobAsWritten() throws Exception {
        Optional<Path> dtc = HostTool.find("dtc");
        assumeTrue(dtc.isPresent(), "dtc is not installed");
        byte[] blob = DeviceTree.virtBoard(TWO_HARTS_WITH_DISK);
        Files.write(dir.resolve("virt.dtb"), blob);

        HostTool.Result dts = HostTool.run(dir, dtc.get(), "-I", "dtb", "-O", "dts", "-o", "virt.dts", "virt.dtb");
        assertEquals(0, dts.exitCode(), dts.stderr());
        assertOnlyKnownWarnings(dts.stderr());
        String source = Files.readString(dir.resolve("virt.dts"));
        for (String node : List.of("memory@80000000 {", "cpu@0 {", "cpu@1 {", "interrupt-controller {",
                "chosen {", "soc {", "clint@2000000 {", "plic@c000000 {", "serial@10000000 {",
                "virtio_mmio@10001000 {", "test@100000 {", "poweroff {", "reboot {")) {
            assertTrue(source.contains(node), "missing " + node + " in\n" + source);
        }
        assertTrue(source.contains("compatible = \"sifive,plic-1.0.0\\0riscv,plic0\";"), source);
        assertTrue(source.contains("bootargs = \"console=ttyS0 earlycon=sbi\";"), source);

        HostTool.Result back = HostTool.run(dir, dtc.get(), "-I", "dts", "-O", "dtb", "-o", "again.dtb", "virt.dts");
        assertEquals(0, back.exitCode(), back.stderr());
        assertTreesEqual(FdtReader.read(blob), FdtReader.read(Files.readAllBytes(dir.resolve("again.dtb"))));
    }

    private static void assertOnlyKnownWarnings(String stderr) {
        for (String line : stderr.split("\n")) {
            if (!line.isBlank()) {
                assertTrue(line.matches(".*Warning \\(interrupt_provider\\): /cpus/cpu@[0-9a-f]+/interrupt-controller: "
                        + "Missing #address-cells in interrupt provider"), "unexpected dtc output: " + line);
            }
        }
    }

    private static void assertTreesEqual(FdtReader.Node a, FdtReader.Node b) {
        assertEquals(a.path, b.path);
        assertEquals(a.properties.keySet(), b.properties.keySet(), a.path);
        a.properties.forEach((k, v) -> assertArrayEquals(v, b.properties.get(k), a.path + ":" + k));
        assertEquals(a.children.size(), b.children.size(), a.path);
        for (int i = 0; i < a.children.size(); i++) {
            assertTreesEqual(a.children.get(i), b.children.get(i));
        }
    }
}
