package dev.vmlab.cli.shell;

import dev.vmlab.BadInputException;
import dev.vmlab.cli.render.Json;
import dev.vmlab.cli.render.Table;
import dev.vmlab.cli.shell.Command.Arg;
import dev.vmlab.cli.shell.Command.Option;
import dev.vmlab.cli.shell.GuestLoader.Guest;
import dev.vmlab.hart.Cause;
import dev.vmlab.machine.Machine;
import dev.vmlab.trace.TraceKind;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code load}, {@code reset}, {@code trace}, {@code stats} and {@code quit}: the session around the guest. */
final class SessionCommands {
    private final Session s;

    SessionCommands(Session s) {
        this.s = s;
    }

    List<Command> commands() {
        return List.of(
            Command.named("load").usage("<file.elf|file.s|scenario.json>")
                .summary("Load a guest (ELF, assembly source or scenario) and boot it")
                .details("Builds a fresh virt board and boots the guest at its entry point in M-mode, with a0 = 0 "
                    + "and a1 = the device tree. Relative paths are relative to the current directory. An assembly "
                    + "source is assembled first; a scenario gives its first VM's guest and machine settings "
                    + "(its expectations are for vmlab check).")
                .examples("load samples/hello/hello.elf")
                .args(Arg.FILE).does(this::load),
            Command.named("reset")
                .summary("Boot the loaded guest again, with fresh counters")
                .details("Rebuilds the board and reloads the image from memory (the file is not read again): "
                    + "RAM, devices, registers, CSRs, the TLB and every counter start over. Breakpoints and trace "
                    + "settings stay; their hit counts too.")
                .does(this::reset),
            Command.named("trace").usage("[<kinds>|off] [--limit N]")
                .summary("Trace events to the terminal while the guest runs")
                .details("kinds is a comma- or space-separated list of insn, trap, irq, csr, pagewalk (or walk), "
                    + "tlb, mmio, or all; off stops tracing; with no argument, shows the setting. Lines are the "
                    + "text trace format of vmlab run --trace (docs/trace-format.md). --limit N stops each run's "
                    + "trace after N events. step always prints instructions and traps, whatever this says.")
                .examples("trace trap,irq", "trace pagewalk --limit 20", "trace off")
                .options(Option.valued("--limit", "N", "at most N events per run (0 = no limit)"))
                .args(Arg.TRACE_KINDS).does(this::trace),
            Command.named("stats").usage("[--format json]")
                .summary("Instructions, traps by cause, TLB counters, speed")
                .details("Counts since the guest was loaded or reset. Everything but the host time is "
                    + "deterministic: the same commands give the same counts on every machine.")
                .examples("stats", "stats --format json")
                .options(Command.FORMAT).does(this::stats),
            Command.named("quit").aliases("exit", "q").usage("[status]")
                .summary("Leave the shell (Ctrl-D too)")
                .details("With a status (0-255), vmlab exits with it; otherwise with the shell's own status "
                    + "(0 interactively; in a script, see help scripts).")
                .examples("quit", "quit 1")
                .does(this::quit));
    }

    private void load(Args a) {
        a.expect(1, 1);
        String shown = a.get(0);
        Guest g = GuestLoader.load(s.resolve(shown), shown, s.defaults);
        s.boot(g);
        Machine m = s.machine();
        int segments = g.image().segments().size(), symbols = s.symbols().names().size();
        s.out.println("loaded " + shown + ": entry " + Values.where(s, m.hart.pc) + ", " + segments
            + (segments == 1 ? " segment, " : " segments, ") + symbols + (symbols == 1 ? " symbol" : " symbols"));
    }

    private void reset(Args a) {
        a.expect(0, 0);
        s.machine();
        s.boot(s.guest());
        s.out.println("reset: " + s.guest().name() + " booted again at " + Values.where(s, s.machine().hart.pc));
    }

