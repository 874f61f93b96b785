package dev.vmlab.device;

import static dev.vmlab.device.VirtioDriver.DATA;
import static dev.vmlab.device.VirtioDriver.DESC;
import static dev.vmlab.device.VirtioDriver.HEADER;
import static dev.vmlab.device.VirtioDriver.INDIRECT;
import static dev.vmlab.device.VirtioDriver.NEXT;
import static dev.vmlab.device.VirtioDriver.RAM;
import static dev.vmlab.device.VirtioDriver.STATUS;
import static dev.vmlab.device.VirtioDriver.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VirtioBlockTest {
    private static final int SECTORS = 64;

    private final FakeGuestMemory mem = new FakeGuestMemory(RAM, 1 << 20);
    private final Uart16550Test.RecordingLine line = new Uart16550Test.RecordingLine();
    private final byte[] image = pattern(SECTORS * 512);
    private final VirtioBlock dev = VirtioBlock.inMemory(image, false, mem, line);
    private final VirtioDriver driver = new VirtioDriver(mem, dev);

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 7 + (i >>> 9));
        return b;
    }

    private byte[] sectors(int first, int count) {
        return Arrays.copyOfRange(image, first * 512, (first + count) * 512);
    }

    @Test
    void identificationRegistersNameAModernBlockDevice() {
        assertEquals(0x74726976, driver.reg(0x000));
        assertEquals(2, driver.reg(0x004));
        assertEquals(2, driver.reg(0x008));
        assertEquals(0x554d4551, driver.reg(0x00C));
    }

    @Test
    void deviceOffersVersion1AndTheBlockFeaturesItImplements() {
        long f = driver.deviceFeatures();
        assertEquals(VirtioBlock.F_VERSION_1 | VirtioBlock.F_SEG_MAX | VirtioBlock.F_BLK_SIZE | VirtioBlock.F_FLUSH
                | VirtioBlock.F_INDIRECT_DESC, f);
        VirtioBlock ro = VirtioBlock.inMemory(new byte[512], true, mem, IrqLine.NONE);
        assertEquals(VirtioBlock.F_RO, new VirtioDriver(mem, ro).deviceFeatures() & VirtioBlock.F_RO);
        driver.reg(VirtioDriver.DEVICE_FEATURES_SEL, 2);
        assertEquals(0, driver.reg(VirtioDriver.DEVICE_FEATURES), "no feature words beyond 64 bits");
    }

    @Test
    void configSpaceHoldsCapacitySegMaxAndBlockSize() {
        assertEquals(SECTORS, dev.read(0x100, 8));
        assertEquals(SECTORS, dev.read(0x100, 4));
        assertEquals(0, dev.read(0x104, 4));
        assertEquals(254, dev.read(0x10C, 4));
        assertEquals(512, dev.read(0x114, 4));
        assertEquals(0x02, dev.read(0x115, 1));
        assertEquals(0, dev.read(0x1F0, 4), "beyond the config structure");
        assertEquals(0, driver.reg(0x0FC), "config generation never moves");
        dev.write(0x100, 8, 0);
        assertEquals(SECTORS, dev.read(0x100, 8), "config space is read-only");
    }

    @Test
    void largeImageCapacityUsesBothConfigWords() {
        // 2^32 + 1 sectors cannot be allocated; a backend only has to report them.
        BlockBackend huge = new BlockBackend() {
            @Override public long sectors() { return (1L << 32) + 1; }
            @Override public boolean readOnly() { return true; }
            @Override public String id() { return "huge"; }
            @Override public void read(long pos, byte[] b, int off, int len) { }
            @Override public void write(long pos, byte[] b, int off, int len) { }
            @Override public void flush() { }
            @Override public void close() { }
        };
        VirtioBlock big = VirtioBlock.attach(huge, mem, IrqLine.NONE);
        assertEquals(1, big.read(0x100, 4));
        assertEquals(1, big.read(0x104, 4));
    }

    @Test
    void driverWithoutVersion1IsStillServedAsQemuDoes() {
        int s = driver.negotiate(VirtioBlock.F_FLUSH);
        assertEquals(VirtioBlock.FEATURES_OK, s & VirtioBlock.FEATURES_OK);
    }

    @Test
    void driverAcceptingAnUnofferedFeatureFailsFeaturesOk() {
        int s = driver.negotiate(VirtioBlock.F_VERSION_1 | (1L << 29)); // EVENT_IDX is not offered
        assertEquals(0, s & VirtioBlock.FEATURES_OK);
    }

    @Test
    void validSubsetOfFeaturesIsAccepted() {
        int s = driver.negotiate(VirtioBlock.F_VERSION_1);
        assertEquals(VirtioBlock.ACKNOWLEDGE | VirtioBlock.DRIVER | VirtioBlock.FEATURES_OK, s);
    }

    @Test
    void driverFeaturesAreFrozenOnceFeaturesOkIsAccepted() {
        driver.negotiate(VirtioBlock.F_VERSION_1);
        driver.reg(VirtioDriver.DRIVER_FEATURES_SEL, 1);
        driver.reg(VirtioDriver.DRIVER_FEATURES, 0);
        // If the late write had cleared VERSION_1, a renegotiation through FEATURES_OK would now fail.
        driver.reg(VirtioDriver.REG_STATUS, 0x0F);
        assertEquals(0x0F, driver.reg(VirtioDriver.REG_STATUS));
    }

    @Test
    void queueNumMaxIs1024ForQueueZeroAndZeroForOthers() {
        driver.reg(VirtioDriver.QUEUE_SEL, 0);
        assertEquals(1024, driver.reg(VirtioDriver.QUEUE_NUM_MAX));
        driver.reg(VirtioDriver.QUEUE_SEL, 1);
        assertEquals(0, driver.reg(VirtioDriver.QUEUE_NUM_MAX));
        driver.reg(VirtioDriver.QUEUE_READY, 1);
        assertEquals(0, driver.reg(VirtioDriver.QUEUE_READY));
    }

    @Test
    void readRequestCopiesSectorsIntoGuestBuffer() {
        driver.start();
        assertEquals(VirtioBlock.S_OK, driver.request(VirtioBlock.T_IN, 3, DATA, 1024));
        assertArrayEquals(sectors(3, 2), mem.bytes(DATA, 1024));
        assertEquals(2, dev.stats().sectorsRead());
        assertEquals(1, dev.stats().reads());
    }

    @Test
    void usedRingRecordsTheHeadAndWrittenLength() {
        driver.start();
        driver.request(VirtioBlock.T_IN, 0, DATA, 512);
        assertEquals(1, driver.usedIdx());
        assertEquals(0, driver.usedId(0));
        assertEquals(513, driver.usedLen(0), "data plus status byte");
    }

    @Test
    void completionRaisesUsedBufferInterruptAndAckLowersIt() {
        driver.start();
        assertFalse(line.high());
        driver.request(VirtioBlock.T_IN, 0, DATA, 512);
        assertTrue(line.high());
        assertEquals(VirtioBlock.INT_USED_BUFFER, driver.reg(VirtioDriver.INTERRUPT_STATUS));
        driver.reg(VirtioDriver.INTERRUPT_ACK, VirtioBlock.INT_USED_BUFFER);
        assertEquals(0, driver.reg(VirtioDriver.INTERRUPT_STATUS));
        assertFalse(line.high());
        assertEquals(1, dev.stats().interrupts());
    }

    @Test
    void ackOfOtherBitsLeavesTheLineHigh() {
        driver.start();
        driver.request(VirtioBlock.T_IN, 0, DATA, 512);
        driver.reg(VirtioDriver.INTERRUPT_ACK, VirtioBlock.INT_CONFIG_CHANGE);
        assertTrue(line.high());
        assertEquals(VirtioBlock.INT_USED_BUFFER, driver.reg(VirtioDriver.INTERRUPT_STATUS));
    }

    @Test
    void writeRequestStoresGuestDataAndReadsBackTheSame() {
        driver.start();
        byte[] data = new byte[1536];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (255 - i);
        mem.put(DATA, data);
        assertEquals(VirtioBlock.S_OK, driver.request(VirtioBlock.T_OUT, 10, DATA, data.length));
        assertArrayEquals(data, sectors(10, 3));
        assertEquals(3, dev.stats().sectorsWritten());
    }

    @Test
    void outRequestReportsOnlyTheStatusByteAsWritten() {
        driver.start();
        driver.request(VirtioBlock.T_OUT, 0, DATA, 512);
        assertEquals(1, driver.usedLen(0));
    }

    @Test
    void writeThenReadRoundTripsThroughTheDisk() {
        driver.start();
        byte[] data = "vmlab writes this sector".getBytes(StandardCharsets.US_ASCII);
        mem.put(DATA, Arrays.copyOf(data, 512));
        driver.request(VirtioBlock.T_OUT, 7, DATA, 512);
        long other = DATA + 0x1000;
        assertEquals(VirtioBlock.S_OK, driver.request(VirtioBlock.T_IN, 7, other, 512));
        assertArrayEquals(Arrays.copyOf(data, 512), mem.bytes(other, 512));
        assertEquals(2, driver.usedIdx());
    }

    @Test
    void scatteredBuffersAndSplitHeaderAreOneStream() {
        driver.start();
        driver.header(HEADER, VirtioBlock.T_IN, 4);
        // Header in two pieces, data in three uneven pieces, status byte alone.
        driver.desc(0, HEADER, 10, NEXT, 5);
        driver.desc(5, HEADER + 10, 6, NEXT, 1);
        driver.desc(1, DATA, 100, NEXT | WRITE, 3);
        driver.desc(3, DATA + 0x800, 412, NEXT | WRITE, 2);
        driver.desc(2, DATA + 0x1000, 512, NEXT | WRITE, 7);
        driver.desc(7, STATUS, 1, WRITE, 0);
        driver.offer(0);
        driver.kick();
        assertEquals(VirtioBlock.S_OK, driver.status());
        byte[] want = sectors(4, 2);
        assertArrayEquals(Arrays.copyOfRange(want, 0, 100), mem.bytes(DATA, 100));
        assertArrayEquals(Arrays.copyOfRange(want, 100, 512), mem.bytes(DATA + 0x800, 412));
        assertArrayEquals(Arrays.copyOfRange(want, 512, 1024), mem.bytes(DATA + 0x1000, 512));
    }

    @Test
    void statusByteMayShareTheLastWritableBuffer() {
        driver.start();
        driver.header(HEADER, VirtioBlock.T_IN, 1);
        mem.store(DATA + 512, 1, 0xEE);
        driver.desc(0, HEADER, 16, NEXT, 1);
        driver.desc(1, DATA, 513, WRITE, 0);
        driver.offer(0);
        driver.kick();
        assertArrayEquals(sectors(1, 1), mem.bytes(DATA, 512));
        assertEquals(VirtioBlock.S_OK, mem.load(DATA + 512, 1));
    }

    @Test
    void indirectDescriptorTableIsFollowed() {
        driver.start();
        long table = RAM + 0x5000;
        driver.header(HEADER, VirtioBlock.T_IN, 9);
        driver.desc(table, 0, HEADER, 16, NEXT, 1);
        driver.desc(table, 1, DATA, 512, NEXT | WRITE, 2);
        driver.desc(table, 2, STATUS, 1, WRITE, 0);
        driver.desc(0, table, 48, INDIRECT, 0);
        mem.store(STATUS, 1, 0xEE);
        driver.offer(0);
        driver.kick();
        assertEquals(VirtioBlock.S_OK, driver.status());
        assertArrayEquals(sectors(9, 1), mem.bytes(DATA, 512));
    }

    @Test
    void directDescriptorsMayLeadIntoAnIndirectTable() {
        driver.start();
        long table = RAM + 0x5000;
        driver.header(HEADER, VirtioBlock.T_IN, 2);
        driver.desc(0, HEADER, 16, NEXT, 1);
        driver.desc(1, table, 32, INDIRECT, 0);
        driver.desc(table, 0, DATA, 512, NEXT | WRITE, 1);
        driver.desc(table, 1, STATUS, 1, WRITE, 0);
        mem.store(STATUS, 1, 0xEE);
        driver.offer(0);
        driver.kick();
        assertEquals(VirtioBlock.S_OK, driver.status());
        assertArrayEquals(sectors(2, 1), mem.bytes(DATA, 512));
    }

    @Test
    void severalChainsInOneNotificationGiveOneInterrupt() {
        driver.start();
        for (int i = 0; i < 3; i++) {
            // Two descriptors each: header, then data with the status byte at its end.
            int h = 2 * i;
            long hdr = HEADER + 32L * i;
            driver.header(hdr, VirtioBlock.T_IN, i);
            driver.desc(h, hdr, 16, NEXT, h + 1);
            driver.desc(h + 1, DATA + 0x400L * i, 513, WRITE, 0);
            driver.offer(h);
        }
        driver.kick();
        assertEquals(3, driver.usedIdx());
        assertEquals(2, driver.usedId(1));
        assertEquals(4, driver.usedId(2));
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(sectors(i, 1), mem.bytes(DATA + 0x400L * i, 512));
            assertEquals(VirtioBlock.S_OK, mem.load(DATA + 0x400L * i + 512, 1));
        }
        assertEquals(1, dev.stats().interrupts());
        assertEquals(1, dev.notifications());
    }

    @Test
    void ringIndicesWrapAroundTheQueue() {
        driver.start();
        for (int i = 0; i < 20; i++) {
            assertEquals(VirtioBlock.S_OK, driver.request(VirtioBlock.T_IN, i, DATA, 512));
            assertArrayEquals(sectors(i, 1), mem.bytes(DATA, 512));
            assertEquals(i + 1, driver.usedIdx());
        }
        assertEquals(20, dev.stats().reads());
    }

    @Test
    void noInterruptHintSuppressesTheInterrupt() {
        driver.start();
        mem.store(VirtioDriver.AVAIL, 2, 1); // VIRTQ_AVAIL_F_NO_INTERRUPT
        driver.request(VirtioBlock.T_IN, 0, DATA, 512);
        assertEquals(1, driver.usedIdx(), "the request is still served");
        assertFalse(line.high());
        assertEquals(0, driver.reg(VirtioDriver.INTERRUPT_STATUS));
        assertEquals(1, dev.stats().suppressedInterrupts());
    }

    @Test
    void flushIsServedAndCounted() {
        driver.start();
        assertEquals(VirtioBlock.S_OK, driver.request(VirtioBlock.T_FLUSH, 0, 0, 0));
        assertEquals(1, dev.stats().flushes());
    }

    @Test
    void getIdWritesTheNulPaddedIdentifier() {
        driver.start();
        mem.put(DATA, new byte[20]);
        Arrays.fill(mem.ram, (int) (DATA - RAM), (int) (DATA - RAM) + 20, (byte) 0x55);
        assertEquals(VirtioBlock.S_OK, driver.request(VirtioBlock.T_GET_ID, 0, DATA, 20));
        byte[] want = Arrays.copyOf("vmlab-ram-disk".getBytes(StandardCharsets.US_ASCII), 20);
        assertArrayEquals(want, mem.bytes(DATA, 20));
        assertEquals(1, dev.stats().getIds());
    }

    @Test
    void unknownRequestTypeIsUnsupported() {
        driver.start();
        assertEquals(VirtioBlock.S_UNSUPP, driver.request(11, 0, DATA, 512)); // DISCARD, not offered
        assertEquals(1, dev.stats().unsupported());
        assertEquals(1, driver.usedIdx());
    }

    @Test
    void writeToReadOnlyDiskFailsWithIoErrAndLeavesItUntouched() {
        byte[] ro = pattern(8 * 512);
        byte[] before = ro.clone();
        VirtioBlock roDev = VirtioBlock.inMemory(ro, true, mem, line);
        VirtioDriver d = new VirtioDriver(mem, roDev).start();
        mem.put(DATA, new byte[512]);
        assertEquals(VirtioBlock.S_IOERR, d.request(VirtioBlock.T_OUT, 0, DATA, 512));
        assertArrayEquals(before, ro);
        assertEquals(VirtioBlock.S_OK, d.request(VirtioBlock.T_IN, 0, DATA, 512), "reads still work");
        assertEquals(1, roDev.stats().ioErrors());
    }

    @Test
    void notificationBeforeDriverOkIsIgnored() {
        driver.negotiate(VirtioBlock.F_VERSION_1);
        driver.setUpQueue(VirtioDriver.QUEUE_SIZE, DESC, VirtioDriver.AVAIL, VirtioDriver.USED);
        int s = driver.request(VirtioBlock.T_IN, 0, DATA, 512);
        assertEquals(0xEE, s, "no status written");
        assertEquals(0, driver.usedIdx());
        assertEquals(1, dev.notifications(), "the notification is still counted");
    }

    @Test
    void writingZeroToStatusResetsTheDevice() {
        driver.start();
        driver.request(VirtioBlock.T_IN, 0, DATA, 512);
        assertTrue(line.high());
        driver.reg(VirtioDriver.REG_STATUS, 0);
        assertEquals(0, driver.reg(VirtioDriver.REG_STATUS));
        assertEquals(0, driver.reg(VirtioDriver.INTERRUPT_STATUS));
        assertEquals(0, driver.reg(VirtioDriver.QUEUE_READY));
        assertFalse(line.high());
        // After a reset the driver starts over with fresh rings, and indices restart at 0.
        Arrays.fill(mem.ram, (int) (VirtioDriver.AVAIL - RAM), (int) (VirtioDriver.USED - RAM) + 0x100, (byte) 0);
        driver.start();
        assertEquals(VirtioBlock.S_OK, driver.request(VirtioBlock.T_IN, 1, DATA, 512));
        assertEquals(1, driver.usedIdx());
    }

    @Test
    void machineResetIsADeviceReset() {
        driver.start();
        driver.request(VirtioBlock.T_IN, 0, DATA, 512);
        dev.reset();
        assertEquals(0, driver.reg(VirtioDriver.REG_STATUS));
        assertFalse(line.high());
        assertEquals(1, dev.stats().reads(), "statistics survive a reset");
    }

    @Test
    void nonWordRegisterAccessesReadZeroAndWritesAreIgnored() {
        assertEquals(0, dev.read(0x000, 1));
        assertEquals(0, dev.read(0x000, 8));
        assertEquals(0, dev.read(0x002, 4));
        dev.write(0x070, 1, VirtioBlock.ACKNOWLEDGE);
        assertEquals(0, driver.reg(VirtioDriver.REG_STATUS));
        assertEquals(0, dev.read(0x2000, 4), "outside the window");
        assertNotEquals(0, driver.reg(0x000));
    }
}
