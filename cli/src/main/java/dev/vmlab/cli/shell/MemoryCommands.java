package dev.vmlab.cli.shell;

import dev.vmlab.BadInputException;
import dev.vmlab.cli.render.Json;
import dev.vmlab.cli.render.Table;
import dev.vmlab.cli.shell.Command.Arg;
import dev.vmlab.cli.shell.Command.Option;
import dev.vmlab.hart.Cause;
import dev.vmlab.machine.Machine;
import dev.vmlab.mem.Mmu;
import dev.vmlab.mem.PhysicalMemory;
import dev.vmlab.trace.TraceEvent.Access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code mem}, {@code disasm}, {@code pt} and {@code tlb}: memory as bytes, as code and as translations. */
final class MemoryCommands {
    static final int MEM_DEFAULT = 64, MEM_MAX = 1 << 16, DISASM_DEFAULT = 8, DISASM_MAX = 1000;

    private final Session s;

    MemoryCommands(Session s) {
        this.s = s;
    }

    List<Command> commands() {
        return List.of(
            Command.named("mem").usage("[-v] <addr> [len]")
                .summary("Hex dump of memory (physical, or virtual with -v)")
                .details("Shows len bytes (default " + MEM_DEFAULT + ", at most " + MEM_MAX + ") from addr, 16 to a line "
                    + "with their ASCII. Addresses are physical RAM by default; device windows are refused, since "
                    + "reading a device changes it. With -v the address is virtual and each page is translated "
                    + "as the guest's loads would be, without side effects; bytes of pages that would fault show as "
                    + "-- and a note says why.",
                    "addr may be a number, a symbol with an optional offset (message+4), a register ($sp) or a CSR ($mepc).")
                .examples("mem 0x80000000 32", "mem message 48", "mem -v $sp 64")
                .options(Option.flag("-v", "translate addr as the guest's loads would")).args(Arg.ADDRESS, Arg.COUNT)
                .does(this::mem),
            Command.named("disasm").aliases("x").usage("[addr] [n]")
                .summary("Disassemble instructions at an address (default: the pc)")
                .details("Shows n instructions (default " + DISASM_DEFAULT + ", at most " + DISASM_MAX + ") from addr "
                    + "(default: the pc), fetched as the hart would fetch them (through the current translation) "
                    + "but without side effects. => marks the pc and * a breakpoint.")
                .examples("disasm", "disasm _start 4", "disasm $ra")
                .args(Arg.ADDRESS, Arg.COUNT).does(this::disasm),
            Command.named("pt").usage("<va> [load|store|fetch] [--format json]")
                .summary("Walk the page table for an address, level by level")
                .details("Walks the current translation regime (satp, the privilege, MPRV) for an access "
                    + "(default: load), exactly as the hardware walker would, but changes nothing: no A/D bits, no "
                    + "TLB fill, no statistics. Each level shows the PTE's address, its value and its flags "
                    + "(DAGUXWRV, - for a clear bit); then the physical address, or the exception and the rule "
                    + "that raised it.")
                .examples("pt 0x80001000", "pt $sp store", "pt 0x80001000 --format json")
                .options(Command.FORMAT).args(Arg.ADDRESS, Arg.ACCESS).does(this::pt),
            Command.named("tlb").usage("[--all] [--format json]")
                .summary("TLB statistics and the cached translations")
                .details("Statistics count accesses under translation only: fast-path hits, misses (each one a "
                    + "walk), flushes (sfence.vma, satp and other changes), walks and the page-table reads they made. "
                    + "Entries are listed for translated regimes; --all adds those of bare regimes (M-mode, satp "
                    + "off), which the TLB also caches.")
                .examples("tlb", "tlb --all", "tlb --format json")
                .options(Option.flag("--all", "also list entries of bare (untranslated) regimes"), Command.FORMAT)
                .does(this::tlb));
    }

    // ---------------------------------------------------------------- mem

    private void mem(Args a) {
        a.expect(1, 2);
        Machine m = s.machine();
        long start = Values.address(s, "mem", a.get(0));
        int len = a.has(1) ? (int) Values.count("mem", "length", a.get(1), 1, MEM_MAX) : MEM_DEFAULT;
        int[] bytes = new int[len];
        List<String> notes = new ArrayList<>();
        if (a.flag("-v")) {
            readVirtual(m, start, bytes, notes);
        } else {
            checkPhysical(m.memory, start, len);
            for (int i = 0; i < len; i++) bytes[i] = (int) m.memory.ramLoad((int) m.memory.ramOffset(start + i), 1);
        }
        for (int i = 0; i < len; i += 16) {
            StringBuilder hex = new StringBuilder(), text = new StringBuilder();
            for (int j = i; j < i + 16; j++) {
                if (j == i + 8) hex.append(' ');
                if (j < len) {
                    hex.append(bytes[j] < 0 ? "--" : String.format("%02x", bytes[j])).append(' ');
                    int b = bytes[j];
                    text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    hex.append("   ");
                }
            }
            s.out.println(Values.hex64(start + i) + "  " + hex + " |" + text + "|");
        }
        for (String n : notes) s.out.println(n);
    }

