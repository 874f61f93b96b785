package dev.vmlab.device;

import dev.vmlab.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A virtio block device on the virtio-mmio transport, version 2 (modern only), with one split
 * virtqueue. Section numbers refer to the Virtual I/O Device (VIRTIO) specification 1.2.
 *
 * <p>Requests are served synchronously when the driver writes QueueNotify: the device walks the
 * available ring from where it stopped, serves each descriptor chain against the backing image,
 * writes the status byte, publishes the chain on the used ring, and finally raises a used-buffer
 * interrupt unless the driver asked for none (avail.flags, §2.7.7).
 *
 * <p>The guest is not trusted. Every ring and buffer access goes through {@link GuestMemory}, which
 * refuses anything outside RAM. A request that is well-formed as a chain but asks for something
 * impossible (a sector beyond the end, a buffer outside RAM, a write to a read-only disk) completes
 * with status IOERR. A chain that cannot be interpreted at all (a loop, an index beyond the queue,
 * readable after writable, no status byte, rings outside RAM) means the driver has broken the
 * protocol: the device sets DEVICE_NEEDS_RESET, sends a configuration-change interrupt (§2.1.2) and
 * serves nothing more until the driver resets it. Both are counted in {@link #stats()}, and
 * {@link #lastProblem()} says what went wrong in words.
 *
 * <p>Not thread-safe: the board calls it from the hart's thread.
 */
public final class VirtioBlock implements Device, AutoCloseable {
    public static final int MAGIC = 0x7472_6976, VERSION = 2, DEVICE_ID_BLOCK = 2, VENDOR_QEMU = 0x554D_4551;
    public static final int QUEUE_NUM_MAX = 1024;
    public static final int SECTOR = BlockBackend.SECTOR;

    // Device status bits (§2.1).
    public static final int ACKNOWLEDGE = 1, DRIVER = 2, DRIVER_OK = 4, FEATURES_OK = 8,
            DEVICE_NEEDS_RESET = 0x40, FAILED = 0x80;

    // Feature bits (§5.2.3 and §6).
    public static final long F_SEG_MAX = 1L << 2, F_RO = 1L << 5, F_BLK_SIZE = 1L << 6, F_FLUSH = 1L << 9,
            F_INDIRECT_DESC = 1L << 28, F_VERSION_1 = 1L << 32;

    // Request types and status values (§5.2.6).
    public static final int T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8;
    public static final int S_OK = 0, S_IOERR = 1, S_UNSUPP = 2;

    /** InterruptStatus bits (§4.2.2): a used buffer, a configuration change. */
    public static final int INT_USED_BUFFER = 1, INT_CONFIG_CHANGE = 2;

    /** What the device has done since it was built; counters survive resets. */
    public record Stats(long notifications, long interrupts, long suppressedInterrupts, long reads, long writes,
                        long flushes, long getIds, long unsupported, long sectorsRead, long sectorsWritten,
                        long ioErrors, long deviceErrors) {}

    // MMIO register offsets (§4.2.2, "MMIO Device Register Layout").
    private static final int REG_MAGIC = 0x000, REG_VERSION = 0x004, REG_DEVICE_ID = 0x008, REG_VENDOR_ID = 0x00C,
            REG_DEVICE_FEATURES = 0x010, REG_DEVICE_FEATURES_SEL = 0x014, REG_DRIVER_FEATURES = 0x020,
            REG_DRIVER_FEATURES_SEL = 0x024, REG_QUEUE_SEL = 0x030, REG_QUEUE_NUM_MAX = 0x034, REG_QUEUE_NUM = 0x038,
            REG_QUEUE_READY = 0x044, REG_QUEUE_NOTIFY = 0x050, REG_INTERRUPT_STATUS = 0x060,
            REG_INTERRUPT_ACK = 0x064, REG_STATUS = 0x070, REG_QUEUE_DESC_LOW = 0x080, REG_QUEUE_DESC_HIGH = 0x084,
            REG_QUEUE_DRIVER_LOW = 0x090, REG_QUEUE_DRIVER_HIGH = 0x094, REG_QUEUE_DEVICE_LOW = 0x0A0,
            REG_QUEUE_DEVICE_HIGH = 0x0A4, REG_CONFIG_GENERATION = 0x0FC, REG_CONFIG = 0x100;

    // Descriptor flags (§2.7.5) and the available-ring flag (§2.7.6).
    private static final int DESC_NEXT = 1, DESC_WRITE = 2, DESC_INDIRECT = 4;
    private static final int AVAIL_NO_INTERRUPT = 1;

    private static final int HEADER = 16;   // struct virtio_blk_req: le32 type, le32 reserved, le64 sector
    private static final int ID_BYTES = 20; // VIRTIO_BLK_ID_BYTES
    /** seg_max as QEMU offers it for a 256-entry queue; well below any ring Linux sets up. */
    private static final int SEG_MAX = 254;
    private static final int CHUNK = 64 * 1024;
    private static final long MASK32 = 0xFFFF_FFFFL;

    private final BlockBackend backing;
    private final long capacity;
    private final boolean readOnly;
    private final GuestMemory mem;
    private final IrqLine irq;
    private final long offered;
    private final byte[] config = new byte[0x40];
    private final byte[] id = new byte[ID_BYTES];

    // Transport state.
    private int status, deviceFeaturesSel, driverFeaturesSel, queueSel, interruptStatus;
    private long driverFeatures;
    private boolean irqLevel;

    // Queue 0.
    private long queueNum, descAddr, availAddr, usedAddr;
    private boolean queueReady;
    private int lastAvail, usedIdx;

    // The chain being served, flattened into buffers: readable ones first (§2.7.4).
    private final long[] segAddr = new long[2 * QUEUE_NUM_MAX];
    private final long[] segLen = new long[2 * QUEUE_NUM_MAX];
    private final boolean[] segWritable = new boolean[2 * QUEUE_NUM_MAX];
    private int segCount;
    private long chainBytes;
    private final byte[] chunk = new byte[CHUNK];
    private final byte[] header = new byte[HEADER];

    private long notifications, interrupts, suppressedInterrupts, reads, writes, flushes, getIds, unsupported,
            sectorsRead, sectorsWritten, ioErrors, deviceErrors;
    private String lastProblem = "";

    private VirtioBlock(BlockBackend backing, GuestMemory mem, IrqLine irq) {
        this.backing = Objects.requireNonNull(backing, "backing");
        this.capacity = backing.sectors();
        this.readOnly = backing.readOnly();
        this.mem = Objects.requireNonNull(mem, "mem");
        this.irq = Objects.requireNonNull(irq, "irq");
        this.offered = F_VERSION_1 | F_SEG_MAX | F_BLK_SIZE | F_FLUSH | F_INDIRECT_DESC | (readOnly ? F_RO : 0);
        // struct virtio_blk_config (§5.2.4): capacity @0, size_max @8, seg_max @12, blk_size @20.
        putLe(config, 0, 8, capacity);
        putLe(config, 12, 4, SEG_MAX);
        putLe(config, 20, 4, SECTOR);
        byte[] text = backing.id().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, id, 0, Math.min(ID_BYTES, text.length)); // NUL-padded, not terminated at 20
        deviceReset();
    }

    /**
     * Attaches a raw disk image file (see {@link BlockBackend#open(Path, boolean)}).
     *
     * @throws BadInputException when the image is missing, unreadable, not writable for a
     *     read-write attachment, in use, or not a whole number of 512-byte sectors
     */
    public static VirtioBlock open(Path image, boolean readOnly, GuestMemory mem, IrqLine irq) {
        return attach(BlockBackend.open(image, readOnly), mem, irq);
    }

    /** A disk held in {@code image} itself (no copy), for tests and scratch disks. */
    public static VirtioBlock inMemory(byte[] image, boolean readOnly, GuestMemory mem, IrqLine irq) {
        return attach(BlockBackend.ofArray(image, readOnly), mem, irq);
    }

    /** A device over any backing store; closing the device closes the store. */
    public static VirtioBlock attach(BlockBackend backing, GuestMemory mem, IrqLine irq) {
        return new VirtioBlock(backing, mem, irq);
    }

    @Override
    public String name() { return "virtio-blk"; }

    @Override
    public long size() { return 0x1000; }

    /** Capacity in 512-byte sectors. */
    public long capacity() { return capacity; }

    public boolean readOnly() { return readOnly; }

    /** QueueNotify writes seen, whether or not they found work. */
    public long notifications() { return notifications; }

    public Stats stats() {
        return new Stats(notifications, interrupts, suppressedInterrupts, reads, writes, flushes, getIds, unsupported,
                sectorsRead, sectorsWritten, ioErrors, deviceErrors);
    }

    /** The most recent driver error, in words ("" when none): why a request failed or a reset is needed. */
    public String lastProblem() { return lastProblem; }

    @Override
    public void reset() { deviceReset(); }

    @Override
    public void close() {
        try {
            backing.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + name() + " image", e);
        }
    }

    // ---- registers -------------------------------------------------------------------------

    @Override
    public long read(long offset, int size) {
        if (offset >= REG_CONFIG && offset < size()) return readConfig((int) (offset - REG_CONFIG), size);
        // §4.2.2.2: control registers are accessed 32 bits wide and aligned; QEMU reads 0 otherwise.
        if (size != 4 || (offset & 3) != 0 || offset < 0 || offset >= size()) return 0;
        long v = switch ((int) offset) {
            case REG_MAGIC -> MAGIC;
            case REG_VERSION -> VERSION;
            case REG_DEVICE_ID -> DEVICE_ID_BLOCK;
            case REG_VENDOR_ID -> VENDOR_QEMU;
            case REG_DEVICE_FEATURES -> deviceFeaturesSel == 0 ? offered : deviceFeaturesSel == 1 ? offered >>> 32 : 0;
            case REG_QUEUE_NUM_MAX -> queueSel == 0 ? QUEUE_NUM_MAX : 0; // 0: no such queue (§4.2.3.2)
            case REG_QUEUE_READY -> queueSel == 0 && queueReady ? 1 : 0;
            case REG_INTERRUPT_STATUS -> interruptStatus;
            case REG_STATUS -> status;
            case REG_CONFIG_GENERATION -> 0; // the configuration never changes under the driver
            default -> 0;                    // write-only and reserved registers
        };
        return v & MASK32;
    }

    @Override
    public void write(long offset, int size, long value) {
        // Nothing in virtio_blk_config is writable without VIRTIO_BLK_F_CONFIG_WCE, which is not offered.
        if (offset >= REG_CONFIG || size != 4 || (offset & 3) != 0 || offset < 0) return;
        int v = (int) value;
        switch ((int) offset) {
            case REG_DEVICE_FEATURES_SEL -> deviceFeaturesSel = v;
            case REG_DRIVER_FEATURES -> writeDriverFeatures(v);
            case REG_DRIVER_FEATURES_SEL -> driverFeaturesSel = v;
            case REG_QUEUE_SEL -> queueSel = v;
            case REG_QUEUE_NUM -> { if (queueSel == 0) queueNum = v & MASK32; }
            case REG_QUEUE_READY -> writeQueueReady(v);
            case REG_QUEUE_NOTIFY -> notifyQueue(v);
            case REG_INTERRUPT_ACK -> {
                interruptStatus &= ~v;
                updateIrq();
            }
            case REG_STATUS -> writeStatus(v & 0xFF);
            case REG_QUEUE_DESC_LOW -> { if (queueSel == 0) descAddr = low(descAddr, v); }
            case REG_QUEUE_DESC_HIGH -> { if (queueSel == 0) descAddr = high(descAddr, v); }
            case REG_QUEUE_DRIVER_LOW -> { if (queueSel == 0) availAddr = low(availAddr, v); }
            case REG_QUEUE_DRIVER_HIGH -> { if (queueSel == 0) availAddr = high(availAddr, v); }
            case REG_QUEUE_DEVICE_LOW -> { if (queueSel == 0) usedAddr = low(usedAddr, v); }
            case REG_QUEUE_DEVICE_HIGH -> { if (queueSel == 0) usedAddr = high(usedAddr, v); }
            default -> { } // read-only and reserved registers ignore writes
        }
    }

    private long readConfig(int off, int size) {
        if (size != 1 && size != 2 && size != 4 && size != 8) return 0;
        long v = 0;
        for (int i = size - 1; i >= 0; i--) v = (v << 8) | (off + i < config.length ? config[off + i] & 0xFF : 0);
        return v;
    }

    private void writeDriverFeatures(int v) {
        // §3.1.1: features are fixed once FEATURES_OK is accepted.
        if ((status & FEATURES_OK) != 0) return;
        if (driverFeaturesSel == 0) driverFeatures = (driverFeatures & ~MASK32) | (v & MASK32);
        else if (driverFeaturesSel == 1) driverFeatures = (driverFeatures & MASK32) | ((long) v << 32);
    }

    private void writeStatus(int v) {
        if (v == 0) {
            deviceReset(); // §4.2.2.1: writing zero resets the device
            return;
        }
        // DEVICE_NEEDS_RESET belongs to the device: the driver can neither set nor clear it.
        int next = (v & ~DEVICE_NEEDS_RESET) | (status & DEVICE_NEEDS_RESET);
        if ((next & FEATURES_OK) != 0 && (status & FEATURES_OK) == 0) {
            long unknown = driverFeatures & ~offered;
            if (unknown != 0) {
                // §2.2.1, §3.1.1 step 6: refuse by leaving FEATURES_OK clear; the driver re-reads it.
                next &= ~FEATURES_OK;
                lastProblem = "driver accepted features the device did not offer: 0x" + Long.toHexString(unknown);
            }
            // A driver that leaves VIRTIO_F_VERSION_1 unacknowledged (xv6 writes only the low
            // feature word) is still served, as QEMU serves it: this register layout and the
            // little-endian split rings are the same either way.
        }
        status = next;
    }

    private void writeQueueReady(int v) {
        if (queueSel != 0) return;
        if (v == 0) {
            queueReady = false;
            return;
        }
        if (queueReady) return;
        String bad = queueLayoutProblem();
        if (bad != null) {
            deviceError(bad);
            return;
        }
        queueReady = true;
        lastAvail = usedIdx = 0;
    }

    /** §2.7: a split queue's size is a power of 2, and its three parts have fixed alignments. */
    private String queueLayoutProblem() {
        if (queueNum == 0 || queueNum > QUEUE_NUM_MAX || (queueNum & (queueNum - 1)) != 0) {
            return "queue size " + queueNum + " is not a power of 2 between 1 and " + QUEUE_NUM_MAX;
        }
        if ((descAddr & 15) != 0) return "descriptor table at 0x" + Long.toHexString(descAddr) + " is not 16-aligned";
        if ((availAddr & 1) != 0) return "available ring at 0x" + Long.toHexString(availAddr) + " is not 2-aligned";
        if ((usedAddr & 3) != 0) return "used ring at 0x" + Long.toHexString(usedAddr) + " is not 4-aligned";
        return null;
    }

    private void deviceReset() {
        status = deviceFeaturesSel = driverFeaturesSel = queueSel = interruptStatus = 0;
        driverFeatures = 0;
        queueNum = descAddr = availAddr = usedAddr = 0;
        queueReady = false;
        lastAvail = usedIdx = 0;
        updateIrq();
    }

    /** §2.1.2: the device is in an error state only a reset can clear; tell a live driver. */
    private void deviceError(String why) {
        deviceErrors++;
        lastProblem = why;
        status |= DEVICE_NEEDS_RESET;
        if ((status & DRIVER_OK) != 0) {
            interruptStatus |= INT_CONFIG_CHANGE;
            updateIrq();
        }
    }

    /** Drives the line; an assertion is re-signalled for every new event, as QEMU's virtio does. */
    private void updateIrq() {
        boolean level = interruptStatus != 0;
        if (level || level != irqLevel) irq.set(level);
        irqLevel = level;
    }

    // ---- the virtqueue ---------------------------------------------------------------------

    private void notifyQueue(int queue) {
        notifications++;
        if (queue != 0) {
            lastProblem = "notification for queue " + (queue & MASK32) + ", which does not exist";
            return;
        }
        // §3.1.2: no buffers are used before DRIVER_OK; a broken device serves nothing until reset.
        int live = FEATURES_OK | DRIVER_OK;
        if ((status & live) != live || (status & DEVICE_NEEDS_RESET) != 0 || !queueReady) return;
        processQueue();
    }

    private void processQueue() {
        boolean used = false;
        try {
            int availIdx = load16(availAddr + 2);
            int waiting = (availIdx - lastAvail) & 0xFFFF;
            if (waiting > queueNum) {
                deviceError("available index moved by " + waiting + ", more than the queue size " + queueNum);
                return;
            }
            while (lastAvail != availIdx) {
                int head = load16(availAddr + 4 + 2 * (lastAvail & (queueNum - 1)));
                lastAvail = (lastAvail + 1) & 0xFFFF;
                String bad = collectChain(head);
                if (bad == null) bad = serve(head);
                if (bad != null) {
                    deviceError(bad);
                    break;
                }
                used = true;
            }
        } catch (BusFault f) {
            deviceError("virtqueue outside guest RAM: " + f.getMessage());
        } finally {
            if (used) signalUsed();
        }
    }

    /** Flattens the chain starting at descriptor {@code head}; returns null, or why it is malformed. */
    private String collectChain(int head) {
        segCount = 0;
        chainBytes = 0;
        int index = head;
        for (int steps = 0; ; steps++) {
            // §2.7.5.2: no chain is longer than the queue, so a longer walk is a loop.
            if (steps >= queueNum) return "descriptor chain at " + head + " is longer than the queue (a loop?)";
            if (index >= queueNum) return "descriptor index " + index + " is outside the queue of " + queueNum;
            long d = descAddr + 16L * index;
            long addr = mem.load(d, 8);
            long len = mem.load(d + 8, 4) & MASK32;
            int flags = (int) mem.load(d + 12, 2);
            if ((flags & DESC_INDIRECT) != 0) return collectIndirect(addr, len, flags);
            String bad = addBuffer(addr, len, (flags & DESC_WRITE) != 0);
            if (bad != null || (flags & DESC_NEXT) == 0) return bad;
            index = load16(d + 14);
        }
    }

    /**
     * §2.7.5.3: a descriptor may point to a table of descriptors, which ends the chain (it cannot
     * also have NEXT) and cannot itself contain another table; its WRITE flag is ignored.
     */
    private String collectIndirect(long table, long len, int flags) {
        if ((driverFeatures & F_INDIRECT_DESC) == 0) return "indirect descriptor without VIRTIO_F_INDIRECT_DESC";
        if ((flags & DESC_NEXT) != 0) return "indirect descriptor with NEXT set";
        if (len == 0 || len % 16 != 0) return "indirect table length " + len + " is not a multiple of 16";
        long entries = len / 16;
        if (entries > QUEUE_NUM_MAX) return "indirect table of " + entries + " descriptors exceeds " + QUEUE_NUM_MAX;
        int index = 0;
        for (int steps = 0; ; steps++) {
            if (steps >= entries) return "indirect descriptor chain loops";
            if (index >= entries) return "indirect descriptor index " + index + " is outside its table of " + entries;
            long d = table + 16L * index;
            long addr = mem.load(d, 8);
            long blen = mem.load(d + 8, 4) & MASK32;
            int f = (int) mem.load(d + 12, 2);
            if ((f & DESC_INDIRECT) != 0) return "indirect table inside an indirect table";
            String bad = addBuffer(addr, blen, (f & DESC_WRITE) != 0);
            if (bad != null || (f & DESC_NEXT) == 0) return bad;
            index = load16(d + 14);
        }
    }

    private String addBuffer(long addr, long len, boolean writable) {
        // §2.7.4 (message framing): device-writable buffers come after all device-readable ones.
        if (!writable && segCount > 0 && segWritable[segCount - 1]) {
            return "device-readable descriptor after a device-writable one";
        }
        chainBytes += len;
        // §2.7.5.2: a chain never exceeds 2^32 bytes in total.
        if (chainBytes > 1L << 32) return "descriptor chain longer than 2^32 bytes";
        segAddr[segCount] = addr;
        segLen[segCount] = len;
        segWritable[segCount] = writable;
        segCount++;
        return null;
    }

    /** Serves the collected request and publishes it on the used ring; returns null or why the device must stop. */
    private String serve(int head) {
        long readable = 0, writable = 0;
        for (int i = 0; i < segCount; i++) {
            if (segWritable[i]) writable += segLen[i];
            else readable += segLen[i];
        }
        // §5.2.6: the status byte is the last device-writable byte; without one there is no way to answer.
        if (writable == 0) return "request without a device-writable status byte";
        int result = execute(readable, writable);
        byte[] statusByte = {(byte) result};
        if (!transfer(true, writable - 1, 1, (a, off, n) -> mem.write(a, statusByte, 0, 1))) {
            return "status byte: " + lastProblem;
        }
        if (result == S_IOERR) ioErrors++;
        // §2.7.8: len counts the bytes of device-writable buffers, as QEMU reports it: all of them.
        long e = usedAddr + 4 + 8 * (usedIdx & (queueNum - 1));
        mem.store(e, 4, head);
        mem.store(e + 4, 4, Math.min(writable, MASK32));
        usedIdx = (usedIdx + 1) & 0xFFFF;
        mem.store(usedAddr + 2, 2, usedIdx); // the element is in place before idx makes it visible
        return null;
    }

    private int execute(long readable, long writable) {
        if (readable < HEADER) {
            lastProblem = "request header shorter than " + HEADER + " bytes";
            return S_IOERR;
        }
        if (!transfer(false, 0, HEADER, (a, off, n) -> mem.read(a, header, (int) off, n))) {
            lastProblem = "request header: " + lastProblem;
            return S_IOERR;
        }
        int type = (int) getLe(header, 0, 4);
        long sector = getLe(header, 8, 8);
        switch (type) {
            case T_IN -> {
                reads++;
                return readSectors(sector, writable - 1);
            }
            case T_OUT -> {
                writes++;
                return writeSectors(sector, readable - HEADER);
            }
            case T_FLUSH -> {
                flushes++;
                try {
                    backing.flush();
                    return S_OK;
                } catch (IOException ex) {
                    lastProblem = "flush failed: " + ex.getMessage();
                    return S_IOERR;
                }
            }
            case T_GET_ID -> {
                getIds++;
                long n = Math.min(ID_BYTES, writable - 1);
                return transfer(true, 0, n, (a, off, k) -> mem.write(a, id, (int) off, k)) ? S_OK : S_IOERR;
            }
            default -> {
                unsupported++;
                return S_UNSUPP;
            }
        }
    }

    private int readSectors(long sector, long len) {
        if (!inRange(sector, len)) return S_IOERR;
        long base = sector * SECTOR;
        boolean ok = transfer(true, 0, len, (a, off, n) -> {
            backing.read(base + off, chunk, 0, n);
            return mem.write(a, chunk, 0, n);
        });
        if (!ok) {
            lastProblem = "read at sector " + Long.toUnsignedString(sector) + ": " + lastProblem;
            return S_IOERR;
        }
        sectorsRead += len / SECTOR;
        return S_OK;
    }

    private int writeSectors(long sector, long len) {
        if (readOnly) {
            lastProblem = "write to a read-only disk";
            return S_IOERR;
        }
        if (!inRange(sector, len)) return S_IOERR;
        long base = sector * SECTOR;
        // A buffer outside RAM part-way through leaves the earlier part written, as a real disk would.
        boolean ok = transfer(false, HEADER, len, (a, off, n) -> {
            if (!mem.read(a, chunk, 0, n)) return false;
            backing.write(base + off, chunk, 0, n);
            return true;
        });
        if (!ok) {
            lastProblem = "write at sector " + Long.toUnsignedString(sector) + ": " + lastProblem;
            return S_IOERR;
        }
        sectorsWritten += len / SECTOR;
        return S_OK;
    }

    /** §5.2.6.1: data is whole sectors, and the whole transfer lies inside the disk. */
    private boolean inRange(long sector, long len) {
        boolean ok = len % SECTOR == 0 && Long.compareUnsigned(sector, capacity) <= 0
                && len / SECTOR <= capacity - sector;
        if (!ok) {
            lastProblem = "transfer of " + len + " bytes at sector " + Long.toUnsignedString(sector)
                    + " does not fit a disk of " + capacity + " sectors in whole sectors";
        }
        return ok;
    }

    @FunctionalInterface
    private interface Piece {
        /** Moves {@code n} bytes at guest address {@code addr}, {@code off} bytes into the transfer. */
        boolean move(long addr, long off, int n) throws IOException;
    }

    /**
     * Visits bytes {@code [start, start+len)} of the chain's readable (or writable) buffers taken as
     * one stream, in pieces of at most {@link #CHUNK} bytes that never straddle two buffers.
     */
    private boolean transfer(boolean writable, long start, long len, Piece piece) {
        long end = start + len;
        long pos = 0;
        try {
            for (int i = 0; i < segCount && pos < end; i++) {
                if (segWritable[i] != writable) continue;
                long bufStart = pos;
                pos += segLen[i];
                for (long from = Math.max(start, bufStart), to = Math.min(end, pos); from < to; ) {
                    int n = (int) Math.min(CHUNK, to - from);
                    long addr = segAddr[i] + (from - bufStart);
                    if (!piece.move(addr, from - start, n)) {
                        lastProblem = n + " bytes at 0x" + Long.toHexString(addr) + " are not all in guest RAM";
                        return false;
                    }
                    from += n;
                }
            }
        } catch (IOException e) {
            lastProblem = "disk image I/O error: " + e.getMessage();
            return false;
        }
        return pos >= end;
    }

    private void signalUsed() {
        boolean quiet;
        try {
            quiet = (load16(availAddr) & AVAIL_NO_INTERRUPT) != 0;
        } catch (BusFault f) {
            quiet = false;
        }
        if (quiet) { // §2.7.7: without VIRTIO_F_EVENT_IDX, avail.flags is the driver's hint
            suppressedInterrupts++;
            return;
        }
        interrupts++;
        interruptStatus |= INT_USED_BUFFER;
        updateIrq();
    }

    private int load16(long addr) { return (int) mem.load(addr, 2) & 0xFFFF; }

    private static long low(long reg, int v) { return (reg & ~MASK32) | (v & MASK32); }

    private static long high(long reg, int v) { return (reg & MASK32) | ((long) v << 32); }

    private static void putLe(byte[] b, int off, int n, long v) {
        for (int i = 0; i < n; i++) b[off + i] = (byte) (v >>> (8 * i));
    }

    private static long getLe(byte[] b, int off, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = (v << 8) | (b[off + i] & 0xFF);
        return v;
    }
}
