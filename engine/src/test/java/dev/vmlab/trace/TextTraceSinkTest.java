package dev.vmlab.trace;

import static dev.vmlab.trace.TraceSamples.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.vmlab.trace.TraceEvent.Access;
import dev.vmlab.trace.TraceEvent.Privilege;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the text layout: one exact line per event shape, so a change is a visible decision. */
class TextTraceSinkTest {
    private final TextTraceSink plain = new TextTraceSink(new StringWriter(), false, false);

    private String line(TraceEvent e) {
        return plain.format(e);
    }

    @Test
    void instructionShowsPcRawPrivilegeDisassemblyAndSymbol() {
        assertEquals("      1234  insn  0x0000000080000000  00000297  M  auipc t0,0x0                  <_start>",
                line(INSN));
    }

    @Test
    void compressedInstructionShowsFourDigitsAndKeepsTheColumns() {
        assertEquals("      1235  insn  0x0000000080000004  4501      M  li a0,0                       <_start+0x4>",
                line(INSN_COMPRESSED));
    }

    @Test
    void instructionWithoutSymbolEndsAfterTheDisassembly() {
        assertEquals("      1236  insn  0x0000000080000006  30200073  U  mret", line(INSN_NO_SYMBOL));
    }

    @Test
    void exceptionShowsCauseTvalPrivilegeChangeAndDelegation() {
        assertEquals("      1236  trap  0x0000000080000006  exception 2 illegal instruction, "
                + "tval=0x0000000030200073, U->S (delegated)", line(EXCEPTION));
    }

    @Test
    void exceptionTakenInMachineModeIsNotMarkedDelegated() {
        assertEquals("      1300  trap  0x0000000080000100  exception 9 environment call from S-mode, "
                + "tval=0x0000000000000000, S->M", line(EXCEPTION_TO_M));
    }

    @Test
    void interruptIsTaggedIrqAndLeavesOutTval() {
        assertEquals("      2000  irq   0x0000000080000020  interrupt 5 supervisor timer interrupt, S->S (delegated)",
                line(INTERRUPT));
    }

    @Test
    void interruptBitInCauseIsNotShownAsPartOfTheCode() {
        TraceEvent.Trap t = new TraceEvent.Trap("vm0", 0, 1, true, Long.MIN_VALUE | 7, "machine timer interrupt",
                0x8000_0000L, 0, Privilege.U, Privilege.M, false);
        assertTrue(line(t).contains("interrupt 7 machine timer interrupt, U->M"), line(t));
    }

    @Test
    void csrWriteShowsPcNameBeforeAndAfter() {
        assertEquals("        12  csr   0x0000000080000008  mstatus     0x0000000000000000 -> 0x0000000000001800",
                line(CSR));
    }

    @Test
    void csrWriteThatChangesNothingSaysSo() {
        TraceEvent.CsrWrite c = new TraceEvent.CsrWrite("vm0", 0, 12, 0x8000_0008L, 0x340, "mscratch", 5, 5);
        assertEquals("        12  csr   0x0000000080000008  mscratch    0x0000000000000005 -> 0x0000000000000005"
                + "  (unchanged)", line(c));
    }

    @Test
    void csrWithoutNameShowsItsNumber() {
        TraceEvent.CsrWrite c = new TraceEvent.CsrWrite("vm0", 0, 12, 0x8000_0008L, 0x7c0, null, 0, 1);
        assertTrue(line(c).contains("  0x7c0       0x0000000000000000 -> "), line(c));
    }

    @Test
    void walkStepsIndentOneSpacePerLevelAndTheResultReturnsToTheMargin() {
        List<String> lines = List.of(line(STEP_L2), line(STEP_L1), line(STEP_L0), line(DONE));
        assertEquals(List.of(
                "        57  walk  sv39 L2 pte@0x0000000080203000 = 0x0000000020081001 [-------V]",
                "        57  walk   sv39 L1 pte@0x0000000080204010 = 0x0000000020081401 [-------V]",
                "        57  walk    sv39 L0 pte@0x0000000080205008 = 0x00000000201000cf [DA--XWRV]",
                "        57  walk  load va 0x0000000000401123 -> pa 0x0000000080400123 (4 KiB page)"), lines);
    }

    @Test
    void sv48WalkStartsAtLevelThreeWithoutIndent() {
        TraceEvent.WalkStep top = new TraceEvent.WalkStep("vm0", 0, 1, 0, "sv48", 3, 0x8020_0000L, 1, "-------V");
        TraceEvent.WalkStep leaf = new TraceEvent.WalkStep("vm0", 0, 1, 0, "sv48", 0, 0x8020_3000L, 1, "-------V");
        assertTrue(line(top).contains("  walk  sv48 L3 "), line(top));
        assertTrue(line(leaf).contains("  walk     sv48 L0 "), line(leaf));
    }

    @Test
    void walkFaultSaysWhichAccessFailedAndWhy() {
        assertEquals("        58  walk  store va 0x0000000000402000 fault: L0 PTE at 0x0000000080205010 has V=0",
                line(FAULT));
    }

