package dev.vmlab.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SymbolsTest {
    private static final long BASE = 0x8000_0000L;
    private static final int NOTYPE = 0;
    private static final int OBJECT = 1;
    private static final int FUNC = 2;
    private static final int SECTION = 3;
    private static final int FILE = 4;
    private static final int LOCAL = 0;
    private static final int GLOBAL = 1;
    private static final int WEAK = 2;

    /** Text 0x80000000..0x80000100, data 0x80001000..0x80001100. */
    private static TestElf image() {
        return TestElf.executable()
                .segment(BASE, new byte[0x100], 0x100, 5)
                .segment(BASE + 0x1000, new byte[0x10], 0x100, 6);
    }

    private static Symbols symbols(TestElf elf) {
        return Symbols.of(ElfImage.parse("kernel", elf.build()));
    }

    @Test
    void describesAddressesInsideSizedSymbols() {
        Symbols s = symbols(image().symbol("memcpy", BASE + 0x40, 0x30, FUNC, GLOBAL));
        assertEquals("memcpy", s.describe(BASE + 0x40));
        assertEquals("memcpy+0x1c", s.describe(BASE + 0x5c));
        assertEquals("memcpy+0x2f", s.describe(BASE + 0x6f));
        assertNull(s.describe(BASE + 0x70), "just past its size");
        assertNull(s.describe(BASE + 0x3f), "before the first symbol");
    }

    @Test
    void zeroSizeSymbolsReachTheNextSymbol() {
        Symbols s = symbols(image()
                .symbol("_start", BASE, 0, NOTYPE, GLOBAL)
                .symbol("trap_vector", BASE + 0x80, 0, NOTYPE, LOCAL));
        assertEquals("_start+0x7f", s.describe(BASE + 0x7f));
        assertEquals("trap_vector", s.describe(BASE + 0x80));
        assertEquals("trap_vector+0x7f", s.describe(BASE + 0xff));
        assertNull(s.describe(BASE + 0x100), "the last one stops at the end of its segment");
        assertNull(s.describe(BASE + 0x800), "gap between segments");
    }

    @Test
    void zeroSizeSymbolStopsAtItsSegmentEvenBeforeTheNextSymbol() {
        Symbols s = symbols(image()
                .symbol("text_end_marker", BASE + 0xf0, 0, NOTYPE, GLOBAL)
                .symbol("data", BASE + 0x1000, 0x10, OBJECT, GLOBAL));
        assertEquals("text_end_marker+0xf", s.describe(BASE + 0xff));
        assertNull(s.describe(BASE + 0x100));
        assertEquals("data+0x4", s.describe(BASE + 0x1004));
    }

    @Test
    void sizedSymbolThatDoesNotCoverFallsBackToAZeroSizeOneAtTheSameAddress() {
        Symbols s = symbols(image()
                .symbol("_stext", BASE, 0, NOTYPE, GLOBAL)
                .symbol("reset", BASE, 0x10, FUNC, LOCAL));
        assertEquals("reset+0x8", s.describe(BASE + 8));
        assertEquals("_stext+0x20", s.describe(BASE + 0x20));
    }

    @Test
    void prefersFunctionsThenGlobalsAtTheSameAddress() {
        Symbols s = symbols(image()
                .symbol("label", BASE, 0, NOTYPE, GLOBAL)
                .symbol("local_fn", BASE, 0x10, FUNC, LOCAL)
                .symbol("global_fn", BASE, 0x10, FUNC, GLOBAL)
                .symbol("weak_fn", BASE, 0x10, FUNC, WEAK));
        assertEquals("global_fn+0x4", s.describe(BASE + 4));
        Symbols noFunc = symbols(image()
                .symbol("local_label", BASE + 0x20, 0, NOTYPE, LOCAL)
                .symbol("global_label", BASE + 0x20, 0, NOTYPE, GLOBAL)
                .symbol("an_object", BASE + 0x40, 0, OBJECT, LOCAL)
                .symbol("b_label", BASE + 0x40, 0, NOTYPE, GLOBAL));
        assertEquals("global_label+0x1", noFunc.describe(BASE + 0x21));
        assertEquals("an_object", noFunc.describe(BASE + 0x40));
    }

    @Test
    void ignoresSectionFileMappingAndTemporarySymbols() {
        Symbols s = symbols(image()
                .symbol("", BASE, 0, NOTYPE, LOCAL)
                .symbol(".text", BASE, 0, SECTION, LOCAL)
                .symbol("start.S", 0, 0, FILE, LOCAL, 0xfff1)
                .symbol("$x", BASE, 0, NOTYPE, LOCAL)
                .symbol("$xrv64i2p1_m2p0_a2p1_c2p0", BASE + 0x10, 0, NOTYPE, LOCAL)
                .symbol("$d", BASE + 0x20, 0, NOTYPE, LOCAL)
                .symbol("$d.1", BASE + 0x28, 0, NOTYPE, LOCAL)
                .symbol(".L0 ", BASE + 0x30, 0, NOTYPE, LOCAL)
                .symbol("undefined_weak", 0, 0, NOTYPE, WEAK, 0)
                .symbol("$dollar_name", BASE + 0x50, 0, NOTYPE, GLOBAL)
                .symbol("real", BASE + 0x60, 0, FUNC, GLOBAL));
        assertNull(s.describe(BASE + 0x10));
        assertEquals("$dollar_name+0x1", s.describe(BASE + 0x51));
        assertEquals(List.of("$dollar_name", "real"), s.names());
        assertEquals(Optional.empty(), s.address("undefined_weak"));
        assertEquals(Optional.empty(), s.address(".text"));
    }

    @Test
    void mappingSymbolRecognition() {
        assertTrue(Symbols.isMappingSymbol("$x"));
        assertTrue(Symbols.isMappingSymbol("$d"));
        assertTrue(Symbols.isMappingSymbol("$x.42"));
        assertTrue(Symbols.isMappingSymbol("$xrv64imac"));
        assertFalse(Symbols.isMappingSymbol("$drv64"));
        assertFalse(Symbols.isMappingSymbol("$xyz"));
        assertFalse(Symbols.isMappingSymbol("x"));
        assertFalse(Symbols.isMappingSymbol("$"));
    }

    @Test
    void absoluteConstantsOutsideTheImageNeverLabelAnAddress() {
        Symbols s = symbols(image()
                .symbol("__stack_size", 0x1000, 0, NOTYPE, GLOBAL, 0xfff1)
                .symbol("_start", BASE, 0, FUNC, GLOBAL));
        assertNull(s.describe(0x1004));
        assertEquals(Optional.of(0x1000L), s.address("__stack_size"), "but the name still resolves");
    }

    @Test
    void addressPrefersGlobalOverWeakOverLocal() {
        Symbols s = symbols(image()
                .symbol("buf", BASE + 0x1000, 8, OBJECT, LOCAL)
                .symbol("buf", BASE + 0x1010, 8, OBJECT, WEAK)
                .symbol("buf", BASE + 0x1020, 8, OBJECT, GLOBAL)
                .symbol("helper", BASE + 0x10, 8, FUNC, LOCAL)
                .symbol("helper", BASE + 0x20, 8, FUNC, LOCAL));
        assertEquals(Optional.of(BASE + 0x1020), s.address("buf"));
        assertEquals(Optional.of(BASE + 0x10), s.address("helper"), "first in table order among equals");
        assertEquals(Optional.empty(), s.address("nope"));
        assertEquals(List.of("buf", "helper"), s.names());
    }

    @Test
    void highHalfAddressesCompareUnsigned() {
        long high = 0xffff_ffff_8000_0000L;
        Symbols s = Symbols.of(List.of(
                new ElfSymbol("low", 0x1000, 0x10, ElfSymbol.Type.FUNC, ElfSymbol.Binding.GLOBAL, 1),
                new ElfSymbol("kernel_entry", high, 0x100, ElfSymbol.Type.FUNC, ElfSymbol.Binding.GLOBAL, 1)));
        assertEquals("kernel_entry+0x10", s.describe(high + 0x10));
        assertEquals("low+0x8", s.describe(0x1008));
        assertNull(s.describe(0x7fff_ffff_ffff_ffffL));
        assertNull(s.describe(-1L));
    }

    @Test
    void listBuiltSymbolsLetTheLastZeroSizeSymbolReachFar() {
        Symbols s = Symbols.of(List.of(
                new ElfSymbol("a", 0x100, 0, ElfSymbol.Type.NOTYPE, ElfSymbol.Binding.GLOBAL, 1),
                new ElfSymbol("b", 0x200, 0, ElfSymbol.Type.NOTYPE, ElfSymbol.Binding.GLOBAL, 1)));
        assertEquals("a+0xff", s.describe(0x1ff));
        assertEquals("b+0x1000", s.describe(0x1200));
        assertNull(s.describe(0xff));
    }

    @Test
    void locateGivesTheParts() {
        Symbols s = symbols(image().symbol("main", BASE + 0x10, 0x20, FUNC, GLOBAL));
        Symbols.Location at = s.locate(BASE + 0x14).orElseThrow();
        assertEquals(new Symbols.Location("main", BASE + 0x10, 4), at);
        assertEquals("main+0x4", at.toString());
        assertEquals(Optional.empty(), s.locate(BASE));
    }

    @Test
    void emptySymbols() {
        Symbols none = Symbols.empty();
        assertTrue(none.isEmpty());
        assertNull(none.describe(BASE));
        assertEquals(List.of(), none.names());
        assertEquals(Optional.empty(), none.address("x"));
        assertTrue(Symbols.of(ElfImage.parse("k", image().withoutSections().build())).isEmpty());
        assertTrue(Symbols.of(List.of()).isEmpty());
    }

    @Test
    void namesAreSortedAndImmutable() {
        Symbols s = symbols(image()
                .symbol("zeta", BASE, 0, FUNC, GLOBAL)
                .symbol("alpha", BASE + 4, 0, FUNC, GLOBAL)
                .symbol("mid", BASE + 8, 0, FUNC, GLOBAL));
        assertEquals(List.of("alpha", "mid", "zeta"), s.names());
        assertThrows(UnsupportedOperationException.class, () -> s.names().add("x"));
    }

    @Test
    void agreesWithALinearScanOnManySymbols() {
        List<ElfSymbol> list = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            long value = 0x1000 + random.nextInt(0x10000) * 4L;
            long size = random.nextBoolean() ? 0 : 4 + random.nextInt(64);
            list.add(new ElfSymbol("s" + i, value, size, ElfSymbol.Type.FUNC, ElfSymbol.Binding.GLOBAL, 1));
        }
        Symbols s = Symbols.of(list);
        for (int probe = 0; probe < 5000; probe++) {
            long address = 0x1000 + random.nextInt(0x40100);
            assertEquals(linear(list, address), s.describe(address), "at 0x" + Long.toHexString(address));
        }
    }

    /** The rule, stated slowly: the nearest address at or below, first covering symbol there in table order. */
    private static String linear(List<ElfSymbol> list, long address) {
        long nearest = -1;
        for (ElfSymbol sym : list) {
            if (sym.value() <= address && sym.value() > nearest) {
                nearest = sym.value();
            }
        }
        if (nearest < 0) {
            return null;
        }
        long next = Long.MAX_VALUE;
        for (ElfSymbol sym : list) {
            if (sym.value() > nearest && sym.value() < next) {
                next = sym.value();
            }
        }
        for (ElfSymbol sym : list) {
            if (sym.value() == nearest) {
                boolean covered = sym.size() != 0 ? address - nearest < sym.size() : address < next;
                if (covered) {
                    long off = address - nearest;
                    return off == 0 ? sym.name() : sym.name() + "+0x" + Long.toHexString(off);
                }
            }
        }
        return null;
    }
}
