package dev.vmlab.machine;

import static dev.vmlab.testing.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmlab.device.TestFinisher;
import dev.vmlab.testing.Asm;
import dev.vmlab.testing.TestMachines;
import org.junit.jupiter.api.Test;

/** The finisher's reset command (0x7777) restarts the guest where it booted; RAM outside the image survives. */
class GuestResetTest {
    private static final long FINISHER = 0x10_0000L, COUNTER = 0x8008_0000L;

    @Test
    void resetRestartsTheHartAtItsBootEntryWithRamKept() {
        Asm a = new Asm()
            .li(T0, COUNTER).ld(T1, 0, T0).addi(T1, T1, 1).sd(T1, 0, T0) // count the boots in RAM
            .li(T2, 2).li(T3, FINISHER)
            .beq(T1, T2, "second")
            .li(T4, 0x7777).sw(T4, 0, T3).halt()                        // first boot: ask for a reset
            .label("second").li(T4, 0x5555).sw(T4, 0, T3).halt();      // second boot: pass
        Machine m = TestMachines.load(a);
        m.map(FINISHER, new TestFinisher(m));
        assertEquals(StopReason.PASS, m.run(10_000));
        assertEquals(2, TestMachines.peek(m, COUNTER, 8), "the guest booted twice");
    }
}
