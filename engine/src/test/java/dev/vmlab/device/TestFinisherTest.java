package dev.vmlab.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestFinisherTest {
    private final List<String> requests = new ArrayList<>();
    private final TestFinisher finisher = new TestFinisher(new PowerControl() {
        @Override public void powerOff(int code) { requests.add("off " + code); }

        @Override public void reset() { requests.add("reset"); }
    });

    @Test
    void passPowersOffWithCodeZero() {
        finisher.write(0, 4, 0x5555);
        assertEquals(List.of("off 0"), requests);
    }

    @Test
    void failPowersOffWithTheCodeInTheUpperHalf() {
        finisher.write(0, 4, (42L << 16) | 0x3333);
        assertEquals(List.of("off 42"), requests);
    }

    @Test
    void failWithCodeZeroReportsOne() {
        finisher.write(0, 4, 0x3333);
        assertEquals(List.of("off 1"), requests);
    }

    @Test
    void failCodeUsesAllSixteenBits() {
        finisher.write(0, 4, 0xFFFF_3333L);
        assertEquals(List.of("off 65535"), requests);
    }

    @Test
    void resetCommandResetsTheMachine() {
        finisher.write(0, 4, 0x7777);
        assertEquals(List.of("reset"), requests);
    }

    @Test
    void otherValuesAreIgnored() {
        finisher.write(0, 4, 0x1234);
        finisher.write(0, 4, 0x5556);
        finisher.write(0, 4, 0x5555_0000L);
        assertEquals(List.of(), requests);
    }

    @Test
    void writesElsewhereOrBytewideAreIgnored() {
        finisher.write(4, 4, 0x5555);
        finisher.write(0x800, 4, 0x3333);
        finisher.write(0, 1, 0x55);
        assertEquals(List.of(), requests);
    }

    @Test
    void halfwordAndDoublewordWritesActThroughTheirLowBits() {
        finisher.write(0, 2, 0xABCD_5555L);
        finisher.write(0, 8, 0xFFFF_FFFF_0007_3333L);
        assertEquals(List.of("off 0", "off 7"), requests);
    }

    @Test
    void readsReturnZero() {
        finisher.write(0, 4, 0x1234);
        assertEquals(0, finisher.read(0, 4));
        assertEquals(0, finisher.read(8, 8));
    }
}
