package dev.vmlab.machine;

import dev.vmlab.isa.Decoder;
import dev.vmlab.isa.Insn;
import dev.vmlab.isa.Op;
import dev.vmlab.trace.TraceEvent;
import dev.vmlab.trace.TraceKind;
import dev.vmlab.trace.Tracer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A device access in the trace names the load or store that made it, not the start of its block. */
class MmioTracePcTest {
    @Test
    void everyMmioEventsPcHoldsALoadOrStore() {
        List<TraceEvent.Mmio> events = new ArrayList<>();
        try (VirtBoard board = VirtBoard.build(MachineConfig.defaults(VirtBoard.NullConsole.INSTANCE).withRam(16 << 20))) {
            board.load(Path.of("..", "samples", "hello", "hello.elf"));
            board.machine.setTracer(Tracer.to(e -> events.add((TraceEvent.Mmio) e)).kinds(EnumSet.of(TraceKind.MMIO)).build());
            assertEquals(StopReason.PASS, board.machine.run(10_000));
            assertFalse(events.isEmpty());
            for (TraceEvent.Mmio e : events) {
                Insn in = Decoder.decode(board.machine.memory.ramLoad32((int) (e.pc() - MachineConfig.RAM_BASE)));
                boolean access = (in.op >= Op.LB && in.op <= Op.LWU) || (in.op >= Op.SB && in.op <= Op.SD);
                assertTrue(access, "the instruction at 0x" + Long.toHexString(e.pc()) + " made the access " + e);
                assertEquals(e.write(), in.op >= Op.SB && in.op <= Op.SD);
            }
        }
    }
}
