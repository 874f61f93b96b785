package dev.vmlab.device;

import static dev.vmlab.device.VirtioDriver.AVAIL;
import static dev.vmlab.device.VirtioDriver.DATA;
import static dev.vmlab.device.VirtioDriver.DESC;
import static dev.vmlab.device.VirtioDriver.HEADER;
import static dev.vmlab.device.VirtioDriver.INDIRECT;
import static dev.vmlab.device.VirtioDriver.NEXT;
import static dev.vmlab.device.VirtioDriver.QUEUE_SIZE;
import static dev.vmlab.device.VirtioDriver.RAM;
import static dev.vmlab.device.VirtioDriver.STATUS;
import static dev.vmlab.device.VirtioDriver.USED;
import static dev.vmlab.device.VirtioDriver.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A driver that breaks the rules must never make the device throw, loop, or reach outside guest
 * RAM. Bad requests end with IOERR; broken rings and chains end with DEVICE_NEEDS_RESET.
 */
class VirtioBlockHostileDriverTest {
    private static final int SECTORS = 16;

    private final FakeGuestMemory mem = new FakeGuestMemory(RAM, 1 << 20);
    private final Uart16550Test.RecordingLine line = new Uart16550Test.RecordingLine();
    private final byte[] image = VirtioBlockTest.pattern(SECTORS * 512);
    private final byte[] pristine = image.clone();
    private final VirtioBlock dev = VirtioBlock.inMemory(image, false, mem, line);
    private final VirtioDriver driver = new VirtioDriver(mem, dev);

    private void assertNeedsReset() {
        assertTrue((driver.reg(VirtioDriver.REG_STATUS) & VirtioBlock.DEVICE_NEEDS_RESET) != 0,
                "DEVICE_NEEDS_RESET expected; last problem: " + dev.lastProblem());
        assertEquals(1, dev.stats().deviceErrors());
        assertFalse(dev.lastProblem().isEmpty());
    }

    private void assertIoErr(int status) {
        assertEquals(VirtioBlock.S_IOERR, status, dev.lastProblem());
        assertEquals(1, dev.stats().ioErrors());
        assertEquals(1, driver.usedIdx(), "the failed request is still returned");
        assertEquals(0, dev.read(0x070, 4) & VirtioBlock.DEVICE_NEEDS_RESET, "a bad request is not a broken device");
    }

    // ---- bad requests: IOERR ----

    @Test
    void sectorBeyondCapacityGivesIoErr() {
        driver.start();
        assertIoErr(driver.request(VirtioBlock.T_IN, SECTORS, DATA, 512));
    }

    @Test
    void transferRunningPastTheEndGivesIoErr() {
        driver.start();
        assertIoErr(driver.request(VirtioBlock.T_IN, SECTORS - 1, DATA, 1024));
        assertEquals(0, dev.stats().sectorsRead());
    }

    @Test
    void hugeSectorNumberDoesNotOverflowIntoRange() {
        driver.start();
        // sector * 512 wraps to 0 in 64 bits: a careless range check would read sector 0.
        mem.put(DATA, new byte[512]);
        assertIoErr(driver.request(VirtioBlock.T_IN, 1L << 55, DATA, 512));
        assertArrayEquals(new byte[512], mem.bytes(DATA, 512));
    }

    @Test
    void negativeLookingSectorGivesIoErr() {
        driver.start();
        assertIoErr(driver.request(VirtioBlock.T_OUT, -1L, DATA, 512));
        assertArrayEquals(pristine, image);
    }

    @Test
    void partialSectorGivesIoErr() {
        driver.start();
        assertIoErr(driver.request(VirtioBlock.T_IN, 0, DATA, 100));
    }

