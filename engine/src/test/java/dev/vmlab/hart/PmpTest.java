package dev.vmlab.hart;

import static dev.vmlab.hart.Priv.*;
import static dev.vmlab.testing.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmlab.machine.Machine;
import dev.vmlab.machine.StopReason;
import dev.vmlab.testing.Asm;
import dev.vmlab.testing.PageTables;
import dev.vmlab.testing.TestMachines;
import dev.vmlab.testing.TestMachines.Run;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Physical memory protection (privileged spec §3.7): matching, permissions, locking, and page walks. */
class PmpTest {
    private static final int PR = 1, PW = 2, PX = 4, TOR = 1 << 3, NA4 = 2 << 3, NAPOT = 3 << 3, LOCK = 0x80;
    /** The first 64 KiB of RAM hold the program: a NAPOT region for it. */
    private static final long CODE = RAM, CODE_SIZE = 0x10000, DATA = RAM + 0x40000;

    static long napot(long base, long size) { return base >>> 2 | (size >>> 3) - 1; }

    /** Sets pmpaddr{i} and the byte of pmpcfg0 for entry {@code i} (entries 0..7). */
    private static Asm entry(Asm a, int i, long addr, int cfg) {
        return a.li(T0, addr).csrw(PMPADDR0 + i, T0).li(T0, (long) cfg << (8 * i)).csrs(PMPCFG0, T0);
    }

    /** M-mode {@code setup}, then {@code low} in S-mode at label "low"; every trap halts in M at "trap". */
    private static Run inS(Consumer<Asm> setup, Consumer<Asm> low) {
        Asm a = new Asm().mtvec("trap");
        setup.accept(a);
        a.enter(S, "low").align(4).label("trap").halt().align(4).label("low");
        low.accept(a);
        Machine m = TestMachines.load(a);
        StopReason stop = m.run(10_000);
        return new Run(m, a, stop);
    }

    private static void assertTrapInM(Run r, long cause, long epc, long tval) {
        assertEquals(r.addr("trap") + 4, r.m().hart.pc, "trapped to M");
        assertEquals(cause, r.m().hart.mcause, "mcause");
        assertEquals(epc, r.m().hart.mepc, "mepc");
        assertEquals(tval, r.m().hart.mtval, "mtval");
    }

    private static Consumer<Asm> codeRx(Consumer<Asm> more) {
        return a -> { entry(a, 7, napot(CODE, CODE_SIZE), NAPOT | PR | PX); more.accept(a); };
    }

    @Test
    void withNoPmpEntrySupervisorFetchesFault() {
        Run r = inS(a -> { }, l -> l.nop());
        assertTrapInM(r, 1, r.addr("low"), r.addr("low"));
    }

    @Test
    void withNoMatchingEntrySupervisorLoadsAndStoresFault() {
        Run ld = inS(codeRx(a -> { }), l -> l.li(T0, DATA).label("x").ld(A0, 0, T0));
        assertTrapInM(ld, 5, ld.addr("x"), DATA);
        Run sd = inS(codeRx(a -> { }), l -> l.li(T0, DATA).label("x").sd(A0, 0, T0));
        assertTrapInM(sd, 7, sd.addr("x"), DATA);
    }

    @Test
    void machineModeSucceedsWhenNoEntryMatches() {
        TestMachines.exec(a -> a.apply(codeRx(x -> { })).li(T0, DATA).sd(T0, 0, T0).ld(A0, 0, T0)).assertCompleted();
    }

