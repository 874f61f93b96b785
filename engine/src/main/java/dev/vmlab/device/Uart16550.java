package dev.vmlab.device;

import java.util.Objects;

/**
 * An NS16550A UART as QEMU's {@code virt} board has it at 0x1000_0000: byte-wide registers at
 * offsets 0..7 (reg-shift 0) inside a 0x100 window.
 *
 * <p>Transmission is instantaneous: a byte written to THR goes straight to the {@link Console}, so
 * THR and the transmitter are always empty again by the time the guest looks. Reception is
 * deterministic: host input is pulled from the console only in {@link #poll(long)}, never on a
 * register access, so the same scenario sees its input at the same instruction counts on every run.
 *
 * <p>Interrupts follow QEMU's {@code serial.c}: the IIR reports the highest-priority pending cause
 * (received data 0x04 over THR empty 0x02; 0x01 means none) and the line is high while any cause is
 * pending. The THR-empty cause is edge-like: it is armed when THR becomes empty or when IER.ETBEI is
 * set, and disarmed by a read of IIR that reports it or by a write to THR (which, as the byte leaves
 * at once, arms it again). Line-status and modem-status interrupts never fire: the link has no
 * errors and the modem lines never change.
 *
 * <p>Not thread-safe: the board calls it from the hart's thread.
 */
public final class Uart16550 implements Device {
    /** Depth of the receive FIFO in FIFO mode (16550A datasheet, "FIFO operation"). */
    public static final int FIFO_DEPTH = 16;

    // Register offsets (reg-shift 0).
    private static final int RBR_THR_DLL = 0, IER_DLM = 1, IIR_FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7;

    private static final int IER_ERBFI = 0x01, IER_ETBEI = 0x02;
    private static final int IIR_NONE = 0x01, IIR_THRE = 0x02, IIR_RDA = 0x04, IIR_FIFO_ENABLED = 0xC0;
    private static final int FCR_FIFO_ENABLE = 0x01, FCR_CLEAR_RX = 0x02, FCR_CLEAR_TX = 0x04;
    /** FCR bits that read back into the state: enable, DMA mode, RX trigger level. */
    private static final int FCR_KEPT = 0xC9;
    private static final int LCR_DLAB = 0x80;
    private static final int MCR_LOOP = 0x10;
    private static final int LSR_DR = 0x01, LSR_THRE = 0x20, LSR_TEMT = 0x40;
    private static final int MSR_CTS = 0x10, MSR_DSR = 0x20, MSR_DCD = 0x80;

    private final Console console;
    private final IrqLine irq;

    private final int[] rxFifo = new int[FIFO_DEPTH];
    private int rxHead, rxCount;

    private int ier, lcr, mcr, fcr, scr, dll, dlm;
    private boolean thrInterruptPending;
    /** Set once the guest enables the receive interrupt or reads RBR/LSR; cleared by reset. */
    private boolean listening;
    private boolean irqLevel;

    private long bytesIn, bytesOut;

    public Uart16550(Console console, IrqLine irq) {
        this.console = Objects.requireNonNull(console, "console");
        this.irq = Objects.requireNonNull(irq, "irq");
        powerOn();
    }

    @Override
    public String name() { return "uart0"; }

    @Override
    public long size() { return 0x100; }

    /** Bytes received from the host console into the FIFO since the board was built. */
    public long bytesIn() { return bytesIn; }

    /** Bytes the guest transmitted to the host console since the board was built. */
    public long bytesOut() { return bytesOut; }

    @Override
    public void reset() {
        powerOn();
        updateIrq();
    }

    /** Power-on values from the 16550A datasheet's reset table, as QEMU sets them (9600 8N1). */
    private void powerOn() {
        rxHead = rxCount = 0;
        ier = lcr = fcr = scr = 0;
        mcr = 0x08; // OUT2, as QEMU leaves it so that PC-style drivers see the IRQ routed
        dll = 0x0C;
        dlm = 0;
        thrInterruptPending = false;
        listening = false;
    }

    @Override
    public long read(long offset, int size) {
        int reg = register(offset);
        int value = switch (reg) {
            case RBR_THR_DLL -> dlab() ? dll : listen(popRx());
            case IER_DLM -> dlab() ? dlm : ier;
            case IIR_FCR -> readIir();
            case LCR -> lcr;
            case MCR -> mcr;
            case LSR -> listen(lsr());
            case MSR -> msr();
            default -> scr;
        };
        return value & 0xFF;
    }

    @Override
    public void write(long offset, int size, long value) {
        int reg = register(offset);
        int v = (int) value & 0xFF; // wider accesses carry the register in their low byte
        switch (reg) {
            case RBR_THR_DLL -> {
                if (dlab()) dll = v;
                else transmit(v);
            }
            case IER_DLM -> {
                if (dlab()) dlm = v;
                else writeIer(v);
                if (!dlab() && (v & 1) != 0) listening = true;
            }
            case IIR_FCR -> writeFcr(v);
            case LCR -> lcr = v;
            case MCR -> mcr = v & 0x1F;
            case SCR -> scr = v;
            default -> { } // LSR and MSR are read-only; writes are ignored as on the chip
        }
        updateIrq();
    }

