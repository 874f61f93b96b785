package dev.vmlab.cli.shell;

import dev.vmlab.BadInputException;
import dev.vmlab.cli.render.Json;
import dev.vmlab.cli.render.Table;
import dev.vmlab.cli.shell.Command.Arg;
import dev.vmlab.hart.Csr;
import dev.vmlab.hart.Hart;
import dev.vmlab.isa.Disassembler;
import dev.vmlab.machine.Machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code regs} and {@code csr}: the hart's architectural state. */
final class StateCommands {
    private final Session s;

    StateCommands(Session s) {
        this.s = s;
    }

    List<Command> commands() {
        return List.of(
            Command.named("regs").usage("[name...] [--format json]")
                .summary("Show the pc and the integer registers by ABI name")
                .details("With no names, all 32 registers and the pc in a table, three to a row. With names "
                    + "(ABI names such as a0 and sp, x0..x31, fp, pc), those registers one per line, each with "
                    + "the symbol its value points into, if any.")
                .examples("regs", "regs a0 a1 sp", "regs --format json")
                .options(Command.FORMAT).args(Arg.REGISTER).does(this::regs),
            Command.named("csr").usage("[name] [--format json]")
                .summary("Show the CSRs, or one with its fields decoded")
                .details("With no name, the machine and supervisor CSRs worth a look, each with a one-line "
                    + "summary. With a name (or a number such as 0x300), that CSR; mstatus, sstatus, mip, mie, sip, "
                    + "sie and satp also get a table of their fields. Values are read as M-mode would read them.")
                .examples("csr", "csr mstatus", "csr satp --format json")
                .options(Command.FORMAT).args(Arg.CSR).does(this::csr));
    }

    // ---------------------------------------------------------------- regs

    private record Reg(String name, long value) {}

    private void regs(Args a) {
        Machine m = s.machine();
        List<String> names = a.all();
        if (names.isEmpty()) names = allRegisterNames();
        List<Reg> shown = new ArrayList<>();
        for (String n : names) {
            String lower = n.toLowerCase(Locale.ROOT);
            long v = Values.register(s, "regs", lower);
            shown.add(new Reg(lower.equals("pc") ? "pc" : Disassembler.ABI[Values.registerNumber(lower)], v));
        }
        if (a.json()) {
            Map<String, Object> o = Json.object();
            o.put("priv", Session.privilege(m.hart.priv));
            for (Reg r : shown) o.put(r.name(), Values.hex64(r.value()));
            s.out.println(Json.write(o));
        } else if (a.count() == 0) {
            // Three to a row fits 80 columns: pc and x0..x31 make eleven full rows.
            for (int i = 0; i < shown.size(); i += 3) {
                StringBuilder b = new StringBuilder();
                for (int j = i; j < Math.min(i + 3, shown.size()); j++) {
                    if (j > i) b.append("   ");
                    b.append(String.format("%-4s %s", shown.get(j).name(), Values.hex64(shown.get(j).value())));
                }
                s.out.println(b);
            }
        } else {
            for (Reg r : shown) {
                String sym = s.symbols().describe(r.value());
                s.out.println(String.format("%-4s %s", r.name(), Values.hex64(r.value())) + (sym != null ? " <" + sym + ">" : ""));
            }
        }
    }

    private static List<String> allRegisterNames() {
        List<String> n = new ArrayList<>();
        n.add("pc");
        n.addAll(List.of(Disassembler.ABI));
        return n;
    }

    // ---------------------------------------------------------------- csr

    private void csr(Args a) {
        a.expect(0, 1);
        Machine m = s.machine();
        if (a.count() == 0) {
            listAll(m.hart, a.json());
            return;
        }
        int csr = csrNumber(a.get(0));
        Long v = CsrView.read(m.hart, csr);
        if (v == null) throw new BadInputException("csr: " + Csr.name(csr) + " does not exist on this hart");
        List<CsrView.Field> fields = CsrView.fields(csr);
        if (a.json()) {
            Map<String, Object> o = Json.object();
            o.put("name", Csr.name(csr));
            o.put("number", Json.hex(csr));
            o.put("value", Values.hex64(v));
            if (!fields.isEmpty()) {
                Map<String, Object> f = Json.object();
                for (CsrView.Field x : fields) f.put(x.name(), x.of(v));
                o.put("fields", f);
            }
            String summary = CsrView.summary(csr, v);
            if (!summary.isEmpty()) o.put("summary", summary);
            s.out.println(Json.write(o));
            return;
        }
        String summary = CsrView.summary(csr, v);
        s.out.println(Csr.name(csr) + " = " + Values.hex64(v) + (summary.isEmpty() ? "" : "  " + summary));
        if (fields.isEmpty()) return;
        Table t = new Table("field", "bits", "value", "meaning").right(2).indent("  ");
        for (CsrView.Field f : fields) {
            String bits = f.width() == 1 ? String.valueOf(f.lsb()) : (f.lsb() + f.width() - 1) + ":" + f.lsb();
            t.row(f.name(), bits, CsrView.fieldValue(csr, f, v), f.meaning());
        }
        t.print(s.out, s.style);
    }

    private void listAll(Hart h, boolean json) {
        Map<String, Object> o = Json.object();
        Table t = new Table("csr", "value", "meaning");
        for (int csr : CsrView.INTERESTING) {
            Long v = CsrView.read(h, csr);
            if (v == null) continue;
            o.put(Csr.name(csr), Values.hex64(v));
            t.row(Csr.name(csr), Values.hex64(v), CsrView.summary(csr, v));
        }
        if (json) s.out.println(Json.write(o));
        else t.print(s.out, s.style);
    }

    private static int csrNumber(String text) {
        String n = text.toLowerCase(Locale.ROOT);
        int csr = Csr.number(n);
        if (csr >= 0) return csr;
        Long num = Values.number(n);
        if (num != null && num < 4096) return (int) (long) num;
        String near = Commands.nearest(n, new ArrayList<>(Csr.names().values()));
        throw new BadInputException("csr: no CSR named '" + text + "'" + (near != null ? " (did you mean " + near + "?)" : ""));
    }
}