    @Test
    void torEntryGrantsExactlyItsPermissionsOverItsRange() {
        // Entry 0 = [0, DATA) is not usable as TOR base here, so entries 1-2: pmpaddr1 = DATA, pmpaddr2 = DATA + 0x100.
        Consumer<Asm> setup = codeRx(a -> { entry(a, 1, DATA >>> 2, 0); entry(a, 2, (DATA + 0x100) >>> 2, TOR | PR); });
        Run ok = inS(setup, l -> l.li(T0, DATA).ld(A0, 0, T0).ld(A1, 0xf8, T0).ecall());
        assertEquals(9, ok.m().hart.mcause, "both loads inside the range succeeded");
        Run st = inS(setup, l -> l.li(T0, DATA).label("x").sw(A0, 0x10, T0));
        assertTrapInM(st, 7, st.addr("x"), DATA + 0x10);
        Run past = inS(setup, l -> l.li(T0, DATA + 0x100).label("x").lbu(A0, 0, T0));
        assertTrapInM(past, 5, past.addr("x"), DATA + 0x100);
        Run below = inS(setup, l -> l.li(T0, DATA - 8).label("x").ld(A0, 0, T0));
        assertTrapInM(below, 5, below.addr("x"), DATA - 8);
    }

    @Test
    void torEntryZeroStartsAtAddressZero() {
        Run r = inS(a -> entry(a, 0, (RAM + 0x100000) >>> 2, TOR | PR | PW | PX),
            l -> l.li(T0, DATA).sd(T0, 0, T0).ld(A0, 0, T0).ecall());
        assertEquals(9, r.m().hart.mcause);
        assertEquals(DATA, r.x(A0));
    }

    @Test
    void napotEntryGrantsReadWriteButNotExecute() {
        Consumer<Asm> setup = codeRx(a -> entry(a, 0, napot(DATA, 0x1000), NAPOT | PR | PW));
        Run ok = inS(setup, l -> l.li(T0, DATA + 0x800).li(A1, 77).sd(A1, 0x7f8, T0).ld(A0, 0x7f8, T0).ecall());
        assertEquals(9, ok.m().hart.mcause);
        assertEquals(77, ok.x(A0));
        Run fetch = inS(setup, l -> l.li(T0, DATA).jalr(ZERO, T0, 0));
        assertTrapInM(fetch, 1, DATA, DATA);
        Run outside = inS(setup, l -> l.li(T0, DATA + 0x1000).label("x").ld(A0, 0, T0));
        assertTrapInM(outside, 5, outside.addr("x"), DATA + 0x1000);
    }

    @Test
    void na4EntryCoversFourBytes() {
        Consumer<Asm> setup = codeRx(a -> entry(a, 0, (DATA + 8) >>> 2, NA4 | PR));
        Run ok = inS(setup, l -> l.li(T0, DATA + 8).lw(A0, 0, T0).ecall());
        assertEquals(9, ok.m().hart.mcause);
        Run next = inS(setup, l -> l.li(T0, DATA + 12).label("x").lbu(A0, 0, T0));
        assertTrapInM(next, 5, next.addr("x"), DATA + 12);
    }

    @Test
    void lowestNumberedMatchingEntryDecides() {
        // Entry 0: a read-only 4 KiB window; entry 1: all of RAM.
        Consumer<Asm> setup = codeRx(a -> {
            entry(a, 0, napot(DATA, 0x1000), NAPOT | PR);
            entry(a, 1, napot(RAM, 0x100000), NAPOT | PR | PW | PX);
        });
        Run st = inS(setup, l -> l.li(T0, DATA).label("x").sd(A0, 0x20, T0));
        assertTrapInM(st, 7, st.addr("x"), DATA + 0x20);
        Run elsewhere = inS(setup, l -> l.li(T0, DATA + 0x1000).sd(A0, 0, T0).ecall());
        assertEquals(9, elsewhere.m().hart.mcause);
    }

    @Test
    void anAccessOnlyPartlyInsideTheDecidingEntryFails() {
        // Entry 0 covers [DATA+8, DATA+12); an 8-byte load at DATA+4 overlaps it only in part.
        Consumer<Asm> setup = codeRx(a -> {
            entry(a, 0, (DATA + 8) >>> 2, NA4 | PR | PW);
            entry(a, 1, napot(RAM, 0x100000), NAPOT | PR | PW | PX);
        });
        Run r = inS(setup, l -> l.li(T0, DATA + 4).label("x").ld(A0, 0, T0));
        assertEquals(r.addr("trap") + 4, r.m().hart.pc);
        assertEquals(5, r.m().hart.mcause);
    }

