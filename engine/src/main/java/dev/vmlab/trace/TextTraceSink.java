package dev.vmlab.trace;

import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.Charset;

/**
 * Renders each trace event as one aligned line for a person reading a terminal.
 *
 * <pre>
 *       1234  insn  0x0000000080000000  00000297  M  auipc t0,0x0                  &lt;_start&gt;
 *       1234  vm0:0       insn  0x0000000080000000  00000297  M  auipc t0,0x0      ...
 * </pre>
 *
 * The instret column is right-aligned in {@value #INSTRET_WIDTH} characters, the optional
 * {@code vm:hart} column is left-aligned in {@value #VM_WIDTH}, the kind tag in
 * {@value #KIND_WIDTH}, and columns are separated by two spaces. Bodies that concern an
 * instruction (insn, trap, irq, csr, mmio) start with its pc, so pcs line up down the page.
 * The exact layout of every body is pinned by {@code TextTraceSinkTest} and described in
 * docs/trace-format.md.
 *
 * <p>Lines end in {@code \n} on every platform, so a trace diffs equal across machines. Output
 * is buffered: call {@link #flush()} to see it before {@link #close()}. The sink is safe to
 * share between harts running on different threads; lines never interleave.
 */
public final class TextTraceSink extends StreamingSink {
    static final int INSTRET_WIDTH = 10;
    static final int VM_WIDTH = 10;
    static final int KIND_WIDTH = 4;
    /** Disassembly is padded to this width so symbols line up after it. */
    static final int TEXT_WIDTH = 28;
    /** Wide enough for every standard CSR name except the numbered hpm counters. */
    static final int CSR_NAME_WIDTH = 10;

    private static final int BUFFER_CHARS = 1 << 16;
    private static final String SEP = "  ";
    private static final String RESET = "\u001b[0m";

    private final Writer out;
    private final boolean showVm;
    private final boolean color;
    private final StringBuilder line = new StringBuilder(160);

    /**
     * A sink writing to {@code out}, which it owns: {@link #close()} closes it.
     *
     * @param showVm add the {@code vm:hart} column (for runs with more than one VM or hart)
     * @param color  colour each line by kind with ANSI escapes; never use for files or pipes
     */
    public TextTraceSink(Writer out, boolean showVm, boolean color) {
        this.out = out instanceof BufferedWriter ? out : new BufferedWriter(out, BUFFER_CHARS);
        this.showVm = showVm;
        this.color = color;
    }

    /**
     * A sink writing to a stream it borrows, typically {@code System.out}: {@link #close()}
     * flushes the stream but leaves it open. Text is encoded in the platform charset, as the
     * terminal expects.
     */
    public TextTraceSink(PrintStream out, boolean showVm, boolean color) {
        this(new BufferedWriter(new OutputStreamWriter(new Borrowed(out), Charset.defaultCharset()),
                BUFFER_CHARS), showVm, color);
    }

    @Override
    protected void write(TraceEvent event) throws IOException {
        line.setLength(0);
        render(event, line);
        line.append('\n');
        out.append(line);
    }

    @Override
    protected void flushOutput() throws IOException {
        out.flush();
    }

    @Override
    protected void closeOutput() throws IOException {
        out.close();
    }

    /**
     * The line this sink writes for {@code event}, without the newline. Rendering keeps no
     * state between events, so the shell can use this to show single events.
     */
    public String format(TraceEvent event) {
        StringBuilder sb = new StringBuilder(160);
        render(event, sb);
        return sb.toString();
    }

    /** The short tag shown in the kind column: the kind's label, but {@code walk} for page walks. */
    public static String tag(TraceKind kind) {
        return kind == TraceKind.PAGEWALK ? "walk" : kind.label();
    }