    private void trace(Args a) {
        long limit = a.option("--limit") != null ? Values.count("trace", "--limit", a.option("--limit"), 0, Long.MAX_VALUE) : 0;
        if (a.count() == 0 && a.option("--limit") == null) {
            Set<TraceKind> k = s.traceKinds();
            s.out.println(k.isEmpty() ? "tracing off" : "tracing " + labels(k)
                + (s.traceLimit() > 0 ? " (at most " + s.traceLimit() + " events per run)" : ""));
            return;
        }
        if (a.count() == 1 && a.get(0).equalsIgnoreCase("off")) {
            s.trace(Set.of(), 0);
            s.out.println("tracing off");
            return;
        }
        Set<TraceKind> kinds = a.count() == 0 ? s.traceKinds() : parseKinds(String.join(",", a.all()));
        if (kinds.isEmpty()) throw new BadInputException("trace: no kinds given; e.g. trace trap,irq (or trace off)");
        s.trace(kinds, limit);
        s.out.println("tracing " + labels(kinds) + (limit > 0 ? " (at most " + limit + " events per run)" : ""));
    }

    private static Set<TraceKind> parseKinds(String list) {
        try {
            return TraceKind.parseList(list);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("trace: " + e.getMessage());
        }
    }

    private static String labels(Set<TraceKind> kinds) {
        return String.join(",", kinds.stream().map(TraceKind::label).toList());
    }

    private void stats(Args a) {
        a.expect(0, 0);
        Machine m = s.machine();
        long traps = 0;
        Map<String, Long> byCause = new TreeMap<>();
        for (int i = 0; i < 16; i++) {
            for (boolean irq : new boolean[] {false, true}) {
                long c = irq ? m.interruptCounts[i] : m.exceptionCounts[i];
                if (c == 0) continue;
                traps += c;
                byCause.put(Cause.id(irq, i), c);
            }
        }
        double seconds = s.hostNanos() / 1e9;
        double mips = seconds > 0 ? s.hostRetired() / seconds / 1e6 : 0;
        if (a.json()) {
            Map<String, Object> o = Json.object();
            o.put("instructions", m.hart.retired);
            o.put("cycles", m.hart.cycles());
            o.put("mtime", m.mtime());
            o.put("traps", byCause);
            Map<String, Object> tlb = Json.object();
            tlb.put("hits", m.mmu.tlbHits());
            tlb.put("misses", m.mmu.tlbMisses);
            tlb.put("flushes", m.mmu.tlbFlushes);
            tlb.put("walks", m.mmu.walks);
            tlb.put("pte_reads", m.mmu.walkReads);
            o.put("tlb", tlb);
            o.put("host_seconds", Math.round(seconds * 1e6) / 1e6);
            o.put("mips", Math.round(mips * 10) / 10.0);
            s.out.println(Json.write(o));
            return;
        }
        Table t = new Table("counter", "value").right(1)
            .row("instructions", m.hart.retired)
            .row("cycles", m.hart.cycles())
            .row("mtime", m.mtime())
            .row("traps", traps)
            .row("tlb hits", m.mmu.tlbHits())
            .row("tlb misses", m.mmu.tlbMisses)
            .row("tlb flushes", m.mmu.tlbFlushes)
            .row("page walks", m.mmu.walks)
            .row("pte reads", m.mmu.walkReads);
        t.print(s.out, s.style);
        if (!byCause.isEmpty()) {
            Table c = new Table("trap", "count").right(1);
            byCause.forEach(c::row);
            c.print(s.out, s.style);
        }
        s.out.println(String.format(Locale.ROOT, "host time: %.3f s for %d instructions (%.1f MIPS; not deterministic)",
            seconds, s.hostRetired(), mips));
    }

    private void quit(Args a) {
        a.expect(0, 1);
        Integer status = a.has(0) ? (int) Values.count("quit", "status", a.get(0), 0, 255) : null;
        s.quitStatus = status;
        s.quit = true;
    }
}