    @Test
    void lockedEntriesApplyToMachineMode() {
        Run r = TestMachines.exec(a -> entry(a, 0, napot(DATA, 0x1000), NAPOT | PR | LOCK).li(T0, DATA).ld(A0, 0, T0)
            .label("x").sd(A0, 0, T0));
        r.assertTrap(7, r.addr("x"), DATA);
        Run unlocked = TestMachines.exec(a -> entry(a, 0, napot(DATA, 0x1000), NAPOT | PR).li(T0, DATA)
            .sd(A0, 0, T0));
        unlocked.assertCompleted();
    }

    @Test
    void lockedEntriesIgnoreWritesToTheirConfigAndAddress() {
        Run r = TestMachines.exec(a -> entry(a, 0, napot(DATA, 0x1000), NAPOT | PR | LOCK)
            .li(T0, 0xff).csrc(PMPCFG0, T0).li(T0, NAPOT | PR | PW | PX).csrs(PMPCFG0, T0)
            .li(T0, 0x1234).csrw(PMPADDR0, T0).csrr(A0, PMPCFG0).csrr(A1, PMPADDR0)).assertCompleted();
        assertEquals(NAPOT | PR | LOCK, r.x(A0) & 0xff);
        assertEquals(napot(DATA, 0x1000), r.x(A1));
    }

    @Test
    void lockingATorEntryAlsoLocksTheAddressBelowIt() {
        Run r = TestMachines.exec(a -> entry(a, 1, 0x100, 0).apply(x -> entry(x, 2, 0x200, TOR | PR | LOCK))
            .li(T0, 0x999).csrw(PMPADDR0 + 1, T0).csrr(A0, PMPADDR0 + 1)).assertCompleted();
        assertEquals(0x100, r.x(A0));
    }

    @Test
    void pmpConfigurationReadsBack() {
        Run r = TestMachines.exec(a -> entry(a, 3, napot(DATA, 0x2000), NAPOT | PR | PX).csrr(A0, PMPCFG0)
            .csrr(A1, PMPADDR0 + 3)).assertCompleted();
        assertEquals((long) (NAPOT | PR | PX) << 24, r.x(A0));
        assertEquals(napot(DATA, 0x2000), r.x(A1));
    }

    @Test
    void supervisorCannotExecuteBeyondASubPageExecuteRegionEvenIfMachineModeRanThatCode() {
        // The S code and an M-mode routine share one page; PMP lets S execute only its first 256 bytes.
        // M runs the routine first (so its instructions are decoded), then S jumps to it.
        long page = RAM + 0x1000, routine = page + 0x100;
        Asm a = new Asm().mtvec("trap");
        entry(a, 0, napot(page, 0x100), NAPOT | PR | PX);
        entry(a, 1, napot(RAM, 0x100000), NAPOT | PR | PW);
        a.li(T0, routine).jalr(RA, T0, 0).enter(S, "low").align(4).label("trap").halt()
            .org(page).label("low").li(T0, routine).jalr(RA, T0, 0)
            .org(routine).label("routine").addi(A0, A0, 1).jalr(ZERO, RA, 0);
        Machine m = TestMachines.load(a);
        m.run(1000);
        assertEquals(1, m.hart.x[A0], "M ran the routine once");
        assertEquals(a.addr("trap") + 4, m.hart.pc);
        assertEquals(1, m.hart.mcause, "instruction access fault");
        assertEquals(routine, m.hart.mepc);
        assertEquals(routine, m.hart.mtval);
    }

    // ---------------------------------------------------------------- implicit accesses of the page walk