    private void render(TraceEvent e, StringBuilder sb) {
        padLeft(sb, Long.toString(e.instret()), INSTRET_WIDTH).append(SEP);
        if (showVm) padRight(sb, e.vm() + ':' + e.hart(), VM_WIDTH).append(SEP);
        TraceKind kind = e.kind();
        if (color) sb.append(colour(kind));
        padRight(sb, tag(kind), KIND_WIDTH).append(SEP);
        if (e instanceof TraceEvent.Insn i) insn(sb, i);
        else if (e instanceof TraceEvent.Trap t) trap(sb, t);
        else if (e instanceof TraceEvent.CsrWrite c) csr(sb, c);
        else if (e instanceof TraceEvent.WalkStep s) walkStep(sb, s);
        else if (e instanceof TraceEvent.WalkDone d) walkDone(sb, d);
        else if (e instanceof TraceEvent.WalkFault f) walkFault(sb, f);
        else if (e instanceof TraceEvent.Tlb t) tlb(sb, t);
        else if (e instanceof TraceEvent.Mmio m) mmio(sb, m);
        if (color) sb.append(RESET);
    }

    // insn  pc  raw  priv  disassembly  <symbol>
    private static void insn(StringBuilder sb, TraceEvent.Insn i) {
        addr(sb, i.pc()).append(SEP);
        if (i.length() == 2) {
            // Compressed encodings are 16 bits; pad so the privilege column stays put.
            Hex.appendDigits(sb, i.raw(), 4).append("    ");
        } else {
            Hex.appendDigits(sb, i.raw(), 8);
        }
        sb.append(SEP).append(priv(i.priv())).append(SEP);
        String text = orElse(i.text(), "?");
        if (blank(i.symbol())) {
            sb.append(text);
        } else {
            padRight(sb, text, TEXT_WIDTH).append(SEP).append('<').append(i.symbol()).append('>');
        }
    }

    // trap  epc  exception 2 illegal instruction, tval=0x..., U->S (delegated)
    // irq   epc  interrupt 5 supervisor timer interrupt, S->S (delegated)
    private static void trap(StringBuilder sb, TraceEvent.Trap t) {
        addr(sb, t.epc()).append(SEP);
        sb.append(t.interrupt() ? "interrupt " : "exception ").append(causeCode(t.cause()));
        sb.append(' ').append(orElse(t.causeName(), "unknown cause"));
        // Interrupts leave tval zero, so showing it would only add noise.
        if (!t.interrupt()) addr(sb.append(", tval="), t.tval());
        sb.append(", ").append(priv(t.from())).append("->").append(priv(t.to()));
        if (t.delegated()) sb.append(" (delegated)");
    }

    // csr   pc  mstatus     0x... -> 0x...
    private static void csr(StringBuilder sb, TraceEvent.CsrWrite c) {
        addr(sb, c.pc()).append(SEP);
        String name = blank(c.name()) ? Hex.append(new StringBuilder(), c.csr() & 0xfff, 3).toString() : c.name();
        padRight(sb, name, CSR_NAME_WIDTH).append(SEP);
        addr(sb, c.before()).append(" -> ");
        addr(sb, c.after());
        if (c.before() == c.after()) sb.append("  (unchanged)");
    }

    // walk  sv39 L2 pte@0x... = 0x... [flags], one more space of indent per level down
    private static void walkStep(StringBuilder sb, TraceEvent.WalkStep s) {
        int depth = Math.max(0, topLevel(s.mode(), s.level()) - s.level());
        for (int k = 0; k < depth; k++) sb.append(' ');
        sb.append(orElse(s.mode(), "?")).append(" L").append(s.level()).append(" pte@");
        addr(sb, s.pteAddress()).append(" = ");
        addr(sb, s.pte()).append(" [").append(orElse(s.flags(), "")).append(']');
    }

    // walk  load va 0x... -> pa 0x... (4 KiB page); back at the margin, as the walk's answer
    private static void walkDone(StringBuilder sb, TraceEvent.WalkDone d) {
        sb.append(access(d.access())).append(" va ");
        addr(sb, d.va()).append(" -> pa ");
        addr(sb, d.pa()).append(" (").append(pageSize(d.pageSize())).append(" page)");
    }

    // walk  store va 0x... fault: <reason>
    private static void walkFault(StringBuilder sb, TraceEvent.WalkFault f) {
        sb.append(access(f.access())).append(" va ");
        addr(sb, f.va()).append(" fault: ").append(orElse(f.reason(), "unknown reason"));
    }

