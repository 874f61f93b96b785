package dev.vmlab.machine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a flattened device tree (a DTB), the table a RISC-V kernel reads at boot to learn the
 * board: its RAM, its harts and their ISA, its devices and their interrupts.
 *
 * <p>The builder emits the structure block as it is called: {@link #beginNode}, properties, child
 * nodes, {@link #endNode}. The blob follows the Devicetree Specification (v0.4, chapter 5):
 * a 40-byte big-endian header, an empty memory reservation block, the structure block of
 * {@code FDT_BEGIN_NODE}/{@code FDT_PROP}/{@code FDT_END_NODE} tokens, and a strings block in
 * which each property name is stored once. Version 17, last compatible version 16, as dtc writes.
 *
 * <p>Misuse (a property after a child node, an unbalanced {@code endNode}, a name the spec does
 * not allow) is a programming error and throws {@link IllegalStateException} or
 * {@link IllegalArgumentException}; the user's values reach here already validated.
 */
public final class DeviceTree {
    public static final int MAGIC = 0xd00dfeed;
    public static final int VERSION = 17;
    public static final int LAST_COMPATIBLE_VERSION = 16;
    public static final int HEADER_SIZE = 40;

    static final int FDT_BEGIN_NODE = 1;
    static final int FDT_END_NODE = 2;
    static final int FDT_PROP = 3;
    static final int FDT_END = 9;

    // Devicetree Specification 2.2.1 (node names) and 2.2.4 (property names); 31 characters at most.
    private static final Pattern NODE_NAME = Pattern.compile("[0-9a-zA-Z,._+-]{1,31}(@[0-9a-zA-Z,._+-]+)?");
    private static final Pattern PROPERTY_NAME = Pattern.compile("[0-9a-zA-Z,._+?#-]{1,31}");

    private final Bytes structure = new Bytes();
    private final Bytes strings = new Bytes();
    private final Map<String, Integer> stringOffsets = new HashMap<>();
    private final Deque<Node> open = new ArrayDeque<>();
    private final BitSet phandlesPlaced = new BitSet();
    private int nextPhandle = 1;
    private int bootCpu;
    private boolean rootClosed;

    /** What must be unique or ordered inside one open node. */
    private static final class Node {
        final String path;
        final Set<String> properties = new HashSet<>();
        final Set<String> children = new HashSet<>();

        Node(String path) {
            this.path = path;
        }
    }

    /** The blob for {@code layout}, shaped as QEMU's {@code virt} machine describes itself. */
    public static byte[] virtBoard(BoardLayout layout) {
        return VirtBoardTree.build(layout);
    }

    /** Opens a node; the first call opens the root and must pass {@code ""}. */
    public DeviceTree beginNode(String name) {
        if (open.isEmpty()) {
            if (rootClosed) {
                throw new IllegalStateException("the root node is already closed; a tree has one root");
            }
            if (!name.isEmpty()) {
                throw new IllegalArgumentException("the first node is the root and is named \"\", not \"" + name + "\"");
            }
            open.push(new Node("/"));
        } else {
            if (!NODE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid node name \"" + name + "\"");
            }
            Node parent = open.peek();
            if (!parent.children.add(name)) {
                throw new IllegalArgumentException("duplicate node " + join(parent.path, name));
            }
            open.push(new Node(join(parent.path, name)));
        }
        structure.u32(FDT_BEGIN_NODE);
        structure.bytes(name.getBytes(StandardCharsets.US_ASCII));
        structure.u8(0);
        structure.align4();
        return this;
    }

    private static String join(String parent, String child) {
        return parent.equals("/") ? "/" + child : parent + "/" + child;
    }

    public DeviceTree endNode() {
        if (open.isEmpty()) {
            throw new IllegalStateException("endNode() without a matching beginNode()");
        }
        open.pop();
        rootClosed = open.isEmpty();
        structure.u32(FDT_END_NODE);
        return this;
    }

    /** An empty property, whose presence is the information ({@code interrupt-controller}, {@code ranges}). */
    public DeviceTree property(String name) {
        return property(name, new byte[0]);
    }

    public DeviceTree propertyU32(String name, int value) {
        return propertyU32s(name, value);
    }

    /** Cells, each a big-endian 32-bit word: {@code reg}, {@code interrupts-extended}. */
    public DeviceTree propertyU32s(String name, int... cells) {
        Bytes value = new Bytes();
        for (int cell : cells) {
            value.u32(cell);
        }
        return property(name, value.toArray());
    }

    /** One 64-bit value as two cells, high word first. */
    public DeviceTree propertyU64(String name, long value) {
        return propertyU64s(name, value);
    }

    /** 64-bit values as pairs of cells: {@code reg = <base size>} under {@code #address-cells = <2>}. */
    public DeviceTree propertyU64s(String name, long... values) {
        Bytes value = new Bytes();
        for (long v : values) {
            value.u32((int) (v >>> 32));
            value.u32((int) v);
        }
        return property(name, value.toArray());
    }

    public DeviceTree propertyString(String name, String value) {
        return propertyStrings(name, value);
    }

    /** A string list such as {@code compatible = "sifive,plic-1.0.0", "riscv,plic0"}: each NUL-terminated. */
    public DeviceTree propertyStrings(String name, String... values) {
        Bytes value = new Bytes();
        for (String s : values) {
            if (s.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("property " + name + ": a string contains NUL");
            }
            value.bytes(s.getBytes(StandardCharsets.UTF_8));
            value.u8(0);
        }
        return property(name, value.toArray());
    }

    /** A property with raw bytes as its value. */
    public DeviceTree property(String name, byte[] value) {
        Node node = open.peek();
        if (node == null) {
            throw new IllegalStateException("property " + name + " outside any node");
        }
        if (!node.children.isEmpty()) {
            // Spec 5.4.2: all of a node's properties precede its first subnode.
            throw new IllegalStateException("property " + name + " after a child node of " + node.path);
        }
        if (!PROPERTY_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid property name \"" + name + "\"");
        }
        if (!node.properties.add(name)) {
            throw new IllegalArgumentException("duplicate property " + name + " in " + node.path);
        }
        structure.u32(FDT_PROP);
        structure.u32(value.length);
        structure.u32(stringOffset(name));
        structure.bytes(value);
        structure.align4();
        return this;
    }

    private int stringOffset(String name) {
        return stringOffsets.computeIfAbsent(name, n -> {
            int offset = strings.size();
            strings.bytes(n.getBytes(StandardCharsets.US_ASCII));
            strings.u8(0);
            return offset;
        });
    }

    /**
     * Reserves a phandle, so a node can be referred to before it is written (the UART names
     * the PLIC as its {@code interrupt-parent} wherever the PLIC's node comes).
     */
    public int newPhandle() {
        return nextPhandle++;
    }

    /** Gives the current node the {@code phandle} reserved by {@link #newPhandle()}. */
    public DeviceTree phandle(int handle) {
        if (handle <= 0 || handle >= nextPhandle) {
            throw new IllegalArgumentException("phandle " + handle + " was not reserved with newPhandle()");
        }
        if (phandlesPlaced.get(handle)) {
            throw new IllegalArgumentException("phandle " + handle + " is already on another node");
        }
        phandlesPlaced.set(handle);
        return propertyU32("phandle", handle);
    }

    /** {@code boot_cpuid_phys} in the header: the hart that boots first. */
    public DeviceTree bootCpu(int hartId) {
        this.bootCpu = hartId;
        return this;
    }

    /** The finished blob; the tree must be complete, every reserved phandle placed. */
    public byte[] toBlob() {
        if (!rootClosed) {
            throw new IllegalStateException(open.isEmpty() ? "no root node" : "node " + open.peek().path + " is still open");
        }
        int unplaced = phandlesPlaced.nextClearBit(1);
        if (unplaced < nextPhandle) {
            throw new IllegalStateException("phandle " + unplaced + " was reserved but no node carries it");
        }
        int reservationOffset = HEADER_SIZE;               // 8-byte aligned, as the spec requires
        int structureOffset = reservationOffset + 16;      // one all-zero entry ends the empty list
        int structureSize = structure.size() + 4;          // + FDT_END
        int stringsOffset = structureOffset + structureSize;
        int totalSize = stringsOffset + strings.size();

        Bytes blob = new Bytes();
        blob.u32(MAGIC);
        blob.u32(totalSize);
        blob.u32(structureOffset);
        blob.u32(stringsOffset);
        blob.u32(reservationOffset);
        blob.u32(VERSION);
        blob.u32(LAST_COMPATIBLE_VERSION);
        blob.u32(bootCpu);
        blob.u32(strings.size());
        blob.u32(structureSize);
        blob.bytes(new byte[16]);
        blob.bytes(structure.toArray());
        blob.u32(FDT_END);
        blob.bytes(strings.toArray());
        return blob.toArray();
    }

    /** A growable big-endian byte buffer. */
    private static final class Bytes {
        private byte[] data = new byte[256];
        private int size;

        void u8(int b) {
            ensure(1);
            data[size++] = (byte) b;
        }

        void u32(int v) {
            ensure(4);
            data[size++] = (byte) (v >>> 24);
            data[size++] = (byte) (v >>> 16);
            data[size++] = (byte) (v >>> 8);
            data[size++] = (byte) v;
        }

        void bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, data, size, b.length);
            size += b.length;
        }

        void align4() {
            while ((size & 3) != 0) {
                u8(0);
            }
        }

        int size() {
            return size;
        }

        byte[] toArray() {
            return Arrays.copyOf(data, size);
        }

        private void ensure(int more) {
            if (size + more > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
            }
        }
    }
}