    @Test
    void superpageSizesUseTheLargestBinaryUnit() {
        TraceEvent.WalkDone mega = new TraceEvent.WalkDone("vm0", 0, 1, 0x20_0000L, Access.FETCH, 0x8020_0000L,
                2L << 20);
        assertTrue(line(mega).endsWith("(2 MiB page)"), line(mega));
        assertEquals("1 GiB", TextTraceSink.pageSize(1L << 30));
        assertEquals("512 GiB", TextTraceSink.pageSize(512L << 30));
        assertEquals("6 B", TextTraceSink.pageSize(6));
    }

    @Test
    void tlbHitMissAndFlushShareOneColumnForTheirOperands() {
        assertEquals("        59  tlb   hit    0x0000000000401123 -> 0x0000000080400123", line(TLB_HIT));
        assertEquals("        60  tlb   miss   0x0000000000402000", line(TLB_MISS));
        assertEquals("        61  tlb   flush  all entries (sfence.vma zero,zero)", line(TLB_FLUSH));
    }

    @Test
    void mmioShowsPcDeviceOffsetDirectionSizeAndValue() {
        assertEquals("      3000  mmio  0x0000000080000040  uart0 +0x5 read  1 = 0x60", line(MMIO_READ));
        assertEquals("      3001  mmio  0x0000000080000044  uart0 +0x0 write 1 = 0x41", line(MMIO_WRITE));
    }

    @Test
    void mmioValueHasTwoDigitsPerByteAndNoBitsBeyondTheAccess() {
        TraceEvent.Mmio m = new TraceEvent.Mmio("vm0", 0, 1, 0x8000_0000L, "plic", 0x0c20_0004L, 0x20_0004L, 4,
                false, 0xffff_ffff_8000_0001L);
        assertTrue(line(m).endsWith("plic +0x200004 read  4 = 0x80000001"), line(m));
    }

    @Test
    void mmioWithoutDeviceNameShowsThePhysicalAddress() {
        TraceEvent.Mmio m = new TraceEvent.Mmio("vm0", 0, 1, 0x8000_0000L, null, 0x1000_0005L, 5, 1, true, 0x41);
        assertTrue(line(m).endsWith("0x0000000010000005 write 1 = 0x41"), line(m));
    }

    @Test
    void vmColumnAppearsOnlyWhenAsked() {
        TextTraceSink withVm = new TextTraceSink(new StringWriter(), true, false);
        assertEquals("      1234  vm0:0       insn  0x0000000080000000  00000297  M  auipc t0,0x0"
                + "                  <_start>", withVm.format(INSN));
        TraceEvent.CsrWrite other = new TraceEvent.CsrWrite("web", 3, 12, 0x8000_0008L, 0x300, "mstatus", 0, 8);
        assertTrue(withVm.format(other).startsWith("        12  web:3       csr   "), withVm.format(other));
        assertFalse(line(INSN).contains("vm0"));
    }

    @Test
    void colourWrapsKindAndBodyOnlyWhenAsked() {
        TextTraceSink coloured = new TextTraceSink(new StringWriter(), false, true);
        for (TraceEvent e : everySample()) {
            assertFalse(line(e).contains("\u001b"), "plain output must carry no escapes: " + line(e));
            String c = coloured.format(e);
            assertTrue(c.startsWith(line(e).substring(0, 12) + "\u001b["), c);
            assertTrue(c.endsWith("\u001b[0m"), c);
            assertEquals(line(e), c.replaceAll("\u001b\\[[0-9;]*m", ""));
        }
        assertNotEquals(coloured.format(EXCEPTION).substring(12, 20), coloured.format(INSN).substring(12, 20),
                "traps and instructions should differ in colour");
    }

    @Test
    void linesAreBufferedUntilFlushAndEndInNewline() {
        StringWriter w = new StringWriter();
        TextTraceSink sink = new TextTraceSink(w, false, false);
        sink.accept(INSN);
        sink.accept(CSR);
        assertEquals("", w.toString(), "output should be buffered");
        sink.flush();
        assertEquals(line(INSN) + "\n" + line(CSR) + "\n", w.toString());
        sink.accept(MMIO_READ);
        sink.close();
        assertTrue(w.toString().endsWith(line(MMIO_READ) + "\n"));
    }

    @Test
    void closingLeavesABorrowedStreamOpen() {
        CloseTracking bytes = new CloseTracking();
        PrintStream ps = new PrintStream(bytes, false, StandardCharsets.UTF_8);
        TextTraceSink sink = new TextTraceSink(ps, false, false);
        sink.accept(TLB_MISS);
        sink.close();
        sink.close();
        assertFalse(bytes.closed);
        assertEquals(line(TLB_MISS) + "\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void acceptAfterCloseIsAnError() {
        TextTraceSink sink = new TextTraceSink(new StringWriter(), false, false);
        sink.close();
        assertThrows(IllegalStateException.class, () -> sink.accept(INSN));
    }

    @Test
    void walkTagIsShortForPagewalk() {
        assertEquals("walk", TextTraceSink.tag(TraceKind.PAGEWALK));
        assertEquals("irq", TextTraceSink.tag(TraceKind.IRQ));
    }

    static List<TraceEvent> everySample() {
        return List.of(INSN, INSN_COMPRESSED, INSN_NO_SYMBOL, EXCEPTION, EXCEPTION_TO_M, INTERRUPT, CSR, STEP_L2,
                STEP_L1, STEP_L0, DONE, FAULT, TLB_HIT, TLB_MISS, TLB_FLUSH, MMIO_READ, MMIO_WRITE);
    }

    static final class CloseTracking extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }
}
