package dev.vmlab.cli.shell;

import dev.vmlab.BadInputException;
import dev.vmlab.cli.render.Style;
import dev.vmlab.cli.shell.GuestLoader.Guest;
import dev.vmlab.cli.shell.GuestLoader.MachineSettings;
import dev.vmlab.hart.Csr;
import dev.vmlab.isa.Decoder;
import dev.vmlab.isa.Disassembler;
import dev.vmlab.isa.Insn;
import dev.vmlab.machine.Machine;
import dev.vmlab.machine.MachineConfig;
import dev.vmlab.machine.StopReason;
import dev.vmlab.machine.Symbols;
import dev.vmlab.machine.VirtBoard;
import dev.vmlab.mem.Mmu;
import dev.vmlab.trace.TextTraceSink;
import dev.vmlab.trace.TraceEvent.Access;
import dev.vmlab.trace.TraceKind;
import dev.vmlab.trace.Tracer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The shell's state: the loaded guest and its board, breakpoints, trace settings and
 * host-time accounting, and the one place where the guest runs ({@link #resume}). Commands
 * read and change it; nothing here prints except the run itself (console and trace lines).
 */
final class Session {
    final PrintStream out, err;
    final Style style;
    /** Relative paths in commands resolve against this directory. */
    final Path cwd;
    final MachineSettings defaults;
    boolean verbose;

    private Guest guest;
    private VirtBoard board;
    private Machine m;
    private final ShellConsole console;
    private final Disassembler disassembler = new Disassembler(Csr::name);

    final List<Breakpoint> breakpoints = new ArrayList<>();
    private int nextBreakpoint = 1;

    private Set<TraceKind> traceKinds = EnumSet.noneOf(TraceKind.class);
    private long traceLimit;
    private TextTraceSink traceSink;

    private long hostNanos, hostRetired;
    private boolean poweredOff;
    private StopReason lastStop;
    /** The trap breakpoint that stopped the last run, if one did. */
    private Breakpoint trapHit;
    /** Set by Ctrl-C; loops of runs (step) look at it, since each run clears the machine's own flag. */
    private volatile boolean interrupted;
    /** Set by quit: the shell ends after this command, with this status (or its own, when null). */
    boolean quit;
    Integer quitStatus;

    Session(PrintStream out, PrintStream err, Style style, Path cwd, MachineSettings defaults) {
        this.out = out;
        this.err = err;
        this.style = style;
        this.cwd = cwd;
        this.defaults = defaults;
        this.console = new ShellConsole(out);
    }

    // ---------------------------------------------------------------- the guest

    boolean loaded() { return m != null; }

    /** The machine, or a one-line error telling the user to load a guest first. */
    Machine machine() {
        if (m == null) throw new BadInputException("no guest loaded; use: load <file.elf>");
        return m;
    }

    Guest guest() { return guest; }

    Symbols symbols() { return board == null ? Symbols.empty() : board.symbols(); }

    boolean poweredOff() { return poweredOff; }

    StopReason lastStop() { return lastStop; }

    Breakpoint trapHit() { return trapHit; }

    /** Builds a fresh board for {@code g} and boots it: what both load and reset do. */
    void boot(Guest g) {
        MachineSettings s = g.settings();
        MachineConfig config = new MachineConfig(s.vm(), s.ramBytes(), s.tlbEntries(), false, null, false, console, "",
            MachineConfig.EngineKind.parse(s.engine()));
        VirtBoard b = VirtBoard.build(config);
        b.load(g.image());
        if (board != null) board.close();
        guest = g;
        board = b;
        m = b.machine;
        poweredOff = false;
        lastStop = null;
        hostNanos = hostRetired = 0;
    }

    Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : cwd.resolve(p);
    }

    /** {@code vm0 isa M 0x80000000> }: the VM, the mode, the privilege and the pc. */
    String prompt() {
        if (m == null) return "vmlab> ";
        String where = poweredOff ? "off" : privilege(m.hart.priv) + " 0x" + Long.toHexString(m.hart.pc);
        return guest.settings().vm() + " " + guest.settings().mode() + " " + where + "> ";
    }

    static String privilege(int priv) {
        return switch (priv) {
            case 0 -> "U";
            case 1 -> "S";
            case 3 -> "M";
            default -> "?";
        };
    }

    // ---------------------------------------------------------------- breakpoints and tracing

    Breakpoint addBreakpoint(Breakpoint.Condition c) {
        Breakpoint b = new Breakpoint(nextBreakpoint++, c);
        breakpoints.add(b);
        return b;
    }

    /** The pc breakpoint at {@code pc}, if any (the first, when several share an address). */
    Breakpoint breakpointAt(long pc) {
        for (Breakpoint b : breakpoints) {
            if (b.condition instanceof Breakpoint.AtPc p && p.pc() == pc) return b;
        }
        return null;
    }

    void trace(Set<TraceKind> kinds, long limit) {
        traceKinds = EnumSet.noneOf(TraceKind.class);
        traceKinds.addAll(kinds);
        traceLimit = limit;
    }

    Set<TraceKind> traceKinds() { return traceKinds; }

    long traceLimit() { return traceLimit; }

    void interrupt() {
        interrupted = true;
        Machine current = m;
        if (current != null) current.interrupt();
    }

    boolean interrupted() { return interrupted; }

    void clearInterrupt() { interrupted = false; }

    // ---------------------------------------------------------------- running

    /**
     * Runs the guest for at most {@code budget} instructions (0: no limit), stopping at
     * breakpoints, at {@code untilPc} (or not, when null), and, when {@code stepping}, after
     * any trap. Guest console and trace lines are printed as the run goes.
     */
    StopReason resume(long budget, Long untilPc, boolean stepping) {
        Machine mm = machine();
        if (poweredOff) {
            throw new BadInputException("the guest has powered off; use reset to boot it again");
        }
        List<Long> pcs = new ArrayList<>();
        for (Breakpoint b : breakpoints) if (b.condition instanceof Breakpoint.AtPc p) pcs.add(p.pc());
        if (untilPc != null) pcs.add(untilPc);
        mm.setBreakpoints(pcs);
        trapHit = null;
        mm.setTrapStop((irq, cause) -> {
            for (Breakpoint b : breakpoints) {
                if (b.condition instanceof Breakpoint.OnTrap t && t.matches(irq, cause)) {
                    trapHit = b;
                    return true;
                }
            }
            return stepping;
        });
        mm.setTracer(tracer(stepping));
        long t0 = System.nanoTime(), r0 = mm.hart.retired;
        StopReason why;
        try {
            why = mm.run(budget);
        } finally {
            hostNanos += System.nanoTime() - t0;
            hostRetired += mm.hart.retired - r0;
            mm.setTracer(Tracer.off());
            endOutput();
        }
        lastStop = why;
        if (why == StopReason.PASS || why == StopReason.FAIL) poweredOff = true;
        if (trapHit != null) trapHit.hits++;
        return why;
    }

    /** The user's trace kinds, plus instructions and traps while stepping (step prints them). */
    private Tracer tracer(boolean stepping) {
        EnumSet<TraceKind> kinds = EnumSet.noneOf(TraceKind.class);
        kinds.addAll(traceKinds);
        if (stepping) kinds.addAll(EnumSet.of(TraceKind.INSN, TraceKind.TRAP, TraceKind.IRQ));
        if (kinds.isEmpty()) return Tracer.off();
        // One sink for the session: a step of a million instructions is a million runs.
        if (traceSink == null) {
            traceSink = new TextTraceSink(out, false, style.color());
            console.beforeFlush(traceSink::flush);
        }
        return Tracer.to(traceSink).kinds(kinds).limit(stepping ? 0 : traceLimit).build();
    }

    /** Flushes trace lines and console text, ending a partial console line. */
    void endOutput() {
        if (traceSink != null) traceSink.flush();
        console.endLine();
        out.flush();
    }

    long hostNanos() { return hostNanos; }

    long hostRetired() { return hostRetired; }

    // ---------------------------------------------------------------- reading guest memory

    /** An instruction as the hart would fetch it at {@code va}, or why it cannot be fetched. */
    record Fetched(long va, Insn insn, String error) {}

    /** Decodes the instruction at {@code va} through the current fetch translation, with no side effect. */
    Fetched fetch(long va) {
        Machine mm = machine();
        Integer lo = fetch16(mm, va);
        if (lo == null) return new Fetched(va, null, whyNot(mm, va));
        if (!Decoder.isFull(lo)) return new Fetched(va, Decoder.decode16(lo), null);
        Integer hi = fetch16(mm, va + 2);
        if (hi == null) return new Fetched(va, null, whyNot(mm, va + 2));
        return new Fetched(va, Decoder.decode32(lo | hi << 16), null);
    }

    private static Integer fetch16(Machine mm, long va) {
        Mmu.WalkView w = mm.mmu.inspect(va, Access.FETCH);
        if (w.faulted()) return null;
        long off = mm.memory.ramOffset(w.pa());
        if (off < 0 || off + 2 > mm.memory.ramSize) return null;
        return mm.memory.ramLoad16((int) off);
    }

    private static String whyNot(Machine mm, long va) {
        Mmu.WalkView w = mm.mmu.inspect(va, Access.FETCH);
        if (w.faulted()) return w.reason();
        return "0x" + Long.toHexString(w.pa()) + " is not RAM";
    }

    String disassemble(Insn in, long pc) {
        return disassembler.format(in, pc);
    }
}
