package dev.vmlab.cli.shell;

import dev.vmlab.BadInputException;
import dev.vmlab.cli.render.Json;
import dev.vmlab.cli.render.Table;
import dev.vmlab.cli.shell.Command.Arg;
import dev.vmlab.hart.Cause;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** {@code break}, {@code delete} and {@code breakpoints}. */
final class BreakCommands {
    /**
     * {@code break <kind> ...}: the kinds of event a breakpoint can wait for, besides an
     * address. Each parses its own arguments; a later monitor adds its events here (VM exits
     * by reason, hypercalls by extension) and {@link Breakpoint.Condition} grows to match.
     */
    private final Map<String, Function<List<String>, Breakpoint.Condition>> kinds = new LinkedHashMap<>();

    /** Kinds that are planned but whose events do not exist yet, with what to say. */
    private static final Map<String, String> LATER = Map.of(
        "exit", "VM exits come with the full, para and hw modes, which this version does not have yet",
        "hypercall", "hypercalls come with the para and hw modes, which this version does not have yet");

    private final Session s;

    BreakCommands(Session s) {
        this.s = s;
        kinds.put("trap", this::trap);
    }

    List<Command> commands() {
        return List.of(
            Command.named("break").aliases("b").usage("<addr|symbol> | trap <cause>")
                .summary("Stop at an address, or right after a trap")
                .details("break <addr|symbol> stops before the instruction at that virtual address executes, "
                    + "with the instructions before it retired; continuing runs it. addr may be a number, a symbol "
                    + "(with an offset, main+0x10), a register ($ra) or a CSR ($mepc).",
                    "break trap <cause> stops right after the hart takes that trap, at the handler's first "
                    + "instruction (not yet run). cause is an id such as illegal_instruction, "
                    + "environment_call_from_u_mode or supervisor_timer_interrupt, an exception code (2), or any.",
                    "Breaking on VM exits and hypercalls (break exit, break hypercall) arrives with the monitors.")
                .examples("break next", "break 0x80000010", "break trap illegal_instruction", "break trap any")
                .args(Arg.BREAK, Arg.BREAK).does(this::breakCmd),
            Command.named("delete").usage("<n>... | all")
                .summary("Delete breakpoints by number, or all of them")
                .examples("delete 1", "delete 2 3", "delete all")
                .args(Arg.NONE).does(this::delete),
            Command.named("breakpoints").usage("[--format json]")
                .summary("List breakpoints with their hit counts")
                .examples("breakpoints", "breakpoints --format json")
                .options(Command.FORMAT).does(this::list));
    }

    private void breakCmd(Args a) {
        a.expect(1, Integer.MAX_VALUE);
        String first = a.get(0).toLowerCase(Locale.ROOT);
        Breakpoint.Condition c;
        if (kinds.containsKey(first)) {
            c = kinds.get(first).apply(a.all().subList(1, a.count()));
        } else if (LATER.containsKey(first)) {
            throw new BadInputException("break " + first + ": not available: " + LATER.get(first));
        } else {
            a.expect(1, 1);
            c = new Breakpoint.AtPc(Values.address(s, "break", a.get(0)));
        }
        Breakpoint b = s.addBreakpoint(c);
        s.out.println("breakpoint " + b.id + " " + describe(b));
    }

    private Breakpoint.Condition trap(List<String> args) {
        if (args.size() != 1) {
            throw new BadInputException("break trap: expected one cause, e.g. break trap illegal_instruction "
                + "(or an exception code, or any)");
        }
        return trapCause(args.get(0));
    }

    /** A cause id, an exception code, or {@code any}. */
    static Breakpoint.OnTrap trapCause(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.equals("any")) return Breakpoint.OnTrap.ANY;
        Map<String, Breakpoint.OnTrap> ids = trapIds();
        if (ids.containsKey(t)) return ids.get(t);
        Long code = Values.number(t);
        if (code != null && code < 16 && !Cause.name(false, code).startsWith("reserved")) {
            return new Breakpoint.OnTrap(false, (int) (long) code, Cause.id(false, code));
        }
        String near = Commands.nearest(t, new ArrayList<>(ids.keySet()));
        throw new BadInputException("break trap: unknown cause '" + text + "'"
            + (near != null ? " (did you mean " + near + "?)" : " (examples: illegal_instruction, 2, any)"));
    }

    /** Every exception and interrupt id the hart can raise, exceptions first. */
    static Map<String, Breakpoint.OnTrap> trapIds() {
        Map<String, Breakpoint.OnTrap> ids = new LinkedHashMap<>();
        for (boolean irq : new boolean[] {false, true}) {
            for (int code = 0; code < 16; code++) {
                String name = Cause.name(irq, code);
                if (name.startsWith("reserved") || name.startsWith("interrupt ") || name.startsWith("exception ")) continue;
                ids.put(Cause.id(irq, code), new Breakpoint.OnTrap(irq, code, Cause.id(irq, code)));
            }
        }
        return ids;
    }

    private String describe(Breakpoint b) {
        if (b.condition instanceof Breakpoint.AtPc p) return "at " + Values.where(s, p.pc());
        return "on trap: " + ((Breakpoint.OnTrap) b.condition).describe();
    }

    private void delete(Args a) {
        a.expect(1, Integer.MAX_VALUE);
        if (a.count() == 1 && a.get(0).equalsIgnoreCase("all")) {
            int n = s.breakpoints.size();
            s.breakpoints.clear();
            s.out.println("deleted " + n + (n == 1 ? " breakpoint" : " breakpoints"));
            return;
        }
        List<Integer> ids = new ArrayList<>();
        for (String w : a.all()) {
            int id = (int) Values.count("delete", "breakpoint number", w, 1, Integer.MAX_VALUE);
            if (s.breakpoints.stream().noneMatch(b -> b.id == id)) {
                throw new BadInputException("delete: no breakpoint " + id + " (breakpoints lists them)");
            }
            ids.add(id);
        }
        for (Iterator<Breakpoint> it = s.breakpoints.iterator(); it.hasNext(); ) {
            Breakpoint b = it.next();
            if (ids.contains(b.id)) {
                it.remove();
                s.out.println("deleted breakpoint " + b.id);
            }
        }
    }

    private void list(Args a) {
        a.expect(0, 0);
        if (a.json()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Breakpoint b : s.breakpoints) {
                Map<String, Object> o = Json.object();
                o.put("id", b.id);
                o.put("kind", b.kind());
                if (b.condition instanceof Breakpoint.AtPc p) {
                    o.put("address", Values.hex64(p.pc()));
                    String sym = s.symbols().describe(p.pc());
                    if (sym != null) o.put("symbol", sym);
                } else {
                    o.put("cause", ((Breakpoint.OnTrap) b.condition).id());
                }
                o.put("hits", b.hits);
                list.add(o);
            }
            s.out.println(Json.write(Map.of("breakpoints", list)));
            return;
        }
        if (s.breakpoints.isEmpty()) {
            s.out.println("no breakpoints");
            return;
        }
        Table t = new Table("#", "kind", "where", "hits").right(0, 3);
        for (Breakpoint b : s.breakpoints) {
            String where = b.condition instanceof Breakpoint.AtPc p ? Values.where(s, p.pc())
                : ((Breakpoint.OnTrap) b.condition).id();
            t.row(b.id, b.kind(), where, b.hits);
        }
        t.print(s.out, s.style);
    }
}
