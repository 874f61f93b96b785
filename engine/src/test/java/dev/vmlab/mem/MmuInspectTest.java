package dev.vmlab.mem;

import static dev.vmlab.mem.Paging.*;
import static dev.vmlab.testing.PageTables.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmlab.hart.Cause;
import dev.vmlab.machine.Machine;
import dev.vmlab.testing.PageTables;
import dev.vmlab.testing.TestMachines;
import dev.vmlab.trace.TraceEvent.Access;
import org.junit.jupiter.api.Test;

/**
 * {@link Mmu#inspect}: the shell's page-walk view gives every level the hardware walk reads,
 * the same result or fault, and changes nothing (no A/D bits, no TLB fill, no statistics).
 */
class MmuInspectTest {
    /** S-mode spinning in its code page, with data mapped by {@code map}. */
    private static Machine sMode(java.util.function.BiConsumer<PageTables, Machine> map) {
        return sv39(1, map, a -> a.label("spin").j("spin")).m();
    }

    @Test
    void aMappedPageShowsAllThreeLevelsAndThePhysicalAddress() {
        Machine m = sMode((pt, mm) -> pt.map(VA_DATA, DATA_PA, R | W));
        long walks = m.mmu.walks, reads = m.mmu.walkReads, misses = m.mmu.tlbMisses;
        Mmu.WalkView v = m.mmu.inspect(VA_DATA + 0x18, Access.LOAD);
        assertEquals("sv39", v.mode());
        assertFalse(v.faulted());
        assertEquals(DATA_PA + 0x18, v.pa());
        assertEquals(4096, v.pageSize());
        assertEquals(3, v.levels().size());
        assertEquals(2, v.levels().get(0).level());
        assertEquals(ROOT + ((VA_DATA >>> 30) & 0x1ff) * 8, v.levels().get(0).pteAddress());
        assertEquals("-------V", v.levels().get(0).flags(), "a pointer to the next level");
        long leaf = v.levels().get(2).pte();
        assertEquals(0, leaf & A, "the walk did not set A");
        assertEquals(walks, m.mmu.walks);
        assertEquals(reads, m.mmu.walkReads);
        assertEquals(misses, m.mmu.tlbMisses);
        assertEquals(DATA_PA + 0x18, m.mmu.probe(VA_DATA + 0x18, Access.LOAD));
        assertTrue(m.mmu.tlbSnapshot().stream().noneMatch(e -> e.vpn() == VA_DATA >>> 12), "no TLB fill");
    }

    @Test
    void anUnmappedAddressNamesTheLevelThatWasInvalid() {
        Machine m = sMode((pt, mm) -> { });
        Mmu.WalkView v = m.mmu.inspect(VA_DATA, Access.STORE);
        assertTrue(v.faulted());
        assertEquals(Cause.STORE_PAGE_FAULT, v.cause());
        assertEquals(-1, v.pa());
        assertEquals("PTE at level " + v.levels().get(v.levels().size() - 1).level() + " is not valid (V=0)", v.reason());
    }

    @Test
    void permissionRulesAreTheWalkersOwn() {
        Machine m = sMode((pt, mm) -> pt.map(VA_DATA, DATA_PA, R));
        Mmu.WalkView v = m.mmu.inspect(VA_DATA, Access.STORE);
        assertEquals(Cause.STORE_PAGE_FAULT, v.cause());
        assertEquals("store to a page without W", v.reason());
        assertEquals(3, v.levels().size());
        assertEquals("fetch from a page without X", m.mmu.inspect(VA_DATA, Access.FETCH).reason());
    }

    @Test
    void superpagesReportTheirSize() {
        Machine m = sMode((pt, mm) -> pt.map(0x4000_0000L, 0x8000_0000L, R | W, 1));
        Mmu.WalkView v = m.mmu.inspect(0x4001_2345L, Access.LOAD);
        assertEquals(2, v.levels().size());
        assertEquals(2L << 20, v.pageSize());
        assertEquals(0x8001_2345L, v.pa());
    }

    @Test
    void machineModeIsBare() {
        Machine m = TestMachines.load(new dev.vmlab.testing.Asm().halt());
        Mmu.WalkView v = m.mmu.inspect(0x8000_0010L, Access.FETCH);
        assertEquals("bare", v.mode());
        assertEquals(0x8000_0010L, v.pa());
        assertTrue(v.levels().isEmpty());
        assertNull(v.reason());
    }
}
