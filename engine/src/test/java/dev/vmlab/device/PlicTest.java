package dev.vmlab.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlicTest {
    /** A hart that only remembers the external-interrupt bits the PLIC drives, and every call. */
    static final class FakeHart implements InterruptTarget {
        boolean meip, seip;
        final List<String> calls = new ArrayList<>();

        @Override public void setPending(int bit, boolean level) {
            calls.add(bit + "=" + level);
            if (bit == MEIP) meip = level;
            else if (bit == SEIP) seip = level;
            else throw new AssertionError("PLIC drove mip bit " + bit);
        }
    }

    private final FakeHart hart0 = new FakeHart();
    private final FakeHart hart1 = new FakeHart();
    private final Plic plic = new Plic(hart0, hart1);

    private static long priority(int src) { return 4L * src; }

    private static long enable(int ctx, int word) { return 0x2000 + 0x80L * ctx + 4L * word; }

    private static long threshold(int ctx) { return 0x20_0000 + 0x1000L * ctx; }

    private static long claim(int ctx) { return 0x20_0004 + 0x1000L * ctx; }

    private void w(long off, long v) { plic.write(off, 4, v); }

    private long r(long off) { return plic.read(off, 4); }

    private void enableSource(int ctx, int src) {
        long off = enable(ctx, src / 32);
        w(off, r(off) | (1L << (src % 32)));
    }

    @Test
    void priorityRegistersHoldThreeBits() {
        w(priority(10), 0xFF);
        assertEquals(7, r(priority(10)));
        w(priority(95), 3);
        assertEquals(3, r(priority(95)));
    }

    @Test
    void sourceZeroIsReservedAndReadsZero() {
        w(priority(0), 5);
        assertEquals(0, r(priority(0)));
        w(enable(0, 0), 0xFFFF_FFFFL);
        assertEquals(0xFFFF_FFFEL, r(enable(0, 0)), "enable bit of source 0 is hard-wired to 0");
    }

    @Test
    void pendingBitsFollowTheWireAndAreReadOnly() {
        IrqLine l33 = plic.line(33);
        l33.set(true);
        assertEquals(1L << 1, r(0x1004));
        w(0x1004, 0);
        assertEquals(1L << 1, r(0x1004), "writes to pending are ignored");
        l33.set(false);
        assertEquals(0, r(0x1004), "an open gateway forwards the wire's level");
    }

    @Test
    void enabledSourceAboveThresholdRaisesMeipOfContextZero() {
        w(priority(10), 1);
        enableSource(0, 10);
        assertFalse(hart0.meip);
        plic.line(10).set(true);
        assertTrue(hart0.meip);
        assertFalse(hart0.seip, "the S-mode context did not enable it");
        assertFalse(hart1.meip);
    }

    @Test
    void oddContextDrivesSeipOfItsHart() {
        w(priority(7), 2);
        enableSource(3, 7);
        plic.line(7).set(true);
        assertTrue(hart1.seip);
        assertFalse(hart1.meip);
        assertFalse(hart0.seip);
    }

    @Test
    void priorityZeroNeverInterrupts() {
        enableSource(0, 5);
        plic.line(5).set(true);
        assertFalse(hart0.meip);
        assertEquals(0, r(claim(0)));
    }

    @Test
    void thresholdMasksPrioritiesAtOrBelowIt() {
        w(priority(5), 3);
        enableSource(0, 5);
        w(threshold(0), 3);
        plic.line(5).set(true);
        assertFalse(hart0.meip, "priority must exceed the threshold");
        assertEquals(0, r(claim(0)));
        w(threshold(0), 2);
        assertTrue(hart0.meip);
        assertEquals(2, r(threshold(0)));
        w(threshold(0), 0xF);
        assertEquals(7, r(threshold(0)), "threshold holds three bits");
        assertFalse(hart0.meip);
    }

    @Test
    void claimReturnsHighestPriorityAndLowestIdOnTies() {
        for (int s : new int[] {3, 4, 40}) {
            enableSource(0, s);
            plic.line(s).set(true);
        }
        w(priority(3), 2);
        w(priority(4), 5);
        w(priority(40), 5);
        assertEquals(4, r(claim(0)), "priority 5 beats 2; 4 beats 40 on the tie");
        assertEquals(40, r(claim(0)));
        assertEquals(3, r(claim(0)));
        assertEquals(0, r(claim(0)));
        assertFalse(hart0.meip);
    }

    @Test
    void claimIgnoresSourcesNotEnabledForTheContext() {
        w(priority(9), 1);
        enableSource(1, 9);
        plic.line(9).set(true);
        assertEquals(0, r(claim(0)));
        assertEquals(9, r(claim(1)));
    }

    @Test
    void claimClearsPendingAndLowersTheOutput() {
        w(priority(10), 1);
        enableSource(0, 10);
        plic.line(10).set(true);
        assertEquals(10, r(claim(0)));
        assertEquals(0, r(0x1000), "claimed source is no longer pending");
        assertFalse(hart0.meip);
    }

    @Test
    void assertionInServiceIsLatchedAndDeliveredAfterComplete() {
        IrqLine l = plic.line(10);
        w(priority(10), 1);
        enableSource(0, 10);
        l.set(true);
        assertEquals(10, r(claim(0)));
        l.set(false);
        l.set(true);
        assertEquals(1L << 10, r(0x1000), "a new assertion while in service is latched, as in QEMU");
        assertFalse(hart0.meip, "but a source in service cannot interrupt");
        assertEquals(0, r(claim(0)));
        w(claim(0), 10);
        assertTrue(hart0.meip, "completion makes the latched assertion deliverable");
        assertEquals(10, r(claim(0)));
    }

    @Test
    void completionDoesNotResampleAWireThatStayedHigh() {
        // QEMU's behaviour, which xv6's UART driver relies on: no new assertion, no new interrupt.
        IrqLine l = plic.line(10);
        w(priority(10), 1);
        enableSource(0, 10);
        l.set(true);
        assertEquals(10, r(claim(0)));
        w(claim(0), 10);
        assertEquals(0, r(0x1000));
        assertFalse(hart0.meip);
        l.set(true);
        assertTrue(hart0.meip, "a re-assertion by the device latches it again");
    }

    @Test
    void completeWithLowWireLeavesNothingPending() {
        IrqLine l = plic.line(10);
        w(priority(10), 1);
        enableSource(0, 10);
        l.set(true);
        assertEquals(10, r(claim(0)));
        l.set(false);
        w(claim(0), 10);
        assertEquals(0, r(0x1000));
        assertFalse(hart0.meip);
        l.set(true);
        assertTrue(hart0.meip, "the gateway is open again");
    }

    @Test
    void completeForSourceNotEnabledInContextIsIgnored() {
        IrqLine l = plic.line(12);
        w(priority(12), 1);
        enableSource(0, 12);
        l.set(true);
        assertEquals(12, r(claim(0)));
        l.set(true); // the device asserts again while the source is in service
        w(claim(2), 12); // hart 1's M context never enabled source 12
        assertFalse(hart0.meip, "still in service: the completion was ignored");
        w(claim(0), 12);
        assertTrue(hart0.meip, "the right context's completion ends service");
    }

    @Test
    void sourceEnabledInTwoContextsIsDeliveredToOneClaimer() {
        w(priority(20), 1);
        enableSource(0, 20);
        enableSource(2, 20);
        plic.line(20).set(true);
        assertTrue(hart0.meip);
        assertTrue(hart1.meip);
        assertEquals(20, r(claim(2)));
        assertFalse(hart0.meip, "hart 0 lost the race: nothing left to claim");
        assertEquals(0, r(claim(0)));
    }

    @Test
    void nonWordAccessesReadZeroAndWritesAreIgnored() {
        w(priority(10), 1);
        enableSource(0, 10);
        plic.line(10).set(true);
        assertEquals(0, plic.read(claim(0), 1));
        assertEquals(0, plic.read(claim(0), 8));
        assertEquals(0, plic.read(priority(10) + 1, 4), "misaligned");
        assertTrue(hart0.meip, "none of these reads claimed");
        plic.write(priority(11), 2, 7);
        plic.write(priority(11), 8, 7);
        assertEquals(0, r(priority(11)));
    }

    @Test
    void unknownOffsetsAndAbsentContextsReadZeroWithoutFault() {
        assertEquals(0, r(0x1FFC));
        assertEquals(0, r(enable(0, 3)), "beyond the 96 sources");
        assertEquals(0, r(enable(4, 0)), "only four contexts with two harts");
        assertEquals(0, r(threshold(4)));
        assertEquals(0, r(claim(4)));
        assertEquals(0, r(0x20_0008));
        assertEquals(0, r(Plic.WINDOW - 4));
        w(threshold(4), 1);
        w(Plic.WINDOW - 4, 1);
        w(0x20_0008, 1);
        assertEquals(0, plic.read(Plic.WINDOW + 4, 4));
    }

    @Test
    void linesOutsideSourceRangeAreRejectedAtWiring() {
        assertThrows(IllegalArgumentException.class, () -> plic.line(0));
        assertThrows(IllegalArgumentException.class, () -> plic.line(96));
    }

    @Test
    void outputIsDrivenOnlyWhenItChanges() {
        hart0.calls.clear();
        w(priority(10), 1);
        w(priority(11), 1);
        enableSource(0, 10);
        enableSource(0, 11);
        plic.line(10).set(true);
        plic.line(11).set(true);
        plic.line(10).set(true);
        assertEquals(List.of(InterruptTarget.MEIP + "=true"), hart0.calls);
    }

    @Test
    void resetClearsRegistersAndLowersOutputsButKeepsWireLevels() {
        IrqLine l = plic.line(10);
        w(priority(10), 4);
        enableSource(0, 10);
        w(threshold(0), 1);
        l.set(true);
        assertEquals(10, r(claim(0)));
        l.set(false);
        l.set(true);
        plic.reset();
        assertFalse(hart0.meip);
        assertEquals(0, r(priority(10)));
        assertEquals(0, r(enable(0, 0)));
        assertEquals(0, r(threshold(0)));
        assertEquals(1L << 10, r(0x1000), "gateway re-opened and re-sampled the high wire");
    }

    @Test
    void constructionDrivesEveryContextLow() {
        FakeHart h = new FakeHart();
        h.meip = h.seip = true;
        new Plic(h);
        assertFalse(h.meip);
        assertFalse(h.seip);
    }
}