    @Test
    void readIntoBufferBeyondRamGivesIoErrAndTouchesNothing() {
        driver.start();
        long straddling = mem.end() - 256;
        byte[] tail = mem.bytes(straddling, 256);
        assertIoErr(driver.request(VirtioBlock.T_IN, 0, straddling, 512));
        assertArrayEquals(tail, mem.bytes(straddling, 256));
        assertTrue(mem.refused > 0, "the device tried and GuestMemory refused");
        assertTrue(dev.lastProblem().contains("not all in guest RAM"), dev.lastProblem());
    }

    @Test
    void writeFromBufferOutsideRamGivesIoErrAndLeavesTheDisk() {
        driver.start();
        assertIoErr(driver.request(VirtioBlock.T_OUT, 0, 0x1000, 512)); // below RAM
        assertArrayEquals(pristine, image);
    }

    @Test
    void headerShorterThanSixteenBytesGivesIoErr() {
        driver.start();
        driver.header(HEADER, VirtioBlock.T_IN, 0);
        driver.desc(0, HEADER, 8, NEXT, 1);
        driver.desc(1, STATUS, 1, WRITE, 0);
        driver.offer(0);
        driver.kick();
        assertIoErr(driver.status());
    }

    @Test
    void headerOutsideRamGivesIoErr() {
        driver.start();
        driver.desc(0, mem.end() - 8, 16, NEXT, 1);
        driver.desc(1, STATUS, 1, WRITE, 0);
        driver.offer(0);
        driver.kick();
        assertIoErr(driver.status());
    }

    // ---- broken chains and rings: DEVICE_NEEDS_RESET ----

    @Test
    void descriptorLoopSetsNeedsResetInsteadOfSpinning() {
        driver.start();
        driver.header(HEADER, VirtioBlock.T_IN, 0);
        driver.desc(0, HEADER, 16, NEXT, 1);
        driver.desc(1, DATA, 512, NEXT | WRITE, 0);
        driver.offer(0);
        driver.kick();
        assertNeedsReset();
        assertEquals(0, driver.usedIdx());
    }

    @Test
    void selfLoopingDescriptorSetsNeedsReset() {
        driver.start();
        driver.desc(3, HEADER, 16, NEXT, 3);
        driver.offer(3);
        driver.kick();
        assertNeedsReset();
    }

    @Test
    void needsResetSendsConfigChangeInterrupt() {
        driver.start();
        driver.desc(0, HEADER, 16, NEXT, 0);
        driver.offer(0);
        driver.kick();
        assertTrue(line.high());
        assertEquals(VirtioBlock.INT_CONFIG_CHANGE, driver.reg(VirtioDriver.INTERRUPT_STATUS));
    }

    @Test
    void brokenDeviceServesNothingUntilReset() {
        driver.start();
        driver.desc(0, HEADER, 16, NEXT, 0);
        driver.offer(0);
        driver.kick();
        assertNeedsReset();
        int s = driver.request(VirtioBlock.T_IN, 0, DATA, 512);
        assertEquals(0xEE, s, "a valid request after the error is not served");
        assertEquals(0, driver.usedIdx());
        driver.reg(VirtioDriver.REG_STATUS, 0);
        assertEquals(0, driver.reg(VirtioDriver.REG_STATUS), "reset clears DEVICE_NEEDS_RESET");
        Arrays.fill(mem.ram, (int) (AVAIL - RAM), (int) (USED - RAM) + 0x100, (byte) 0);
        driver.start();
        assertEquals(VirtioBlock.S_OK, driver.request(VirtioBlock.T_IN, 0, DATA, 512));
    }

    @Test
    void driverCannotSetOrClearNeedsReset() {
        driver.reg(VirtioDriver.REG_STATUS, VirtioBlock.ACKNOWLEDGE | VirtioBlock.DEVICE_NEEDS_RESET);
        assertEquals(VirtioBlock.ACKNOWLEDGE, driver.reg(VirtioDriver.REG_STATUS));
        driver.start();
        driver.desc(0, HEADER, 16, NEXT, 0);
        driver.offer(0);
        driver.kick();
        driver.reg(VirtioDriver.REG_STATUS, 0x0F);
        assertEquals(0x0F | VirtioBlock.DEVICE_NEEDS_RESET, driver.reg(VirtioDriver.REG_STATUS));
    }