    private static final long ROOT = RAM + 0x80000, VA_CODE = 0x40_0000L, VA_DATA = 0x123_4000L;

    /**
     * S-mode under Sv39 with the code page identity-free at VA_CODE. The tables are ROOT (level 2),
     * ROOT+0x1000 (level 1), ROOT+0x2000 (the code's level 0), ROOT+0x3000 (the data's level 0).
     */
    private static Run paged(Consumer<Asm> pmp, long dataFlags, Consumer<Asm> low) {
        Asm a = new Asm().mtvec("trap");
        pmp.accept(a);
        a.li(T0, 8L << 60 | ROOT >>> 12).csrw(SATP, T0).li(T5, 3L << 11).csrc(MSTATUS, T5).li(T5, 1L << 11)
            .csrs(MSTATUS, T5).li(T6, VA_CODE).csrw(MEPC, T6).mret().align(4).label("trap").halt()
            .org(RAM + 0x10000).label("low");
        low.accept(a);
        Machine m = TestMachines.load(a);
        PageTables pt = new PageTables(m, 3, ROOT);
        pt.map(VA_CODE, RAM + 0x10000, PageTables.R | PageTables.X | PageTables.A);
        long slot = pt.map(VA_DATA, DATA, dataFlags);
        assertEquals(ROOT + 0x3000, slot & ~0xfffL, "table layout");
        StopReason stop = m.run(10_000);
        return new Run(m, a, stop);
    }

    @Test
    void pmpDeniedPageTableReadGivesAnAccessFaultNotAPageFault() {
        Consumer<Asm> pmp = a -> {
            entry(a, 0, napot(ROOT + 0x3000, 0x1000), NAPOT); // the data's level-0 table: no access
            entry(a, 1, napot(0, 1L << 56), NAPOT | PR | PW | PX);
        };
        Run ld = paged(pmp, PageTables.R | PageTables.W, l -> l.li(T0, VA_DATA).ld(A0, 0, T0));
        assertTrapInM(ld, 5, VA_CODE + 4, VA_DATA);
        Run sd = paged(pmp, PageTables.R | PageTables.W, l -> l.li(T0, VA_DATA).sd(A0, 0, T0));
        assertTrapInM(sd, 7, VA_CODE + 4, VA_DATA);
        Run jump = paged(pmp, PageTables.R | PageTables.X, l -> l.li(T0, VA_DATA).jalr(ZERO, T0, 0));
        assertTrapInM(jump, 1, VA_DATA, VA_DATA);
    }

    @Test
    void pmpDeniedAccessedBitUpdateGivesAnAccessFault() {
        Consumer<Asm> pmp = a -> {
            entry(a, 0, napot(ROOT + 0x3000, 0x1000), NAPOT | PR); // the walker may read but not write it
            entry(a, 1, napot(0, 1L << 56), NAPOT | PR | PW | PX);
        };
        Run noA = paged(pmp, PageTables.R, l -> l.li(T0, VA_DATA).ld(A0, 0, T0));
        assertTrapInM(noA, 5, VA_CODE + 4, VA_DATA);
        Run withA = paged(pmp, PageTables.R | PageTables.A, l -> l.li(T0, VA_DATA).ld(A0, 0, T0).ecall());
        assertEquals(9, withA.m().hart.mcause, "nothing to write back: the load succeeds");
    }

    @Test
    void pmpChecksThePhysicalAddressOfTranslatedAccesses() {
        Consumer<Asm> pmp = a -> {
            entry(a, 0, napot(DATA, 0x1000), NAPOT | PR); // the data page, physically: read-only
            entry(a, 1, napot(0, 1L << 56), NAPOT | PR | PW | PX);
        };
        Run sd = paged(pmp, PageTables.R | PageTables.W | PageTables.A | PageTables.D,
            l -> l.li(T0, VA_DATA).sd(A0, 8, T0));
        assertTrapInM(sd, 7, VA_CODE + 4, VA_DATA + 8);
    }
}
