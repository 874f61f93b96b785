package dev.vmlab.trace;

/**
 * One thing that happened in a VM, as an immutable record. Every event carries the VM's
 * name, the hart, and the retired-instruction count ({@code instret}) at which it happened,
 * so a trace is reproducible run after run. See docs/trace-format.md.
 */
public sealed interface TraceEvent
        permits TraceEvent.Insn, TraceEvent.Trap, TraceEvent.CsrWrite, TraceEvent.WalkStep,
                TraceEvent.WalkDone, TraceEvent.WalkFault, TraceEvent.Tlb, TraceEvent.Mmio {

    String vm();

    int hart();

    long instret();

    /** The trace kind this event belongs to, as named on the command line. */
    TraceKind kind();

    /** An instruction about to retire: pc, raw encoding, its length, privilege, disassembly. */
    record Insn(String vm, int hart, long instret, long pc, int raw, int length, Privilege priv,
                String text, String symbol) implements TraceEvent {
        public TraceKind kind() { return TraceKind.INSN; }
    }

    /**
     * A trap taken: an exception or, when {@code interrupt}, an interrupt. {@code causeName} is
     * the spec's name; {@code delegated} says whether medeleg/mideleg sent it to S-mode.
     */
    record Trap(String vm, int hart, long instret, boolean interrupt, long cause, String causeName,
                long epc, long tval, Privilege from, Privilege to, boolean delegated) implements TraceEvent {
        public TraceKind kind() { return interrupt ? TraceKind.IRQ : TraceKind.TRAP; }
    }

    /** A CSR written by an instruction: the value before and after (after WARL legalisation). */
    record CsrWrite(String vm, int hart, long instret, long pc, int csr, String name, long before, long after)
            implements TraceEvent {
        public TraceKind kind() { return TraceKind.CSR; }
    }

    /**
     * One level of a page walk: the PTE read at {@code pteAddress}, its value, and its flags
     * decoded ({@code "DA-UXWRV"} style, with '-' for clear bits).
     */
    record WalkStep(String vm, int hart, long instret, long va, String mode, int level, long pteAddress,
                    long pte, String flags) implements TraceEvent {
        public TraceKind kind() { return TraceKind.PAGEWALK; }
    }

    /** A walk that succeeded: the physical address and the size of the page that mapped it. */
    record WalkDone(String vm, int hart, long instret, long va, Access access, long pa, long pageSize)
            implements TraceEvent {
        public TraceKind kind() { return TraceKind.PAGEWALK; }
    }

    /** A walk that failed, with the rule of the privileged spec that made it fail. */
    record WalkFault(String vm, int hart, long instret, long va, Access access, String reason)
            implements TraceEvent {
        public TraceKind kind() { return TraceKind.PAGEWALK; }
    }

    /** A TLB lookup result or a flush; {@code detail} says what was flushed, or the hit's frame. */
    record Tlb(String vm, int hart, long instret, TlbOp op, long va, long pa, String detail) implements TraceEvent {
        public TraceKind kind() { return TraceKind.TLB; }
    }

    /** A load or store that reached a device register. */
    record Mmio(String vm, int hart, long instret, long pc, String device, long address, long offset, int size,
                boolean write, long value) implements TraceEvent {
        public TraceKind kind() { return TraceKind.MMIO; }
    }

    enum TlbOp { HIT, MISS, FLUSH }

    enum Access { FETCH, LOAD, STORE }

    /** The RISC-V privilege levels. */
    enum Privilege {
        U(0), S(1), M(3);

        public final int level;

        Privilege(int level) { this.level = level; }

        public static Privilege of(int level) {
            return switch (level) {
                case 0 -> U;
                case 1 -> S;
                default -> M;
            };
        }
    }
}
