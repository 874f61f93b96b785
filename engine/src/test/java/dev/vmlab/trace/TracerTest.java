package dev.vmlab.trace;

import static org.junit.jupiter.api.Assertions.*;

import dev.vmlab.trace.TraceEvent.Privilege;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TracerTest {
    private final List<TraceEvent> seen = new ArrayList<>();
    private final TraceSink collect = seen::add;

    private static TraceEvent.Insn insnAt(long pc, long instret) {
        return new TraceEvent.Insn("vm0", 0, instret, pc, 0x13, 4, Privilege.S, "nop", null);
    }

    private static TraceEvent.Trap trapAt(long epc, long instret) {
        return new TraceEvent.Trap("vm0", 0, instret, false, 2, "illegal instruction", epc, 0, Privilege.U,
                Privilege.S, true);
    }

    private static TraceEvent.CsrWrite csrAt(long pc, long instret) {
        return new TraceEvent.CsrWrite("vm0", 0, instret, pc, 0x100, "sstatus", 0, 2);
    }

    @Test
    void pcRangeSelectsInstructionEventsOnly() {
        Tracer t = Tracer.to(collect).kinds(EnumSet.allOf(TraceKind.class)).pcRange(0x8000_0000L, 0x8000_0008L).build();
        t.emit(insnAt(0x8000_0000L, 1));
        t.emit(insnAt(0x8000_0004L, 2));
        t.emit(insnAt(0x8000_0008L, 3));  // the upper bound is exclusive
        t.emit(insnAt(0x7fff_fffcL, 4));
        t.emit(trapAt(0x9000_0000L, 5));  // outside the range, but not an instruction event
        t.emit(csrAt(0x9000_0000L, 6));
        assertEquals(List.of(1L, 2L, 5L, 6L), seen.stream().map(TraceEvent::instret).toList());
        assertTrue(t.pcSelected(0x8000_0004L));
        assertFalse(t.pcSelected(0x8000_0008L));
    }

    @Test
    void pcRangeComparesAddressesUnsigned() {
        Tracer t = Tracer.to(collect).kinds(Set.of(TraceKind.INSN)).pcRange(0x8000_0000_0000_0000L, -1L).build();
        t.emit(insnAt(0xffff_ffff_8000_0000L, 1));
        t.emit(insnAt(0x8000_0000L, 2));
        assertEquals(List.of(1L), seen.stream().map(TraceEvent::instret).toList());
    }

    @Test
    void instretWindowIsHalfOpenAndAppliesToEveryKind() {
        Tracer t = Tracer.to(collect).kinds(EnumSet.allOf(TraceKind.class)).window(100, 200).build();
        t.emit(insnAt(0x8000_0000L, 99));
        t.emit(insnAt(0x8000_0000L, 100));
        t.emit(trapAt(0x8000_0000L, 199));
        t.emit(csrAt(0x8000_0000L, 200));
        t.emit(trapAt(0x8000_0000L, 250));
        assertEquals(List.of(100L, 199L), seen.stream().map(TraceEvent::instret).toList());
    }

    @Test
    void limitSwitchesTheTracerOffAfterThatManyEvents() {
        Tracer t = Tracer.to(collect).kinds(TraceKind.parseList("all")).limit(2).build();
        assertTrue(t.insn && t.trap && t.irq && t.csr && t.pagewalk && t.tlb && t.mmio);
        t.emit(insnAt(0x8000_0000L, 1));
        assertTrue(t.any());
        t.emit(trapAt(0x8000_0000L, 2));
        assertFalse(t.any(), "every flag drops once the limit is reached, so the hot path stops building events");
        assertFalse(t.insn || t.trap || t.irq || t.csr || t.pagewalk || t.tlb || t.mmio);
        assertEquals(2, t.emitted());
        assertEquals(2, seen.size());
        t.emit(trapAt(0x8000_0000L, 3));
        assertEquals(2, seen.size(), "an event built before the flag dropped still stops at the limit");
    }

    @Test
    void eventsFilteredOutDoNotCountTowardsTheLimit() {
        Tracer t = Tracer.to(collect).kinds(Set.of(TraceKind.INSN)).window(10, 20).limit(1).build();
        t.emit(insnAt(0x8000_0000L, 5));
        assertTrue(t.any());
        assertEquals(0, t.emitted());
        t.emit(insnAt(0x8000_0000L, 15));
        assertFalse(t.any());
        assertEquals(1, t.emitted());
    }

    @Test
    void limitZeroMeansNoLimit() {
        Tracer t = Tracer.to(collect).kinds(Set.of(TraceKind.INSN)).limit(0).build();
        for (int k = 0; k < 1000; k++) t.emit(insnAt(0x8000_0000L, k));
        assertTrue(t.insn);
        assertEquals(1000, t.emitted());
    }

    @Test
    void kindsTurnOnTheirFlagsOnly() {
        Tracer t = Tracer.to(collect).kinds(TraceKind.parseList("trap,csr")).build();
        assertTrue(t.trap && t.csr);
        assertFalse(t.insn || t.irq || t.pagewalk || t.tlb || t.mmio);
        assertFalse(Tracer.to(collect).kinds(Set.of()).build().any());
    }

    @Test
    void offTracesNothing() {
        assertFalse(Tracer.off().any());
    }

    @Test
    void closingTheTracerClosesItsSink() {
        boolean[] closed = {false};
        Tracer.to(new TraceSink() {
            @Override
            public void accept(TraceEvent event) {}

            @Override
            public void close() { closed[0] = true; }
        }).build().close();
        assertTrue(closed[0]);
    }

    @Test
    void kindListIgnoresCaseSpacesAndEmptyParts() {
        assertEquals(EnumSet.of(TraceKind.TRAP, TraceKind.IRQ, TraceKind.CSR), TraceKind.parseList(" trap, IRQ ,,csr"));
        assertEquals(EnumSet.noneOf(TraceKind.class), TraceKind.parseList(""));
    }

    @Test
    void allSelectsEveryKind() {
        assertEquals(EnumSet.allOf(TraceKind.class), TraceKind.parseList("all"));
        assertEquals(EnumSet.allOf(TraceKind.class), TraceKind.parseList("insn,ALL"));
    }

    @Test
    void unknownKindIsNamedWithTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TraceKind.parseList("trap, walks"));
        assertEquals("unknown trace kind 'walks' (valid: insn, trap, irq, csr, pagewalk, tlb, mmio, all)",
                e.getMessage());
    }

    @Test
    void walkIsAcceptedForPagewalkAsTheTextTraceTagsIt() {
        assertEquals(EnumSet.of(TraceKind.TRAP, TraceKind.PAGEWALK), TraceKind.parseList("trap,walk"));
    }

    @Test
    void labelsAreTheLowerCaseNames() {
        assertEquals(List.of("insn", "trap", "irq", "csr", "pagewalk", "tlb", "mmio"), TraceKind.names());
    }
}
