package dev.vmlab.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A minimal virtio-mmio driver, written from the guest's side of the specification: it negotiates
 * features (§3.1.1), sets up queue 0 in fake guest RAM (§4.2.3.2), lays out requests as descriptor
 * chains and reads the used ring back. Tests use its pieces to build hostile inputs too.
 */
final class VirtioDriver {
    static final long RAM = 0x8000_0000L;
    static final int QUEUE_SIZE = 8;
    static final long DESC = RAM + 0x1000, AVAIL = RAM + 0x2000, USED = RAM + 0x3000;
    static final long HEADER = RAM + 0x4000, STATUS = RAM + 0x4100, DATA = RAM + 0x1_0000;
    static final int NEXT = 1, WRITE = 2, INDIRECT = 4;

    // Register offsets as a driver sees them (§4.2.2).
    static final int DEVICE_FEATURES = 0x10, DEVICE_FEATURES_SEL = 0x14, DRIVER_FEATURES = 0x20,
            DRIVER_FEATURES_SEL = 0x24, QUEUE_SEL = 0x30, QUEUE_NUM_MAX = 0x34, QUEUE_NUM = 0x38, QUEUE_READY = 0x44,
            QUEUE_NOTIFY = 0x50, INTERRUPT_STATUS = 0x60, INTERRUPT_ACK = 0x64, REG_STATUS = 0x70;

    final FakeGuestMemory mem;
    final VirtioBlock dev;
    int availIdx;

    VirtioDriver(FakeGuestMemory mem, VirtioBlock dev) {
        this.mem = mem;
        this.dev = dev;
    }

    int reg(int off) { return (int) dev.read(off, 4); }

    void reg(int off, long v) { dev.write(off, 4, v); }

    long deviceFeatures() {
        reg(DEVICE_FEATURES_SEL, 0);
        long lo = reg(DEVICE_FEATURES) & 0xFFFF_FFFFL;
        reg(DEVICE_FEATURES_SEL, 1);
        return lo | ((long) reg(DEVICE_FEATURES) << 32);
    }

    /** §3.1.1 steps 1-6; returns the status read back after FEATURES_OK. */
    int negotiate(long features) {
        reg(REG_STATUS, 0);
        reg(REG_STATUS, VirtioBlock.ACKNOWLEDGE);
        reg(REG_STATUS, VirtioBlock.ACKNOWLEDGE | VirtioBlock.DRIVER);
        reg(DRIVER_FEATURES_SEL, 0);
        reg(DRIVER_FEATURES, features & 0xFFFF_FFFFL);
        reg(DRIVER_FEATURES_SEL, 1);
        reg(DRIVER_FEATURES, features >>> 32);
        reg(REG_STATUS, VirtioBlock.ACKNOWLEDGE | VirtioBlock.DRIVER | VirtioBlock.FEATURES_OK);
        return reg(REG_STATUS);
    }

    void setUpQueue(long num, long desc, long avail, long used) {
        reg(QUEUE_SEL, 0);
        reg(QUEUE_NUM, num);
        reg(0x80, desc);
        reg(0x84, desc >>> 32);
        reg(0x90, avail);
        reg(0x94, avail >>> 32);
        reg(0xA0, used);
        reg(0xA4, used >>> 32);
        reg(QUEUE_READY, 1);
    }

    /** The whole initialisation with the features a modern Linux driver would take. */
    VirtioDriver start() {
        return start(VirtioBlock.F_VERSION_1 | VirtioBlock.F_FLUSH | VirtioBlock.F_BLK_SIZE
                | VirtioBlock.F_SEG_MAX | VirtioBlock.F_INDIRECT_DESC);
    }

    VirtioDriver start(long features) {
        int s = negotiate(features);
        assertEquals(VirtioBlock.FEATURES_OK, s & VirtioBlock.FEATURES_OK, "device refused the features");
        setUpQueue(QUEUE_SIZE, DESC, AVAIL, USED);
        assertEquals(1, reg(QUEUE_READY));
        reg(REG_STATUS, s | VirtioBlock.DRIVER_OK);
        availIdx = 0;
        return this;
    }

    void desc(long table, int i, long addr, long len, int flags, int next) {
        long d = table + 16L * i;
        mem.store(d, 8, addr);
        mem.store(d + 8, 4, len);
        mem.store(d + 12, 2, flags);
        mem.store(d + 14, 2, next);
    }

    void desc(int i, long addr, long len, int flags, int next) { desc(DESC, i, addr, len, flags, next); }

    void header(long at, int type, long sector) {
        mem.store(at, 4, type);
        mem.store(at + 4, 4, 0);
        mem.store(at + 8, 8, sector);
    }

    /** Makes a chain available (§2.7.13.2 steps: ring entry first, then idx). */
    void offer(int head) {
        mem.store(AVAIL + 4 + 2L * (availIdx % QUEUE_SIZE), 2, head);
        availIdx = (availIdx + 1) & 0xFFFF;
        mem.store(AVAIL + 2, 2, availIdx);
    }

    void kick() { reg(QUEUE_NOTIFY, 0); }

    int usedIdx() { return (int) mem.load(USED + 2, 2); }

    long usedId(int n) { return mem.load(USED + 4 + 8L * (n % QUEUE_SIZE), 4); }

    long usedLen(int n) { return mem.load(USED + 8 + 8L * (n % QUEUE_SIZE), 4); }

    int status() { return (int) mem.load(STATUS, 1); }

    /**
     * The classic three-descriptor request: header, one data buffer, status byte. Returns the
     * status byte the device wrote (0xEE is left there when it wrote none).
     */
    int request(int type, long sector, long data, long len) {
        header(HEADER, type, sector);
        mem.store(STATUS, 1, 0xEE);
        boolean deviceWrites = type == VirtioBlock.T_IN || type == VirtioBlock.T_GET_ID;
        if (len > 0) {
            desc(0, HEADER, 16, NEXT, 1);
            desc(1, data, len, NEXT | (deviceWrites ? WRITE : 0), 2);
            desc(2, STATUS, 1, WRITE, 0);
        } else {
            desc(0, HEADER, 16, NEXT, 2);
            desc(2, STATUS, 1, WRITE, 0);
        }
        offer(0);
        kick();
        return status();
    }
}
