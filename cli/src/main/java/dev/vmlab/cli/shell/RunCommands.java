package dev.vmlab.cli.shell;

import dev.vmlab.cli.shell.Command.Arg;
import dev.vmlab.hart.Cause;
import dev.vmlab.hart.Hart;
import dev.vmlab.machine.Machine;
import dev.vmlab.machine.StopReason;

import java.util.List;

/** {@code continue} (alias {@code run}), {@code step} and {@code until}: making the guest go, and saying why it stopped. */
final class RunCommands {
    static final long STEP_MAX = 1_000_000;

    private final Session s;

    RunCommands(Session s) {
        this.s = s;
    }

    List<Command> commands() {
        return List.of(
            Command.named("continue").aliases("run", "c").usage("[N]")
                .summary("Run the guest from where it is (at most N instructions)")
                .details("Runs until the guest powers off, a breakpoint stops it, N instructions have retired, or "
                    + "you press Ctrl-C; then says why it stopped and shows the next instruction. run is the same "
                    + "command: the guest always runs from its current state (reset boots it again). The guest's "
                    + "console output and the trace (see trace) appear as it runs.")
                .examples("continue", "run 1000")
                .args(Arg.COUNT).does(this::continueCmd),
            Command.named("step").aliases("s", "si").usage("[n]")
                .summary("Execute n instructions (default 1), printing each")
                .details("Each step either retires one instruction or takes one trap: a faulting instruction does "
                    + "not retire, and the step ends at the handler's first instruction, not yet run. Each "
                    + "instruction is printed as the instruction trace prints it (retired count, pc, encoding, "
                    + "privilege, disassembly, symbol), traps likewise. Stops early at a breakpoint.")
                .examples("step", "step 10")
                .args(Arg.COUNT).does(this::step),
            Command.named("until").aliases("u").usage("<addr|symbol>")
                .summary("Run until the pc reaches an address (a one-time breakpoint)")
                .details("Like continue with a temporary breakpoint at addr: stops before the instruction there "
                    + "executes. Other breakpoints still apply.")
                .examples("until s_entry", "until 0x80000010")
                .args(Arg.ADDRESS).does(this::until));
    }

    private void continueCmd(Args a) {
        a.expect(0, 1);
        long n = a.has(0) ? Values.count("continue", "instruction count", a.get(0), 1, Long.MAX_VALUE / 2) : 0;
        report(s.resume(n, null, false), null, n);
    }

    private void until(Args a) {
        a.expect(1, 1);
        long target = Values.address(s, "until", a.get(0));
        s.machine();
        report(s.resume(0, target, false), target, 0);
    }

    private void step(Args a) {
        a.expect(0, 1);
        long n = a.has(0) ? Values.count("step", "count", a.get(0), 1, STEP_MAX) : 1;
        Machine m = s.machine();
        for (long i = 0; i < n; i++) {
            if (s.interrupted()) {
                s.out.println("interrupted, retired " + m.hart.retired);
                break;
            }
            StopReason why = s.resume(1, null, true);
            boolean trapStop = why == StopReason.BREAKPOINT && s.trapHit() == null;
            if (why != StopReason.INSN_LIMIT && !trapStop) {
                report(why, null, 0);
                return;
            }
            // A breakpoint ends a multi-instruction step when the next instruction is at it.
            Breakpoint b = i + 1 < n ? s.breakpointAt(m.hart.pc) : null;
            if (b != null) {
                b.hits++;
                s.out.println(s.style.yellow("breakpoint " + b.id + " at " + Values.where(s, m.hart.pc))
                    + ", retired " + m.hart.retired);
                break;
            }
        }
        next();
    }

    /** Says why a run stopped, then (unless the guest is off) shows the next instruction. */
    private void report(StopReason why, Long until, long budget) {
        Machine m = s.machine();
        String retired = ", retired " + m.hart.retired;
        switch (why) {
            case BREAKPOINT -> {
                Breakpoint t = s.trapHit();
                Breakpoint at = s.breakpointAt(m.hart.pc);
                if (t != null) {
                    s.out.println(s.style.yellow("trap breakpoint " + t.id + ": " + lastTrap(m.hart)) + retired);
                } else if (at != null) {
                    at.hits++;
                    s.out.println(s.style.yellow("breakpoint " + at.id + " at " + Values.where(s, m.hart.pc)) + retired);
                } else if (until != null && m.hart.pc == until) {
                    s.out.println("reached " + Values.where(s, m.hart.pc) + retired);
                }
            }
            case INSN_LIMIT -> s.out.println("stopped after " + budget + " instructions" + retired);
            case PASS -> s.out.println(s.style.green("guest passed") + retired);
            case FAIL -> s.out.println(s.style.red("guest reported failure (code " + m.exitStatus() + ")") + retired);
            case INTERRUPTED -> s.out.println("interrupted" + retired);
            case IDLE_FOREVER -> s.out.println("the guest waits for an interrupt that can never come "
                + "(wfi with no timer armed and no input)" + retired);
        }
        if (!s.poweredOff()) next();
    }

    /** The trap just taken: its cause, where, and where it went. */
    private static String lastTrap(Hart h) {
        boolean toS = h.priv == Hart.S;
        long cause = toS ? h.scause : h.mcause, epc = toS ? h.sepc : h.mepc, tval = toS ? h.stval : h.mtval;
        boolean irq = cause < 0;
        String what = Cause.name(irq, cause & Long.MAX_VALUE);
        return what + " at 0x" + Long.toHexString(epc) + (tval != 0 ? " (tval 0x" + Long.toHexString(tval) + ")" : "")
            + ", to " + Session.privilege(h.priv) + "-mode";
    }

    /** The instruction at the pc, marked {@code =>}. */
    private void next() {
        s.out.println(MemoryCommands.line(s, s.fetch(s.machine().hart.pc)));
    }
}
