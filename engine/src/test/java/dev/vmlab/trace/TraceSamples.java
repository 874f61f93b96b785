package dev.vmlab.trace;

import dev.vmlab.trace.TraceEvent.Access;
import dev.vmlab.trace.TraceEvent.Privilege;
import dev.vmlab.trace.TraceEvent.TlbOp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One realistic event of each shape, shared by the sink and documentation tests: a load from
 * va 0x401123 walked through an Sv39 table rooted at 0x80203000, the UART at 0x10000000.
 */
final class TraceSamples {
    private TraceSamples() {}

    static final TraceEvent.Insn INSN = new TraceEvent.Insn("vm0", 0, 1234, 0x8000_0000L, 0x0000_0297, 4,
            Privilege.M, "auipc t0,0x0", "_start");
    static final TraceEvent.Insn INSN_COMPRESSED = new TraceEvent.Insn("vm0", 0, 1235, 0x8000_0004L, 0x4501, 2,
            Privilege.M, "li a0,0", "_start+0x4");
    static final TraceEvent.Insn INSN_NO_SYMBOL = new TraceEvent.Insn("vm0", 0, 1236, 0x8000_0006L, 0x3020_0073, 4,
            Privilege.U, "mret", null);
    static final TraceEvent.Trap EXCEPTION = new TraceEvent.Trap("vm0", 0, 1236, false, 2, "illegal instruction",
            0x8000_0006L, 0x3020_0073L, Privilege.U, Privilege.S, true);
    static final TraceEvent.Trap EXCEPTION_TO_M = new TraceEvent.Trap("vm0", 0, 1300, false, 9,
            "environment call from S-mode", 0x8000_0100L, 0, Privilege.S, Privilege.M, false);
    static final TraceEvent.Trap INTERRUPT = new TraceEvent.Trap("vm0", 0, 2000, true, 5,
            "supervisor timer interrupt", 0x8000_0020L, 0, Privilege.S, Privilege.S, true);
    static final TraceEvent.CsrWrite CSR = new TraceEvent.CsrWrite("vm0", 0, 12, 0x8000_0008L, 0x300, "mstatus",
            0, 0x1800);
    static final TraceEvent.WalkStep STEP_L2 = new TraceEvent.WalkStep("vm0", 0, 57, 0x40_1123L, "sv39", 2,
            0x8020_3000L, 0x2008_1001L, "-------V");
    static final TraceEvent.WalkStep STEP_L1 = new TraceEvent.WalkStep("vm0", 0, 57, 0x40_1123L, "sv39", 1,
            0x8020_4010L, 0x2008_1401L, "-------V");
    static final TraceEvent.WalkStep STEP_L0 = new TraceEvent.WalkStep("vm0", 0, 57, 0x40_1123L, "sv39", 0,
            0x8020_5008L, 0x2010_00cfL, "DA--XWRV");
    static final TraceEvent.WalkDone DONE = new TraceEvent.WalkDone("vm0", 0, 57, 0x40_1123L, Access.LOAD,
            0x8040_0123L, 4096);
    static final TraceEvent.WalkFault FAULT = new TraceEvent.WalkFault("vm0", 0, 58, 0x40_2000L, Access.STORE,
            "L0 PTE at 0x0000000080205010 has V=0");
    static final TraceEvent.Tlb TLB_HIT = new TraceEvent.Tlb("vm0", 0, 59, TlbOp.HIT, 0x40_1123L, 0x8040_0123L,
            null);
    static final TraceEvent.Tlb TLB_MISS = new TraceEvent.Tlb("vm0", 0, 60, TlbOp.MISS, 0x40_2000L, 0, null);
    static final TraceEvent.Tlb TLB_FLUSH = new TraceEvent.Tlb("vm0", 0, 61, TlbOp.FLUSH, 0, 0,
            "all entries (sfence.vma zero,zero)");
    static final TraceEvent.Mmio MMIO_READ = new TraceEvent.Mmio("vm0", 0, 3000, 0x8000_0040L, "uart0",
            0x1000_0005L, 5, 1, false, 0x60);
    static final TraceEvent.Mmio MMIO_WRITE = new TraceEvent.Mmio("vm0", 0, 3001, 0x8000_0044L, "uart0",
            0x1000_0000L, 0, 1, true, 0x41);

    /**
     * One event per JSON shape, keyed the way docs/trace-format.md names them: the kind, and
     * for page walks the kind and the event.
     */
    static Map<String, TraceEvent> onePerShape() {
        Map<String, TraceEvent> m = new LinkedHashMap<>();
        m.put("insn", INSN);
        m.put("trap", EXCEPTION);
        m.put("irq", INTERRUPT);
        m.put("csr", CSR);
        m.put("pagewalk/step", STEP_L2);
        m.put("pagewalk/done", DONE);
        m.put("pagewalk/fault", FAULT);
        m.put("tlb", TLB_HIT);
        m.put("mmio", MMIO_READ);
        return m;
    }

    /** The shape key for an event or a parsed JSON line: {@code kind} or {@code kind/event}. */
    static String shape(String kind, String event) {
        return event == null ? kind : kind + "/" + event;
    }
}
