package dev.vmlab.machine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent, strict reader of DTBs for tests: it checks the header, the alignment of
 * every token and that the blocks are where the header says, and returns the tree as nodes
 * with raw property values.
 */
final class FdtReader {
    record Header(int magic, int totalSize, int structOffset, int stringsOffset, int reservationOffset,
                  int version, int lastCompatibleVersion, int bootCpu, int stringsSize, int structSize) {}

    static final class Node {
        final String path;
        final Map<String, byte[]> properties = new LinkedHashMap<>();
        final List<Node> children = new ArrayList<>();

        Node(String path) {
            this.path = path;
        }

        Node child(String name) {
            for (Node c : children) {
                if (c.path.endsWith("/" + name)) {
                    return c;
                }
            }
            return null;
        }

        String string(String property) {
            List<String> list = strings(property);
            if (list.size() != 1) {
                throw new AssertionError(path + ":" + property + " is not one string: " + list);
            }
            return list.get(0);
        }

        List<String> strings(String property) {
            byte[] v = require(property);
            if (v.length == 0 || v[v.length - 1] != 0) {
                throw new AssertionError(path + ":" + property + " is not NUL-terminated");
            }
            List<String> out = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < v.length; i++) {
                if (v[i] == 0) {
                    out.add(new String(v, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return out;
        }

        int[] cells(String property) {
            byte[] v = require(property);
            if (v.length % 4 != 0) {
                throw new AssertionError(path + ":" + property + " is not whole cells");
            }
            ByteBuffer b = ByteBuffer.wrap(v);
            int[] out = new int[v.length / 4];
            for (int i = 0; i < out.length; i++) {
                out[i] = b.getInt();
            }
            return out;
        }

        int u32(String property) {
            int[] c = cells(property);
            if (c.length != 1) {
                throw new AssertionError(path + ":" + property + " has " + c.length + " cells");
            }
            return c[0];
        }

        byte[] require(String property) {
            byte[] v = properties.get(property);
            if (v == null) {
                throw new AssertionError(path + " has no property " + property + "; it has " + properties.keySet());
            }
            return v;
        }
    }

    static Header header(byte[] blob) {
        ByteBuffer b = ByteBuffer.wrap(blob);
        return new Header(b.getInt(0), b.getInt(4), b.getInt(8), b.getInt(12), b.getInt(16),
                b.getInt(20), b.getInt(24), b.getInt(28), b.getInt(32), b.getInt(36));
    }

    static Node read(byte[] blob) {
        Header h = header(blob);
        check(h.magic() == 0xd00dfeed, "magic");
        check(h.totalSize() == blob.length, "totalsize " + h.totalSize() + " vs " + blob.length);
        check(h.reservationOffset() % 8 == 0, "reservation block alignment");
        check(h.structOffset() % 4 == 0, "structure block alignment");
        check(h.structOffset() + h.structSize() <= h.stringsOffset(), "structure overlaps strings");
        check(h.stringsOffset() + h.stringsSize() <= h.totalSize(), "strings past the end");
        ByteBuffer b = ByteBuffer.wrap(blob);
        // The reservation list ends with an all-zero entry; ours is empty.
        check(b.getLong(h.reservationOffset()) == 0 && b.getLong(h.reservationOffset() + 8) == 0, "reservations");

        int p = h.structOffset();
        int end = h.structOffset() + h.structSize();
        List<Node> stack = new ArrayList<>();
        Node root = null;
        while (true) {
            check(p % 4 == 0 && p + 4 <= end, "token alignment at " + p);
            int token = b.getInt(p);
            p += 4;
            if (token == 1) {
                int nameEnd = p;
                while (blob[nameEnd] != 0) {
                    nameEnd++;
                }
                String name = new String(blob, p, nameEnd - p, StandardCharsets.US_ASCII);
                p = align(nameEnd + 1);
                Node node;
                if (stack.isEmpty()) {
                    check(root == null && name.isEmpty(), "single root named \"\"");
                    root = node = new Node("/");
                } else {
                    Node parent = stack.get(stack.size() - 1);
                    node = new Node(parent.path.equals("/") ? "/" + name : parent.path + "/" + name);
                    parent.children.add(node);
                }
                stack.add(node);
            } else if (token == 2) {
                check(!stack.isEmpty(), "unbalanced FDT_END_NODE");
                stack.remove(stack.size() - 1);
            } else if (token == 3) {
                int len = b.getInt(p);
                int nameOff = b.getInt(p + 4);
                p += 8;
                check(nameOff >= 0 && nameOff < h.stringsSize(), "property name offset");
                int s = h.stringsOffset() + nameOff;
                int e = s;
                while (blob[e] != 0) {
                    e++;
                }
                String name = new String(blob, s, e - s, StandardCharsets.US_ASCII);
                byte[] value = new byte[len];
                System.arraycopy(blob, p, value, 0, len);
                p = align(p + len);
                Node node = stack.get(stack.size() - 1);
                check(node.children.isEmpty(), "property " + name + " after a subnode in " + node.path);
                check(node.properties.put(name, value) == null, "duplicate " + name + " in " + node.path);
            } else if (token == 9) {
                check(stack.isEmpty(), "FDT_END inside a node");
                check(p == end, "FDT_END is not the last token");
                return root;
            } else {
                throw new AssertionError("unknown token " + token + " at " + (p - 4));
            }
        }
    }

    private static int align(int p) {
        return (p + 3) & ~3;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("malformed DTB: " + what);
        }
    }
}
