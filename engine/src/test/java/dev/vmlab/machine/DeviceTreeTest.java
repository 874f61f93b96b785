package dev.vmlab.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DTB writer: header fields, block layout, value encodings and misuse. */
class DeviceTreeTest {
    private static DeviceTree rootOnly() {
        return new DeviceTree().beginNode("");
    }

    @Test
    void headerFieldsDescribeTheBlocks() {
        byte[] blob = rootOnly()
                .propertyU32("#address-cells", 2)
                .beginNode("chosen").propertyString("bootargs", "console=ttyS0").endNode()
                .endNode().bootCpu(3).toBlob();
        FdtReader.Header h = FdtReader.header(blob);
        assertEquals(0xd00dfeed, h.magic());
        assertEquals(blob.length, h.totalSize());
        assertEquals(17, h.version());
        assertEquals(16, h.lastCompatibleVersion());
        assertEquals(40, h.reservationOffset());
        assertEquals(56, h.structOffset());
        assertEquals(56 + h.structSize(), h.stringsOffset());
        assertEquals(h.stringsOffset() + h.stringsSize(), h.totalSize());
        assertEquals(3, h.bootCpu());
        assertEquals("#address-cells\0bootargs\0",
                new String(blob, h.stringsOffset(), h.stringsSize(), StandardCharsets.US_ASCII));
        assertEquals(9, java.nio.ByteBuffer.wrap(blob).getInt(h.stringsOffset() - 4), "ends with FDT_END");
    }

    @Test
    void smallestTreeIsExactlyAsTheSpecLaysItOut() {
        byte[] blob = rootOnly().endNode().toBlob();
        // header 40 + reservation terminator 16 + BEGIN_NODE, "" padded to 4, END_NODE, END.
        assertEquals(40 + 16 + 16, blob.length);
        assertArrayEquals(new byte[] {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 9},
                java.util.Arrays.copyOfRange(blob, 56, 72));
    }

    @Test
    void propertyNamesAreStoredOnce() {
        byte[] blob = rootOnly()
                .beginNode("a").propertyString("compatible", "x").endNode()
                .beginNode("b").propertyString("compatible", "y").endNode()
                .endNode().toBlob();
        FdtReader.Header h = FdtReader.header(blob);
        assertEquals("compatible\0".length(), h.stringsSize());
        FdtReader.Node root = FdtReader.read(blob);
        assertEquals("y", root.child("b").string("compatible"));
    }

    @Test
    void encodesValuesBigEndianAndPadded() {
        FdtReader.Node root = FdtReader.read(rootOnly()
                .propertyU32("one", 0x12345678)
                .propertyU64("wide", 0x1_0000_0002L)
                .propertyU32s("cells", 1, 2, 3)
                .propertyU64s("reg", 0x8000_0000L, 0x800_0000L)
                .propertyString("s", "abc")
                .propertyStrings("list", "sifive,test1", "sifive,test0", "syscon")
                .property("empty")
                .property("raw", new byte[] {1, 2, 3, 4, 5})
                .endNode().toBlob());
        assertEquals(0x12345678, root.u32("one"));
        assertArrayEquals(new int[] {1, 2}, root.cells("wide"));
        assertArrayEquals(new int[] {1, 2, 3}, root.cells("cells"));
        assertArrayEquals(new int[] {0, 0x8000_0000, 0, 0x800_0000}, root.cells("reg"));
        assertEquals("abc", root.string("s"));
        assertEquals(List.of("sifive,test1", "sifive,test0", "syscon"), root.strings("list"));
        assertEquals(0, root.require("empty").length);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, root.require("raw"));
    }

    @Test
    void phandlesAreReservedThenPlaced() {
        DeviceTree dt = new DeviceTree();
        int plic = dt.newPhandle();
        int other = dt.newPhandle();
        byte[] blob = dt.beginNode("")
                .beginNode("uart").propertyU32("interrupt-parent", plic).endNode()
                .beginNode("plic").phandle(plic).endNode()
                .beginNode("x").phandle(other).endNode()
                .endNode().toBlob();
        FdtReader.Node root = FdtReader.read(blob);
        assertEquals(1, plic);
        assertEquals(root.child("plic").u32("phandle"), root.child("uart").u32("interrupt-parent"));
    }

    @Test
    void rejectsPhandleMisuse() {
        DeviceTree dt = new DeviceTree();
        int h = dt.newPhandle();
        dt.beginNode("").beginNode("a").phandle(h).endNode().beginNode("b");
        assertThrows(IllegalArgumentException.class, () -> dt.phandle(h));
        assertThrows(IllegalArgumentException.class, () -> dt.phandle(7));
        DeviceTree unplaced = new DeviceTree();
        unplaced.newPhandle();
        unplaced.beginNode("").endNode();
        assertThrows(IllegalStateException.class, unplaced::toBlob);
    }

    @Test
    void rejectsStructuralMisuse() {
        assertThrows(IllegalStateException.class, () -> new DeviceTree().endNode());
        assertThrows(IllegalStateException.class, () -> new DeviceTree().toBlob());
        assertThrows(IllegalStateException.class, () -> rootOnly().toBlob(), "root still open");
        assertThrows(IllegalStateException.class, () -> new DeviceTree().propertyU32("x", 1));
        assertThrows(IllegalArgumentException.class, () -> new DeviceTree().beginNode("notroot"));
        assertThrows(IllegalStateException.class, () -> rootOnly().endNode().beginNode(""));
        assertThrows(IllegalStateException.class,
                () -> rootOnly().beginNode("child").endNode().propertyU32("late", 1));
        assertThrows(IllegalArgumentException.class, () -> rootOnly().propertyU32("dup", 1).propertyU32("dup", 2));
        assertThrows(IllegalArgumentException.class,
                () -> rootOnly().beginNode("a").endNode().beginNode("a"));
    }

    @Test
    void rejectsNamesTheSpecForbids() {
        assertThrows(IllegalArgumentException.class, () -> rootOnly().beginNode("has space"));
        assertThrows(IllegalArgumentException.class, () -> rootOnly().beginNode("a/b"));
        assertThrows(IllegalArgumentException.class, () -> rootOnly().beginNode("x".repeat(32)));
        assertThrows(IllegalArgumentException.class, () -> rootOnly().propertyU32("bad name", 1));
        assertThrows(IllegalArgumentException.class, () -> rootOnly().propertyU32("", 1));
        assertThrows(IllegalArgumentException.class, () -> rootOnly().propertyString("s", "nul\0inside"));
        rootOnly().beginNode("virtio_mmio@10001000").propertyU32("#interrupt-cells", 1)
                .propertyU32("riscv,ndev", 95).endNode();
    }
}