    private static void checkPhysical(PhysicalMemory mem, long start, int len) {
        if (mem.inRam(start, len)) return;
        PhysicalMemory.Region r = mem.region(start);
        String what = r != null ? "is a device window (" + r.device().name() + "); reading it would change the device"
            : "is not RAM";
        throw new BadInputException("mem: " + hex(start) + (len > 1 && r == null ? ".." + hex(start + len - 1) : "") + " " + what
            + " (RAM is " + hex(mem.ramBase) + ".." + hex(mem.ramBase + mem.ramSize - 1) + "; use -v for virtual addresses)");
    }

    /** Bytes through the load translation, page by page; -1 for bytes whose page would fault. */
    private static void readVirtual(Machine m, long start, int[] bytes, List<String> notes) {
        long pageVa = -1;
        long base = -1;
        for (int i = 0; i < bytes.length; i++) {
            long va = start + i;
            if ((va & ~0xfffL) != pageVa) {
                pageVa = va & ~0xfffL;
                Mmu.WalkView w = m.mmu.inspect(va, Access.LOAD);
                long off = w.faulted() ? -1 : m.memory.ramOffset(w.pa());
                base = off < 0 ? -1 : off - (va & 0xfff);
                if (w.faulted()) {
                    notes.add("-- " + hex(pageVa) + ": " + Cause.name(false, w.cause()) + ": " + w.reason());
                } else if (off < 0) {
                    notes.add("-- " + hex(pageVa) + ": maps to " + hex(w.pa()) + ", which is not RAM");
                }
            }
            bytes[i] = base < 0 ? -1 : (int) m.memory.ramLoad((int) (base + (va & 0xfff)), 1);
        }
    }

    // ---------------------------------------------------------------- disasm

    private void disasm(Args a) {
        a.expect(0, 2);
        Machine m = s.machine();
        long at = a.has(0) ? Values.address(s, "disasm", a.get(0)) : m.hart.pc;
        long n = a.has(1) ? Values.count("disasm", "count", a.get(1), 1, DISASM_MAX) : DISASM_DEFAULT;
        for (int i = 0; i < n; i++) {
            Session.Fetched f = s.fetch(at);
            s.out.println(line(s, f));
            if (f.insn() == null) return;
            at += f.insn().length;
        }
    }

    /**
     * One listing line: a marker ({@code =>} the pc, {@code *} a breakpoint), the address, the
     * encoding, the instruction and its symbol, laid out like the instruction trace.
     */
    static String line(Session s, Session.Fetched f) {
        long pc = s.machine().hart.pc;
        String mark = f.va() == pc ? "=>" : s.breakpointAt(f.va()) != null ? " *" : "  ";
        String head = mark + " " + Values.hex64(f.va()) + "  ";
        if (f.insn() == null) return head + "(cannot fetch: " + f.error() + ")";
        String raw = f.insn().length == 2 ? String.format("%04x    ", f.insn().raw & 0xffff) : String.format("%08x", f.insn().raw);
        String sym = s.symbols().describe(f.va());
        String text = s.disassemble(f.insn(), f.va());
        String body = head + raw + "  " + (sym == null ? text : String.format("%-28s  <%s>", text, sym));
        return f.va() == pc ? s.style.green(body) : body;
    }

    // ---------------------------------------------------------------- pt

    private void pt(Args a) {
        a.expect(1, 2);
        Machine m = s.machine();
        long va = Values.address(s, "pt", a.get(0));
        Access access = a.has(1) ? access(a.get(1)) : Access.LOAD;
        Mmu.WalkView w = m.mmu.inspect(va, access);
        String kind = access.name().toLowerCase(Locale.ROOT);
        String priv = Session.privilege(w.priv()) + "-mode " + kind;
        if (a.json()) {
            s.out.println(Json.write(ptJson(w, kind)));
            return;
        }
        if (w.mode().equals("bare")) {
            s.out.println(Values.hex64(va) + ": no translation for an " + priv + " (bare: "
                + (w.priv() == 3 ? "M-mode" : "satp.MODE=Bare") + ")");
        } else {
            s.out.println(Values.hex64(va) + ": " + w.mode() + " walk for an " + priv + ", root table at "
                + hex((m.hart.satp & ((1L << 44) - 1)) << 12));
            Table t = new Table("level", "pte address", "pte", "flags", "meaning").right(0).indent("  ");
            List<Mmu.WalkLevel> levels = w.levels();
            for (int i = 0; i < levels.size(); i++) {
                Mmu.WalkLevel l = levels.get(i);
                boolean last = i == levels.size() - 1;
                t.row(l.level(), Values.hex64(l.pteAddress()), Values.hex64(l.pte()), l.flags(), meaning(l, last, w));
            }
            t.print(s.out, s.style);
        }
        if (w.faulted()) {
            s.out.println(s.style.red("  -> " + Cause.name(false, w.cause()) + ": " + w.reason()));
        } else {
            s.out.println("  -> pa " + Values.hex64(w.pa()) + (w.pageSize() > 0 ? " (" + size(w.pageSize()) + " page)" : ""));
        }
    }

