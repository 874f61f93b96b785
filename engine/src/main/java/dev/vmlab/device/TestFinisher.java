package dev.vmlab.device;

import java.util.Objects;

/**
 * The SiFive test finisher of QEMU's {@code virt} board (at 0x10_0000): the guest's way to end a
 * run with a verdict. A write to offset 0 carries a command in its low 16 bits and, for a failure,
 * an exit code in bits 31..16:
 * <ul>
 *   <li>{@code 0x5555} pass: power off with code 0;</li>
 *   <li>{@code 0x3333} fail: power off with the code, or 1 when the code is 0, so that a failure can
 *       never be mistaken for success (QEMU would exit 0 there);</li>
 *   <li>{@code 0x7777} reset the machine.</li>
 * </ul>
 * Any other command is ignored, reads return 0, and no access ever faults. QEMU accepts 16- and
 * 32-bit writes here; a 64-bit store at offset 0 acts through its low word, as QEMU splits it.
 */
public final class TestFinisher implements Device {
    public static final int PASS = 0x5555, FAIL = 0x3333, RESET = 0x7777;

    private final PowerControl power;

    public TestFinisher(PowerControl power) {
        this.power = Objects.requireNonNull(power, "power");
    }

    @Override
    public String name() { return "test"; }

    @Override
    public long size() { return 0x1000; }

    @Override
    public long read(long offset, int size) { return 0; }

    @Override
    public void write(long offset, int size, long value) {
        if (offset != 0 || size < 2) return;
        int word = size == 2 ? (int) value & 0xFFFF : (int) value;
        int code = word >>> 16;
        switch (word & 0xFFFF) {
            case PASS -> power.powerOff(0);
            case FAIL -> power.powerOff(code == 0 ? 1 : code);
            case RESET -> power.reset();
            default -> { }
        }
    }
}