    // tlb   hit    va -> pa  |  miss   va  |  flush  detail
    private static void tlb(StringBuilder sb, TraceEvent.Tlb t) {
        TraceEvent.TlbOp op = t.op() == null ? TraceEvent.TlbOp.MISS : t.op();
        switch (op) {
            case HIT -> {
                addr(sb.append("hit  ").append(SEP), t.va()).append(" -> ");
                addr(sb, t.pa());
                if (!blank(t.detail())) sb.append(SEP).append('(').append(t.detail()).append(')');
            }
            case MISS -> {
                addr(sb.append("miss ").append(SEP), t.va());
                if (!blank(t.detail())) sb.append(SEP).append('(').append(t.detail()).append(')');
            }
            case FLUSH -> {
                sb.append("flush");
                if (!blank(t.detail())) sb.append(SEP).append(t.detail());
            }
        }
    }

    // mmio  pc  uart0 +0x5 read  1 = 0x60  |  uart0 +0x0 write 1 = 0x41; values line up
    private static void mmio(StringBuilder sb, TraceEvent.Mmio m) {
        addr(sb, m.pc()).append(SEP);
        if (blank(m.device())) {
            addr(sb, m.address());
        } else {
            Hex.appendShort(sb.append(m.device()).append(" +"), m.offset());
        }
        sb.append(m.write() ? " write " : " read  ").append(m.size()).append(" = ");
        Hex.append(sb, Hex.maskToSize(m.value(), m.size()), Hex.digitsForSize(m.size()));
    }

    /**
     * The level a walk in {@code mode} starts at: Sv32 has two levels, Sv39 three, Sv48 four,
     * Sv57 five (the G-stage "x4" variants the same). Unknown modes start wherever their first
     * step is, which leaves them unindented.
     */
    static int topLevel(String mode, int fallback) {
        if (mode == null) return fallback;
        if (mode.startsWith("sv32")) return 1;
        if (mode.startsWith("sv39")) return 2;
        if (mode.startsWith("sv48")) return 3;
        if (mode.startsWith("sv57")) return 4;
        return fallback;
    }

    /** "4 KiB", "2 MiB", "1 GiB", "512 GiB": the largest binary unit that divides the size. */
    static String pageSize(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        while (u < units.length - 1 && bytes != 0 && (bytes & 1023) == 0) {
            bytes >>>= 10;
            u++;
        }
        return Long.toUnsignedString(bytes) + ' ' + units[u];
    }

    /** The exception or interrupt code: mcause without the interrupt bit, if a caller left it on. */
    static long causeCode(long cause) {
        return cause & Long.MAX_VALUE;
    }

    private static String colour(TraceKind kind) {
        return switch (kind) {
            case INSN -> "\u001b[36m";     // cyan: the bulk of a trace, calm
            case TRAP -> "\u001b[1;31m";   // bold red: something went wrong or was caught
            case IRQ -> "\u001b[1;35m";    // bold magenta: something arrived from outside
            case CSR -> "\u001b[33m";      // yellow
            case PAGEWALK -> "\u001b[34m"; // blue
            case TLB -> "\u001b[32m";      // green
            case MMIO -> "\u001b[1;36m";   // bold cyan: the guest touching a device
        };
    }

    private static StringBuilder addr(StringBuilder sb, long value) {
        return Hex.append(sb, value, 16);
    }

    private static char priv(TraceEvent.Privilege p) {
        return p == null ? '?' : p.name().charAt(0);
    }

    private static String access(TraceEvent.Access a) {
        return a == null ? "access" : switch (a) {
            case FETCH -> "fetch";
            case LOAD -> "load";
            case STORE -> "store";
        };
    }

    private static StringBuilder padLeft(StringBuilder sb, String s, int width) {
        for (int k = s.length(); k < width; k++) sb.append(' ');
        return sb.append(s);
    }

    private static StringBuilder padRight(StringBuilder sb, String s, int width) {
        sb.append(s);
        for (int k = s.length(); k < width; k++) sb.append(' ');
        return sb;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String orElse(String s, String fallback) {
        return s == null ? fallback : s;
    }

    /** Lets the sink close its writer chain without closing a stream it does not own. */
    private static final class Borrowed extends FilterOutputStream {
        Borrowed(OutputStream out) { super(out); }

        // FilterOutputStream writes arrays a byte at a time; pass them through whole.
        @Override
        public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

        @Override
        public void close() throws IOException { out.flush(); }
    }
}