    private static String meaning(Mmu.WalkLevel l, boolean last, Mmu.WalkView w) {
        long pte = l.pte();
        if ((pte & 1) == 0) return "invalid";
        if ((pte & 0xa) == 0) return "next table at " + hex((pte >>> 10 & ((1L << 44) - 1)) << 12);
        return last && !w.faulted() ? "leaf: " + size(w.pageSize()) + " page at " + hex(w.pa() & -w.pageSize()) : "leaf";
    }

    private static Map<String, Object> ptJson(Mmu.WalkView w, String kind) {
        Map<String, Object> o = Json.object();
        o.put("va", Values.hex64(w.va()));
        o.put("access", kind);
        o.put("priv", Session.privilege(w.priv()));
        o.put("mode", w.mode());
        List<Map<String, Object>> levels = new ArrayList<>();
        for (Mmu.WalkLevel l : w.levels()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("level", l.level());
            x.put("pte_address", Values.hex64(l.pteAddress()));
            x.put("pte", Values.hex64(l.pte()));
            x.put("flags", l.flags());
            levels.add(x);
        }
        o.put("levels", levels);
        if (w.faulted()) {
            o.put("fault", Map.of("cause", Cause.id(false, w.cause()), "reason", w.reason()));
        } else {
            o.put("pa", Values.hex64(w.pa()));
            if (w.pageSize() > 0) o.put("page_size", w.pageSize());
        }
        return o;
    }

    private static Access access(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "load", "r", "read" -> Access.LOAD;
            case "store", "w", "write" -> Access.STORE;
            case "fetch", "x", "exec" -> Access.FETCH;
            default -> throw new BadInputException("pt: access '" + text + "' must be load, store or fetch");
        };
    }

    // ---------------------------------------------------------------- tlb

    private void tlb(Args a) {
        a.expect(0, 0);
        Machine m = s.machine();
        Mmu mmu = m.mmu;
        boolean all = a.flag("--all");
        List<Mmu.TlbEntry> entries = mmu.tlbSnapshot().stream().filter(e -> all || e.translated()).toList();
        if (a.json()) {
            Map<String, Object> o = Json.object();
            o.put("entries_per_set", mmu.tlbEntries());
            o.put("hits", mmu.tlbHits());
            o.put("misses", mmu.tlbMisses);
            o.put("flushes", mmu.tlbFlushes);
            o.put("walks", mmu.walks);
            o.put("pte_reads", mmu.walkReads);
            List<Map<String, Object>> list = new ArrayList<>();
            for (Mmu.TlbEntry e : entries) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("set", Session.privilege(e.priv()));
                x.put("slot", e.index());
                x.put("kind", e.fetch() ? "fetch" : "data");
                x.put("va_page", Values.hex64(e.vpn() << 12));
                x.put("pa_page", Values.hex64(e.physicalPage()));
                x.put("read", e.read());
                x.put("write", e.write());
                x.put("translated", e.translated());
                list.add(x);
            }
            o.put("entries", list);
            s.out.println(Json.write(o));
            return;
        }
        if (mmu.tlbEntries() == 0) {
            s.out.println("TLB model off (--tlb 0): every translated access walks the page table");
        } else {
            s.out.println("TLB: " + mmu.tlbEntries() + " entries per privilege level, direct-mapped");
        }
        new Table("hits", "misses", "flushes", "walks", "pte reads").right(0, 1, 2, 3, 4).indent("  ")
            .row(mmu.tlbHits(), mmu.tlbMisses, mmu.tlbFlushes, mmu.walks, mmu.walkReads).print(s.out, s.style);
        if (entries.isEmpty()) {
            s.out.println(all ? "no entries" : "no entries for translated regimes (tlb --all lists bare-regime entries too)");
            return;
        }
        Table t = new Table("set", "slot", "kind", "virtual page", "physical page", "access").right(1).indent("  ");
        for (Mmu.TlbEntry e : entries) {
            String access = e.fetch() ? "x" : (e.read() ? "r" : "-") + (e.write() ? "w" : "-");
            t.row(Session.privilege(e.priv()) + (e.translated() ? "" : " (bare)"), e.index(), e.fetch() ? "fetch" : "data",
                Values.hex64(e.vpn() << 12), Values.hex64(e.physicalPage()), access);
        }
        t.print(s.out, s.style);
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) return (bytes >> 30) + " GiB";
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) return (bytes >> 20) + " MiB";
        return (bytes >> 10) + " KiB";
    }
}