    /** The guest reads the receiver (or polls the line status): host input may flow from now on. */
    private int listen(int value) {
        listening = true;
        return value;
    }

    /** Pulls waiting host input into the receive FIFO, as far as it has room. */
    @Override
    public void poll(long mtime) {
        // In loopback the receiver is wired to the transmitter, not to the outside world.
        if ((mcr & MCR_LOOP) != 0) return;
        // Host input waits until the guest receives: typed-ahead or piped bytes would otherwise
        // land before the driver initialises the chip, whose FIFO reset then discards them.
        if (!listening) return;
        boolean arrived = false;
        while (rxCount < rxCapacity()) {
            int b = console.read();
            if (b < 0) break;
            pushRx(b);
            bytesIn++;
            arrived = true;
        }
        if (arrived) updateIrq();
    }

    private int register(long offset) {
        // QEMU maps only 8 bytes of the 0x100 slot; the rest is unassigned and faults there too.
        if (offset < 0 || offset > SCR) throw new BusFault("uart0: no register at offset 0x" + Long.toHexString(offset));
        return (int) offset;
    }

    private boolean dlab() { return (lcr & LCR_DLAB) != 0; }

    /** With FIFOs disabled the chip is a 16450: one holding register, so one byte at a time. */
    private int rxCapacity() { return (fcr & FCR_FIFO_ENABLE) != 0 ? FIFO_DEPTH : 1; }

    private void pushRx(int b) {
        rxFifo[(rxHead + rxCount) % FIFO_DEPTH] = b & 0xFF;
        rxCount++;
    }

    private int popRx() {
        if (rxCount == 0) return 0;
        int b = rxFifo[rxHead];
        rxHead = (rxHead + 1) % FIFO_DEPTH;
        rxCount--;
        updateIrq();
        return b;
    }

    private void transmit(int b) {
        thrInterruptPending = false;
        if ((mcr & MCR_LOOP) != 0) {
            // Loopback: the byte comes back on the receiver; with the FIFO full it is lost (overrun).
            if (rxCount < rxCapacity()) pushRx(b);
        } else {
            console.write(b);
            bytesOut++;
        }
        // The shift register empties at once, so THR is empty again: the THRE cause re-arms.
        thrInterruptPending = true;
    }

    private void writeIer(int v) {
        int changed = (ier ^ v) & 0x0F;
        ier = v & 0x0F;
        // Enabling ETBEI while THR is empty (always, here) raises THRE at once, which is what
        // drivers rely on to start a transmission from the interrupt handler.
        if ((changed & IER_ETBEI) != 0) thrInterruptPending = (ier & IER_ETBEI) != 0;
    }

    private void writeFcr(int v) {
        // Toggling FIFO enable flushes both FIFOs (16550A datasheet, FCR bit 0).
        if (((v ^ fcr) & FCR_FIFO_ENABLE) != 0) v |= FCR_CLEAR_RX | FCR_CLEAR_TX;
        if ((v & FCR_CLEAR_RX) != 0) rxHead = rxCount = 0;
        // FCR_CLEAR_TX: nothing to clear, transmission is instantaneous.
        fcr = v & FCR_KEPT;
    }

    private int readIir() {
        int iir = currentIir();
        // Reading IIR while it reports THRE is the acknowledgement of that cause.
        if ((iir & 0x0F) == IIR_THRE) {
            thrInterruptPending = false;
            updateIrq();
        }
        return iir;
    }

    private int currentIir() {
        int id;
        if ((ier & IER_ERBFI) != 0 && rxCount > 0) id = IIR_RDA;
        else if ((ier & IER_ETBEI) != 0 && thrInterruptPending) id = IIR_THRE;
        else id = IIR_NONE;
        return id | ((fcr & FCR_FIFO_ENABLE) != 0 ? IIR_FIFO_ENABLED : 0);
    }

    private int lsr() {
        return (rxCount > 0 ? LSR_DR : 0) | LSR_THRE | LSR_TEMT;
    }

    private int msr() {
        if ((mcr & MCR_LOOP) != 0) {
            // Loopback ties the modem outputs to the inputs: OUT2->DCD, OUT1->RI, DTR->DSR, RTS->CTS.
            return ((mcr & 0x0C) << 4) | ((mcr & 0x01) << 5) | ((mcr & 0x02) << 3);
        }
        return MSR_DCD | MSR_DSR | MSR_CTS; // a permanently connected, ready peer
    }

    /**
     * Drives the interrupt line after every register access that can change it (QEMU's
     * serial_update_irq): an assertion is re-signalled even when the line was already high,
     * because the PLIC latches each assertion.
     */
    private void updateIrq() {
        boolean level = (currentIir() & 0x0F) != IIR_NONE;
        if (level || level != irqLevel) irq.set(level);
        irqLevel = level;
    }
}