    @Test
    void nextIndexBeyondTheQueueSetsNeedsReset() {
        driver.start();
        driver.desc(0, HEADER, 16, NEXT, QUEUE_SIZE);
        driver.offer(0);
        driver.kick();
        assertNeedsReset();
    }

    @Test
    void availableHeadBeyondTheQueueSetsNeedsReset() {
        driver.start();
        driver.offer(0xFFFF);
        driver.kick();
        assertNeedsReset();
    }

    @Test
    void availableIndexJumpingPastTheQueueSetsNeedsReset() {
        driver.start();
        mem.store(AVAIL + 2, 2, QUEUE_SIZE + 1);
        driver.kick();
        assertNeedsReset();
        assertEquals(0, driver.usedIdx());
    }

    @Test
    void chainWithoutWritableStatusByteSetsNeedsReset() {
        driver.start();
        driver.header(HEADER, VirtioBlock.T_OUT, 0);
        driver.desc(0, HEADER, 16, NEXT, 1);
        driver.desc(1, DATA, 512, 0, 0);
        driver.offer(0);
        driver.kick();
        assertNeedsReset();
        assertArrayEquals(pristine, image, "nothing was written without a way to report it");
    }

    @Test
    void statusByteOutsideRamSetsNeedsReset() {
        driver.start();
        driver.header(HEADER, VirtioBlock.T_IN, 0);
        driver.desc(0, HEADER, 16, NEXT, 1);
        driver.desc(1, mem.end(), 1, WRITE, 0);
        driver.offer(0);
        driver.kick();
        assertNeedsReset();
    }

    @Test
    void readableDescriptorAfterWritableOneSetsNeedsReset() {
        driver.start();
        driver.header(HEADER, VirtioBlock.T_IN, 0);
        driver.desc(0, HEADER, 16, NEXT, 1);
        driver.desc(1, DATA, 512, NEXT | WRITE, 2);
        driver.desc(2, DATA + 512, 512, NEXT, 3);
        driver.desc(3, STATUS, 1, WRITE, 0);
        driver.offer(0);
        driver.kick();
        assertNeedsReset();
    }

    @Test
    void descriptorTableOutsideRamSetsNeedsReset() {
        driver.negotiate(VirtioBlock.F_VERSION_1);
        driver.setUpQueue(QUEUE_SIZE, mem.end() + 0x1000, AVAIL, USED);
        driver.reg(VirtioDriver.REG_STATUS, 0x0F);
        driver.offer(0);
        driver.kick();
        assertNeedsReset();
    }

    @Test
    void usedRingOutsideRamSetsNeedsReset() {
        driver.negotiate(VirtioBlock.F_VERSION_1);
        driver.setUpQueue(QUEUE_SIZE, DESC, AVAIL, 0x10_0000);
        driver.reg(VirtioDriver.REG_STATUS, 0x0F);
        driver.request(VirtioBlock.T_IN, 0, DATA, 512);
        assertNeedsReset();
    }

    @Test
    void queueSizeNotAPowerOfTwoIsRefused() {
        driver.negotiate(VirtioBlock.F_VERSION_1);
        driver.setUpQueue(6, DESC, AVAIL, USED);
        assertEquals(0, driver.reg(VirtioDriver.QUEUE_READY));
        assertNeedsReset();
    }

    @Test
    void queueSizeZeroOrAboveTheMaximumIsRefused() {
        driver.negotiate(VirtioBlock.F_VERSION_1);
        driver.setUpQueue(0, DESC, AVAIL, USED);
        assertEquals(0, driver.reg(VirtioDriver.QUEUE_READY));
        driver.reg(VirtioDriver.REG_STATUS, 0);
        driver.negotiate(VirtioBlock.F_VERSION_1);
        driver.setUpQueue(2048, DESC, AVAIL, USED);
        assertEquals(0, driver.reg(VirtioDriver.QUEUE_READY));
        assertEquals(2, dev.stats().deviceErrors());
    }

