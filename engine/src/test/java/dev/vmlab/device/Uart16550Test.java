package dev.vmlab.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Uart16550Test {
    private static final int RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4,
            LSR = 5, MSR = 6, SCR = 7;

    /** A console whose input is a queue filled by the test and whose output is recorded. */
    static final class ScriptedConsole implements Console {
        final ArrayDeque<Integer> input = new ArrayDeque<>();
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        int reads;

        void type(String s) { for (char c : s.toCharArray()) input.add((int) c); }

        @Override public void write(int b) { output.write(b); }

        @Override public int read() {
            reads++;
            Integer b = input.poll();
            return b == null ? -1 : b;
        }
    }

    /** Records every level the device drives, so tests can see edges as well as the current level. */
    static final class RecordingLine implements IrqLine {
        final List<Boolean> levels = new ArrayList<>();

        @Override public void set(boolean level) { levels.add(level); }

        boolean high() { return !levels.isEmpty() && levels.get(levels.size() - 1); }
    }

    private final ScriptedConsole console = new ScriptedConsole();
    private final RecordingLine line = new RecordingLine();
    private final Uart16550 uart = new Uart16550(console, line);

    private int rd(int reg) { return (int) uart.read(reg, 1); }

    private void wr(int reg, int v) { uart.write(reg, 1, v); }

    @Test
    void powerOnRegistersMatchTheDatasheetResetValues() {
        assertEquals(0x00, rd(IER));
        assertEquals(0x01, rd(IIR));
        assertEquals(0x00, rd(LCR));
        assertEquals(0x08, rd(MCR));
        assertEquals(0x60, rd(LSR), "THRE and TEMT set, no data");
        assertEquals(0xB0, rd(MSR), "DCD, DSR and CTS asserted");
        assertEquals(0x00, rd(SCR));
        assertFalse(line.high());
    }

    @Test
    void thrWriteGoesStraightToTheConsoleAndIsCounted() {
        wr(THR, 'h');
        wr(THR, 'i');
        assertEquals("hi", console.output.toString());
        assertEquals(2, uart.bytesOut());
        assertEquals(0x60, rd(LSR) & 0x60, "transmitter empty again at once");
    }

    @Test
    void consoleIsReadOnlyInsidePoll() {
        console.type("x");
        wr(SCR, 1);
        rd(LSR);
        rd(RBR);
        assertEquals(0, console.reads, "register accesses must not sample host input");
        uart.poll(0);
        assertTrue(console.reads > 0);
        assertEquals(1, rd(LSR) & 1);
        assertEquals('x', rd(RBR));
    }

    @Test
    void pollFillsTheFifoOnlyUpToItsFreeSpace() {
        wr(FCR, 0x01);
        rd(LSR); // a polling driver checks for data: the receiver is in use
        console.type("abcdefghijklmnopqrstuvwxyz");
        uart.poll(0);
        assertEquals(16, uart.bytesIn());
        assertEquals(10, console.input.size(), "bytes beyond the FIFO stay with the host");
        StringBuilder got = new StringBuilder();
        while ((rd(LSR) & 1) != 0) got.append((char) rd(RBR));
        assertEquals("abcdefghijklmnop", got.toString());
        uart.poll(1);
        assertEquals('q', rd(RBR));
        assertEquals(26, uart.bytesIn());
    }

    @Test
    void hostInputWaitsUntilTheGuestUsesTheReceiver() {
        console.type("ls\n");
        uart.poll(0);
        assertEquals(0, uart.bytesIn(), "nothing is delivered before the driver is set up");
        wr(FCR, 0x07); // a driver's initialisation resets the FIFOs: nothing is lost by it
        wr(IER, 0x01); // and enables the receive interrupt
        uart.poll(1);
        assertEquals(3, uart.bytesIn());
        assertEquals('l', rd(RBR));
    }

    @Test
    void withoutFifoTheReceiverHoldsOneByte() {
        rd(LSR);
        console.type("ab");
        uart.poll(0);
        assertEquals(1, uart.bytesIn());
        assertEquals('a', rd(RBR));
        assertEquals(0, rd(LSR) & 1, "data-ready clears once the byte is read");
        uart.poll(1);
        assertEquals('b', rd(RBR));
    }

    @Test
    void uartRaisesRxInterruptWhenDataArrives() {
        wr(IER, 0x01);
        assertFalse(line.high());
        assertEquals(0x01, rd(IIR));
        console.type("k");
        uart.poll(0);
        assertTrue(line.high());
        assertEquals(0x04, rd(IIR));
        assertEquals('k', rd(RBR));
        assertFalse(line.high(), "reading the last byte clears the cause");
        assertEquals(0x01, rd(IIR));
    }

    @Test
    void rxInterruptStaysLowWhenNotEnabled() {
        console.type("k");
        uart.poll(0);
        assertFalse(line.high());
        assertEquals(0x01, rd(IIR) & 0x0F);
    }

    @Test
    void enablingThreInterruptRaisesItAtOnceAndReadingIirClearsIt() {
        wr(IER, 0x02);
        assertTrue(line.high());
        assertEquals(0x02, rd(IIR), "THR empty is reported");
        assertFalse(line.high(), "the IIR read acknowledged it");
        assertEquals(0x01, rd(IIR));
    }

    @Test
    void thrWriteRearmsThreBecauseTransmissionIsInstantaneous() {
        wr(IER, 0x02);
        rd(IIR);
        assertFalse(line.high());
        wr(THR, 'z');
        assertTrue(line.high());
        assertEquals(0x02, rd(IIR));
    }

    @Test
    void disablingThreInterruptLowersTheLine() {
        wr(IER, 0x02);
        assertTrue(line.high());
        wr(IER, 0x00);
        assertFalse(line.high());
        assertEquals(0x01, rd(IIR));
    }

    @Test
    void rxDataHasPriorityOverThreAndIirReadDoesNotAckThreThen() {
        wr(IER, 0x03);
        console.type("q");
        uart.poll(0);
        assertEquals(0x04, rd(IIR));
        // THRE was hidden behind RX data, so it must still be pending after the byte is read.
        assertEquals('q', rd(RBR));
        assertTrue(line.high());
        assertEquals(0x02, rd(IIR));
        assertFalse(line.high());
    }

    @Test
    void fifoEnableShowsInIirHighBits() {
        wr(FCR, 0x01);
        assertEquals(0xC1, rd(IIR));
        wr(FCR, 0x00);
        assertEquals(0x01, rd(IIR));
    }

    @Test
    void fcrBit1ClearsTheReceiveFifo() {
        wr(FCR, 0x01);
        wr(IER, 0x01);
        console.type("abc");
        uart.poll(0);
        assertTrue(line.high());
        wr(FCR, 0x03);
        assertEquals(0, rd(LSR) & 1);
        assertFalse(line.high());
    }

    @Test
    void dlabSwitchesOffsetsZeroAndOneToTheDivisorLatch() {
        wr(IER, 0x05);
        wr(LCR, 0x83);
        assertEquals(0x0C, rd(DLL), "QEMU's default divisor, 9600 baud");
        wr(DLL, 0x01);
        wr(DLM, 0x02);
        assertEquals(0x01, rd(DLL));
        assertEquals(0x02, rd(DLM));
        assertEquals("", console.output.toString(), "a DLL write is not a transmission");
        wr(LCR, 0x03);
        assertEquals(0x05, rd(IER), "IER untouched by the DLM write");
        assertEquals(0x03, rd(LCR));
    }

    @Test
    void scratchRegisterHoldsAnyByte() {
        wr(SCR, 0xA5);
        assertEquals(0xA5, rd(SCR));
    }

    @Test
    void lsrAndMsrIgnoreWrites() {
        wr(LSR, 0x00);
        wr(MSR, 0x00);
        assertEquals(0x60, rd(LSR));
        assertEquals(0xB0, rd(MSR));
    }

    @Test
    void widerAccessesUseTheLowByte() {
        uart.write(SCR, 4, 0x1234_56_78L);
        assertEquals(0x78, uart.read(SCR, 4));
        uart.write(THR, 8, 0xFFFF_FF41L);
        assertEquals("A", console.output.toString());
    }

    @Test
    void offsetsBeyondTheEightRegistersFault() {
        assertThrows(BusFault.class, () -> uart.read(8, 1));
        assertThrows(BusFault.class, () -> uart.write(0xFF, 1, 0));
    }

    @Test
    void loopbackSendsTransmittedBytesToTheReceiverAndMirrorsModemLines() {
        wr(MCR, 0x10 | 0x0B); // LOOP, OUT2, RTS, DTR
        console.type("host");
        uart.poll(0);
        assertEquals(0, uart.bytesIn(), "host input is disconnected in loopback");
        wr(THR, 'L');
        assertEquals("", console.output.toString());
        assertEquals('L', rd(RBR));
        assertEquals(0xB0, rd(MSR), "OUT2->DCD, DTR->DSR, RTS->CTS");
        wr(MCR, 0x10);
        assertEquals(0x00, rd(MSR));
    }

    @Test
    void resetRestoresPowerOnStateAndLowersTheLine() {
        wr(FCR, 0x01);
        wr(IER, 0x03);
        wr(LCR, 0x1B);
        wr(SCR, 0x77);
        console.type("zz");
        uart.poll(0);
        assertTrue(line.high());
        uart.reset();
        assertFalse(line.high());
        assertEquals(0x00, rd(IER));
        assertEquals(0x01, rd(IIR));
        assertEquals(0x00, rd(LCR));
        assertEquals(0x00, rd(SCR));
        assertEquals(0x60, rd(LSR), "FIFO emptied");
        assertEquals(2, uart.bytesIn(), "statistics survive a reset");
    }

    @Test
    void everyUpdateReassertsAnActiveInterruptAndPollingWithoutInputDoesNot() {
        // Like QEMU's serial_update_irq: each register write that leaves an interrupt active
        // asserts the line again, so the PLIC latches a fresh request.
        wr(IER, 0x02);
        wr(THR, 'a');
        wr(THR, 'b');
        assertEquals(List.of(true, true, true), line.levels);
        uart.poll(0);
        assertEquals(3, line.levels.size(), "a poll that brings no input leaves the line alone");
    }
}