    @Test
    void misalignedRingsAreRefused() {
        driver.negotiate(VirtioBlock.F_VERSION_1);
        driver.setUpQueue(QUEUE_SIZE, DESC + 8, AVAIL, USED);
        assertEquals(0, driver.reg(VirtioDriver.QUEUE_READY));
        assertNeedsReset();
    }

    @Test
    void indirectDescriptorWithoutTheFeatureSetsNeedsReset() {
        driver.start(VirtioBlock.F_VERSION_1);
        driver.desc(0, RAM + 0x5000, 32, INDIRECT, 0);
        driver.offer(0);
        driver.kick();
        assertNeedsReset();
    }

    @Test
    void nestedIndirectTableSetsNeedsReset() {
        driver.start();
        long table = RAM + 0x5000;
        driver.desc(table, 0, table, 16, INDIRECT, 0);
        driver.desc(0, table, 16, INDIRECT, 0);
        driver.offer(0);
        driver.kick();
        assertNeedsReset();
    }

    @Test
    void loopInsideIndirectTableSetsNeedsReset() {
        driver.start();
        long table = RAM + 0x5000;
        driver.desc(table, 0, HEADER, 16, NEXT, 1);
        driver.desc(table, 1, DATA, 512, NEXT | WRITE, 0);
        driver.desc(0, table, 32, INDIRECT, 0);
        driver.offer(0);
        driver.kick();
        assertNeedsReset();
    }

    @Test
    void indirectTableWithBadLengthSetsNeedsReset() {
        driver.start();
        driver.desc(0, RAM + 0x5000, 24, INDIRECT, 0);
        driver.offer(0);
        driver.kick();
        assertNeedsReset();
    }

    @Test
    void chainLongerThanFourGigabytesSetsNeedsReset() {
        driver.start();
        driver.desc(0, DATA, 0xFFFF_FFFFL, NEXT, 1);
        driver.desc(1, DATA, 0xFFFF_FFFFL, WRITE, 0);
        driver.offer(0);
        driver.kick();
        assertNeedsReset();
    }

    @Test
    void notificationForAnotherQueueIsIgnored() {
        driver.start();
        driver.request(VirtioBlock.T_IN, 0, DATA, 512);
        driver.reg(VirtioDriver.QUEUE_NOTIFY, 5);
        assertEquals(1, driver.usedIdx());
        assertEquals(2, dev.notifications());
        assertTrue(dev.lastProblem().contains("queue 5"), dev.lastProblem());
    }

    @Test
    void randomRingContentsNeverEscapeTheDevice() {
        Random random = new Random(20240611L);
        for (int round = 0; round < 300; round++) {
            VirtioBlock victim = VirtioBlock.inMemory(image, false, mem, IrqLine.NONE);
            VirtioDriver d = new VirtioDriver(mem, victim).start();
            // Garbage descriptors pointing anywhere, including just inside RAM, then random avail entries.
            for (int i = 0; i < QUEUE_SIZE; i++) {
                long addr = random.nextBoolean() ? RAM + random.nextInt(1 << 20) : random.nextLong();
                d.desc(i, addr, random.nextInt(2) == 0 ? random.nextInt(2048) : random.nextInt() & 0xFFFF_FFFFL,
                        random.nextInt(8), random.nextInt(QUEUE_SIZE + 2));
            }
            for (int i = 0; i < 4; i++) d.offer(random.nextInt(QUEUE_SIZE + 1));
            d.kick();
            int status = (int) victim.read(0x070, 4);
            long served = d.usedIdx();
            // Every offered chain is either returned with a status or the device declared itself broken.
            assertTrue(served == 4 || (status & VirtioBlock.DEVICE_NEEDS_RESET) != 0,
                    "round " + round + ": served " + served + ", status 0x" + Integer.toHexString(status));
        }
    }
}
