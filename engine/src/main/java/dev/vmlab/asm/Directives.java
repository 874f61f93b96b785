package dev.vmlab.asm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The assembler directives: sections, symbols, data, alignment, assignments, macros, conditionals. */
final class Directives {
    private static final Set<String> IGNORED = Set.of(".file", ".ident", ".attribute", ".loc", ".addrsig", ".addrsig_sym",
        ".hidden", ".protected", ".internal", ".cfi_sections");

    static final Set<String> NAMES = new TreeSet<>(List.of(
        ".text", ".data", ".rodata", ".bss", ".section", ".pushsection", ".popsection", ".previous",
        ".globl", ".global", ".local", ".weak", ".type", ".size",
        ".align", ".p2align", ".balign",
        ".byte", ".half", ".short", ".2byte", ".word", ".long", ".int", ".4byte", ".dword", ".quad", ".8byte",
        ".ascii", ".asciz", ".string", ".zero", ".space", ".skip", ".fill", ".org",
        ".equ", ".set", ".equiv", ".include", ".comm", ".lcomm",
        ".macro", ".endm", ".exitm", ".purgem", ".rept", ".irp", ".irpc", ".endr",
        ".else", ".elseif", ".endif", ".option", ".end", ".error", ".warning", ".print"));

    /** What an unknown directive is compared with for a suggestion: the ones that do something. */
    static final Set<String> SUGGESTED = new TreeSet<>(NAMES);

    static {
        SUGGESTED.addAll(Conditionals.OPENERS);
        NAMES.addAll(Conditionals.OPENERS);
        NAMES.addAll(IGNORED);
    }

    private final FirstPass pass;
    private final Deque<Section> pushed = new ArrayDeque<>();

    Directives(FirstPass pass) {
        this.pass = pass;
    }

    boolean known(String name) {
        return NAMES.contains(name) || name.startsWith(".cfi_");
    }

    void run(Line line, String d, List<Token> t, int head, int to) {
        Token h = t.get(head);
        int from = head + 1;
        if (Conditionals.OPENERS.contains(d) || d.equals(".else") || d.equals(".elseif") || d.equals(".endif")) {
            conditional(line, d, t, head, to);
            return;
        }
        if (IGNORED.contains(d) || d.startsWith(".cfi_")) return;
        switch (d) {
            case ".text" -> section(line, h, t, from, to, Section.TEXT);
            case ".data" -> section(line, h, t, from, to, Section.DATA);
            case ".rodata" -> section(line, h, t, from, to, Section.RODATA);
            case ".bss" -> section(line, h, t, from, to, Section.BSS);
            case ".section" -> switchTo(namedSection(line, h, t, from, to));
            case ".pushsection" -> {
                Section s = namedSection(line, h, t, from, to);
                pushed.push(pass.current);
                switchTo(s);
            }
            case ".popsection" -> {
                if (pushed.isEmpty()) throw line.error(h.start(), ".popsection without .pushsection");
                switchTo(pushed.pop());
            }
            case ".previous" -> switchTo(pass.previous);
            case ".globl", ".global", ".local", ".weak" -> {
                for (Token n : names(line, h, t, from, to)) {
                    SymbolTable.Sym s = pass.symbols.intern(n.text());
                    s.global = !d.equals(".local");
                    s.weak = d.equals(".weak");
                    if (s.global && s.globalLine == null) {
                        s.globalLine = line;
                        s.globalAt = n.start();
                    }
                }
            }
            case ".type" -> type(line, h, t, from, to);
            case ".size" -> {
                List<int[]> a = args(line, h, t, from, to, 2, 2, "symbol, size");
                Token n = name(line, t, a.get(0));
                SymbolTable.Sym s = pass.symbols.intern(n.text());
                s.size = pass.expr(line, t, a.get(1)[0], a.get(1)[1]);
                s.sizeLine = line;
                s.sizeDot = pass.dot();
            }
            case ".align", ".p2align" -> align(line, h, t, from, to, false);
            case ".balign" -> align(line, h, t, from, to, true);
            case ".byte" -> data(line, h, t, from, to, 1);
            case ".half", ".short", ".2byte" -> data(line, h, t, from, to, 2);
            case ".word", ".long", ".int", ".4byte" -> data(line, h, t, from, to, 4);
            case ".dword", ".quad", ".8byte" -> data(line, h, t, from, to, 8);
            case ".ascii" -> strings(line, h, t, from, to, false);
            case ".asciz", ".string" -> strings(line, h, t, from, to, true);
            case ".zero" -> {
                List<int[]> a = args(line, h, t, from, to, 1, 1, "count");
                fill(line, h, constant(line, t, a.get(0), "the byte count"), 0, a.get(0));
            }
            case ".space", ".skip" -> {
                List<int[]> a = args(line, h, t, from, to, 1, 2, "count[, fill]");
                long n = constant(line, t, a.get(0), "the byte count");
                long v = a.size() > 1 ? byteValue(line, t, a.get(1)) : 0;
                fill(line, h, n, (int) v, a.get(0));
            }
            case ".fill" -> fillDirective(line, h, t, from, to);
            case ".org" -> org(line, h, t, from, to);
            case ".equ", ".set", ".equiv" -> {
                List<int[]> a = args(line, h, t, from, to, 2, 2, "symbol, value");
                pass.assign(line, name(line, t, a.get(0)), pass.expr(line, t, a.get(1)[0], a.get(1)[1]), d.equals(".equiv"));
            }
            case ".comm", ".lcomm" -> common(line, h, t, from, to, d.equals(".lcomm"));
            case ".include" -> {
                List<int[]> a = args(line, h, t, from, to, 1, 1, "\"file\"");
                pass.feed.include(line, h.start(), string(line, t, a.get(0)));
            }
            case ".macro" -> macro(line, h, t, from, to);
            case ".endm" -> throw line.error(h.start(), ".endm without .macro");
            case ".endr" -> throw line.error(h.start(), ".endr without .rept, .irp or .irpc");
            case ".exitm" -> {
                if (!pass.feed.exitMacro()) throw line.error(h.start(), ".exitm outside a macro");
            }
            case ".purgem" -> pass.macros.purge(line, h.start(), name(line, t, args(line, h, t, from, to, 1, 1, "name").get(0)).text());
            case ".rept" -> {
                List<int[]> a = args(line, h, t, from, to, 1, 1, "count");
                long n = constant(line, t, a.get(0), "the repeat count");
                if (n < 0 || n > 1_000_000) throw line.error(t.get(a.get(0)[0]).start(), ".rept count " + n + " is out of range 0..1000000");
                pass.macros.beginRepeat(line, h.start(), ".rept", new Macros.Repeat(null, java.util.Collections.nCopies((int) n, "")));
            }
            case ".irp", ".irpc" -> irp(line, h, t, from, to, d);
            case ".option" -> option(line, h, t, from, to);
            case ".end" -> pass.ended = true;
            case ".error" -> throw line.error(h.start(), from < to ? string(line, t, new int[] {from, to}) : ".error directive");
            case ".warning", ".print" -> pass.note(line, h.start(), from < to ? string(line, t, new int[] {from, to}) : d);
            default -> throw new IllegalStateException("directive " + d);
        }
    }

    // ---- sections ----

    private void section(Line line, Token h, List<Token> t, int from, int to, Section s) {
        if (from < to) throw line.error(t.get(from).start(), "'" + h.text() + "' takes no operands");
        switchTo(s);
    }

    private void switchTo(Section s) {
        if (s != pass.current) pass.previous = pass.current;
        pass.current = s;
    }

    /** {@code .section name[, "flags"[, @type]]}: flags decide where it goes, else its name does. */
    private Section namedSection(Line line, Token h, List<Token> t, int from, int to) {
        List<int[]> a = args(line, h, t, from, to, 1, 4, "name[, \"flags\"[, @type]]");
        Token n = t.get(a.get(0)[0]);
        String name = n.kind() == Token.Kind.STRING ? n.text() : line.code().substring(n.start(), t.get(a.get(0)[1] - 1).end());
        String flags = a.size() > 1 ? string(line, t, a.get(1)) : null;
        boolean nobits = false;
        if (a.size() > 2) {
            String type = line.code().substring(t.get(a.get(2)[0]).start(), t.get(a.get(2)[1] - 1).end()).replaceAll("\\s", "");
            nobits = type.equals("@nobits") || type.equals("%nobits");
        }
        Section byName = Section.byName(name);
        if (flags != null) {
            for (char c : flags.toCharArray()) {
                if ("awxMSGTo?R".indexOf(c) < 0) throw line.error(t.get(a.get(1)[0]).start(), "unknown section flag '" + c + "'");
            }
            if (flags.indexOf('x') >= 0) return Section.TEXT;
            if (flags.indexOf('w') >= 0) return nobits || byName == Section.BSS ? Section.BSS : Section.DATA;
            if (flags.indexOf('a') >= 0) return Section.RODATA;
            return Section.UNLOADED;   // no "a": a section that is not loaded (.note.GNU-stack, "")
        }
        if (byName == null) {
            throw line.error(n.start(), "unknown section '" + name + "': vmlab places .text*, .rodata*, .data* and .bss*; "
                + "give flags to choose (\"ax\" code, \"a\" read-only, \"aw\" data, \"\" not loaded)");
        }
        return byName;
    }

    // ---- symbols ----

    private void type(Line line, Token h, List<Token> t, int from, int to) {
        List<int[]> a = args(line, h, t, from, to, 2, 2, "symbol, @function or @object");
        Token n = name(line, t, a.get(0));
        int[] r = a.get(1);
        String kind = line.code().substring(t.get(r[0]).start(), t.get(r[1] - 1).end()).replaceAll("[@%\"\\s]", "")
            .toLowerCase(Locale.ROOT);
        int type = switch (kind) {
            case "function", "stt_func" -> 2;
            case "object", "stt_object" -> 1;
            case "notype", "stt_notype" -> 0;
            default -> throw line.error(t.get(r[0]).start(), "unknown symbol type '" + kind + "' (use @function or @object)");
        };
        pass.symbols.intern(n.text()).elfType = type;
    }

    /**
     * {@code .comm sym, size[, align]} and {@code .lcomm}: zeroed storage in .bss. A local one is
     * placed here, as GNU as places it; a global one at the end of .bss, where a linker puts
     * common symbols. Without an alignment, the largest power of two up to the size (at most 16).
     */
    private void common(Line line, Token h, List<Token> t, int from, int to, boolean local) {
        List<int[]> a = args(line, h, t, from, to, 2, 3, "symbol, size[, alignment]");
        Token n = name(line, t, a.get(0));
        long size = constant(line, t, a.get(1), "the size");
        if (size < 0) throw line.error(t.get(a.get(1)[0]).start(), "negative size " + size);
        long align = a.size() > 2 ? constant(line, t, a.get(2), "the alignment") : Math.min(16, Long.highestOneBit(Math.max(size, 1)));
        if (align <= 0 || Long.bitCount(align) != 1 || align > 1L << 30) {
            throw line.error(t.get(a.get(2)[0]).start(), "misaligned " + h.text() + " alignment " + align + ": must be a power of two");
        }
        SymbolTable.Sym s = pass.symbols.intern(n.text());
        if (s.defined() || pass.commons.contains(s)) throw pass.duplicate(line, n.start(), s);
        s.line = line;
        s.at = n.start();
        s.elfType = 1;   // STT_OBJECT
        s.size = new Expr.Num(size, n.start());
        s.sizeLine = line;
        s.sizeDot = pass.dot();
        s.commonSize = size;
        s.commonAlign = align;
        if (local || !s.global) pass.allocateCommon(s); else pass.commons.add(s);
    }

    // ---- data ----

    private void data(Line line, Token h, List<Token> t, int from, int to, int width) {
        List<int[]> a = from < to ? args(line, h, t, from, to, 1, Integer.MAX_VALUE, "values") : List.of();
        List<Expr> values = new ArrayList<>();
        for (int[] r : a) {
            if (t.get(r[0]).kind() == Token.Kind.STRING) {
                throw line.error(t.get(r[0]).start(), "'" + h.text() + "' takes numbers; for text use .ascii or .asciz");
            }
            Expr e = pass.expr(line, t, r[0], r[1]);
            if (pass.current == Section.BSS && constant(line, t, r, "a value in .bss") != 0) {
                throw line.error(t.get(r[0]).start(), ".bss holds only zeros; put initialized data in .data");
            }
            values.add(e);
        }
        if (pass.current != Section.BSS && !values.isEmpty()) {
            pass.items.add(new Item.Data(line, pass.current, offset(), width, values, 1));
        }
        pass.grow(line, h.start(), (long) width * values.size());
    }

    private void strings(Line line, Token h, List<Token> t, int from, int to, boolean nul) {
        List<int[]> a = args(line, h, t, from, to, 1, Integer.MAX_VALUE, "\"string\"");
        for (int[] r : a) {
            String s = string(line, t, r);
            if (pass.current == Section.BSS) throw line.error(t.get(r[0]).start(), ".bss holds only zeros; put strings in .rodata or .data");
            byte[] bytes = (nul ? s + "\0" : s).getBytes(StandardCharsets.ISO_8859_1);
            pass.items.add(new Item.Bytes(pass.current, offset(), bytes));
            pass.grow(line, t.get(r[0]).start(), bytes.length);
        }
    }

    private void fill(Line line, Token h, long n, int value, int[] countRange) {
        if (n < 0) throw line.error(h.end() + 1, "negative byte count " + n);
        if (value != 0 && pass.current == Section.BSS) throw line.error(h.start(), ".bss holds only zeros");
        long at = offset();
        pass.grow(line, h.start(), n);
        if (value != 0) {
            byte[] b = new byte[(int) n];
            java.util.Arrays.fill(b, (byte) value);
            pass.items.add(new Item.Bytes(pass.current, at, b));
        }
    }

    /**
     * {@code .org offset[, fill]}: advances to an offset in the current section (a number, or
     * an expression such as {@code start + 0x100} on a label of this section), as trap-vector
     * tables use it. It cannot move backwards.
     */
    private void org(Line line, Token h, List<Token> t, int from, int to) {
        List<int[]> a = args(line, h, t, from, to, 1, 2, "offset[, fill]");
        int at = t.get(a.get(0)[0]).start();
        Value v;
        try {
            v = Evaluator.eval(line, pass.expr(line, t, a.get(0)[0], a.get(0)[1]), pass);
        } catch (Evaluator.Unknown u) {
            throw line.error(u.at.at(), "the .org offset must be known at this point, but " + u.why);
        }
        if (!v.absolute() && v.base() != pass.current.ordinal()) {
            throw line.error(at, ".org must stay in the current section (" + pass.current.elfName + ")");
        }
        long here = offset();
        if (v.v() < here) {
            throw line.error(at, String.format(".org cannot move backwards: the section is already at offset 0x%x, past 0x%x",
                here, v.v()));
        }
        int fill = a.size() > 1 ? (int) byteValue(line, t, a.get(1)) : 0;
        fill(line, h, v.v() - here, fill, a.get(0));
    }

    /** {@code .fill repeat[, size[, value]]}: {@code repeat} copies of a {@code size}-byte value. */
    private void fillDirective(Line line, Token h, List<Token> t, int from, int to) {
        List<int[]> a = args(line, h, t, from, to, 1, 3, "repeat[, size[, value]]");
        long repeat = constant(line, t, a.get(0), "the repeat count");
        long size = a.size() > 1 ? constant(line, t, a.get(1), "the size") : 1;
        if (repeat < 0) throw line.error(t.get(a.get(0)[0]).start(), "negative repeat count " + repeat);
        if (size < 0 || size > 8) throw line.error(t.get(a.get(1)[0]).start(), ".fill size " + size + " is out of range 0..8");
        Expr value = a.size() > 2 ? pass.expr(line, t, a.get(2)[0], a.get(2)[1]) : new Expr.Num(0, h.start());
        if (pass.current == Section.BSS && a.size() > 2 && constant(line, t, a.get(2), "a value in .bss") != 0) {
            throw line.error(t.get(a.get(2)[0]).start(), ".bss holds only zeros");
        }
        long at = offset();
        if (repeat > 0 && size > 0 && size * repeat / size != repeat) throw line.error(h.start(), ".fill is too large");
        pass.grow(line, h.start(), repeat * size);
        if (pass.current != Section.BSS && repeat > 0 && size > 0) {
            pass.items.add(new Item.Data(line, pass.current, at, (int) size, List.of(value), repeat));
        }
    }

    /**
     * {@code .align}/{@code .p2align n} (to 2^n bytes, as on RISC-V) or {@code .balign n} (to n
     * bytes), with an optional fill byte and maximum skip. Code is padded with {@link #nops}.
     * GNU as ignores alignments of 4 bytes or less in code (it assumes code is aligned), which
     * leaves the next instruction misaligned after odd data; vmlab pads, so the program works.
     */
    private void align(Line line, Token h, List<Token> t, int from, int to, boolean bytes) {
        List<int[]> a = args(line, h, t, from, to, 1, 3, bytes ? "bytes[, fill[, max]]" : "power[, fill[, max]]");
        long n = constant(line, t, a.get(0), "the alignment");
        int at = t.get(a.get(0)[0]).start();
        long align;
        if (bytes) {
            if (n < 0 || n > 1L << 30 || n != 0 && Long.bitCount(n) != 1) {
                throw line.error(at, "misaligned .balign argument " + n + ": must be a power of two up to 2^30");
            }
            align = Math.max(n, 1);
        } else {
            if (n < 0 || n > 30) {
                throw line.error(at, "misaligned " + h.text() + " argument " + n + ": must be 0..30 (a power of two; "
                    + h.text() + " 12 is 4096 bytes; use .balign for a byte count)");
            }
            align = 1L << n;
        }
        boolean hasFill = a.size() > 1 && a.get(1)[1] > a.get(1)[0];
        int fill = hasFill ? (int) byteValue(line, t, a.get(1)) : 0;
        long max = a.size() > 2 ? constant(line, t, a.get(2), "the maximum skip") : Long.MAX_VALUE;
        int s = pass.current.ordinal();
        long pad = -pass.size[s] & (align - 1);
        if (pad > max) return;
        if (align > pass.alignment[s] && pass.current == Section.TEXT) {
            pass.textAlignLine = line;
            pass.textAlignAt = h.start();
        }
        pass.alignment[s] = Math.max(pass.alignment[s], align);
        if (pad == 0) return;
        long start = offset();
        pass.grow(line, h.start(), pad);
        if (pass.current == Section.BSS) {
            if (fill != 0) throw line.error(h.start(), ".bss holds only zeros");
            return;
        }
        byte[] b = new byte[(int) pad];
        if (hasFill) {
            java.util.Arrays.fill(b, (byte) fill);
        } else if (pass.current.code) {
            nops(b);
        }
        pass.items.add(new Item.Bytes(pass.current, start, b));
    }

    /**
     * Code padding as GNU as writes it (riscv_make_nops): a zero byte if the count is odd (no
     * instruction starts there), at most one 2-byte c.nop, then 4-byte nops.
     */
    static void nops(byte[] b) {
        int i = 0;
        if (b.length % 2 == 1) i++;
        if ((b.length - i) % 4 == 2) {
            b[i] = 0x01;   // c.nop
            i += 2;
        }
        for (; i < b.length; i += 4) b[i] = 0x13;   // addi x0, x0, 0
    }

    // ---- macros and repetition ----

    private void macro(Line line, Token h, List<Token> t, int from, int to) {
        if (from >= to) throw line.error(h.end(), ".macro needs a name");
        Token n = t.get(from);
        if (n.kind() != Token.Kind.IDENT) throw line.error(n.start(), "expected a macro name, found '" + n.text() + "'");
        String rest = from + 1 < to ? line.code().substring(t.get(from + 1).start(), t.get(to - 1).end()) : "";
        if (rest.startsWith(",")) rest = rest.substring(1);
        List<Macros.Param> params = new ArrayList<>();
        int restAt = from + 1 < to ? t.get(from + 1).start() : n.end();
        for (String p : Macros.splitArguments(rest)) {
            if (p.isEmpty()) continue;
            String pname = p, def = null;
            boolean req = false, vararg = false;
            int eq = p.indexOf('=');
            if (eq >= 0) {
                pname = p.substring(0, eq).strip();
                def = p.substring(eq + 1).strip();
                if (def.length() >= 2 && def.startsWith("\"") && def.endsWith("\"")) def = def.substring(1, def.length() - 1);
            }
            if (pname.endsWith(":req")) {
                req = true;
                pname = pname.substring(0, pname.length() - 4);
            } else if (pname.endsWith(":vararg")) {
                vararg = true;
                pname = pname.substring(0, pname.length() - 7);
            }
            if (!pname.matches("[A-Za-z_.$][A-Za-z0-9_.$]*")) {
                throw line.error(restAt, "bad macro parameter name '" + pname + "'");
            }
            for (Macros.Param q : params) {
                if (q.name().equals(pname)) throw line.error(restAt, "macro parameter '" + pname + "' appears twice");
            }
            params.add(new Macros.Param(pname, def, req, vararg));
        }
        if (Instructions.forms(n.text().toLowerCase(Locale.ROOT)) != null) {
            pass.note(line, n.start(), "macro '" + n.text() + "' hides the instruction of the same name");
        }
        pass.macros.beginMacro(line, h.start(), n.text(), n.start(), params);
    }

    private void irp(Line line, Token h, List<Token> t, int from, int to, String d) {
        if (from >= to || t.get(from).kind() != Token.Kind.IDENT) {
            throw line.error(from < to ? t.get(from).start() : h.end(), d + " needs a symbol name, then values");
        }
        String sym = t.get(from).text();
        String rest = from + 1 < to ? line.code().substring(t.get(from + 1).start(), t.get(to - 1).end()).strip() : "";
        if (rest.startsWith(",")) rest = rest.substring(1).strip();
        List<String> values = new ArrayList<>();
        if (d.equals(".irp")) {
            values.addAll(Macros.splitArguments(rest));
            if (values.isEmpty()) values.add("");
        } else {
            String s = rest.length() >= 2 && rest.startsWith("\"") && rest.endsWith("\"") ? rest.substring(1, rest.length() - 1) : rest;
            for (char c : s.toCharArray()) values.add(String.valueOf(c));
        }
        pass.macros.beginRepeat(line, h.start(), d, new Macros.Repeat(sym, values));
    }

    private void option(Line line, Token h, List<Token> t, int from, int to) {
        List<int[]> a = args(line, h, t, from, to, 1, 2, "option");
        String o = line.code().substring(t.get(a.get(0)[0]).start(), t.get(a.get(0)[1] - 1).end());
        switch (o) {
            case "norvc", "norelax", "nopic", "push", "pop", "csr-check", "no-csr-check" -> { }
            case "rvc" -> pass.note(line, h.start(), "'.option rvc' ignored: vmlab's assembler never emits compressed instructions");
            case "relax" -> pass.note(line, h.start(), "'.option relax' ignored: vmlab links as it assembles, without relaxation");
            case "pic" -> pass.note(line, h.start(), "'.option pic' ignored: la is always pc-relative (auipc+addi), with no GOT");
            case "arch" -> pass.note(line, h.start(), "'.option arch' ignored: vmlab accepts RV64IMA, Zicsr, Zifencei, "
                + "privileged and H instructions everywhere");
            default -> throw line.error(t.get(a.get(0)[0]).start(), "unknown .option '" + o + "'");
        }
    }

    // ---- conditionals ----

    void conditional(Line line, String d, List<Token> t, int head, int to) {
        Token h = t.get(head);
        int from = head + 1;
        Conditionals c = pass.conditionals;
        switch (d) {
            case ".else" -> c.otherwise(line, h.start());
            case ".endif" -> c.close(line, h.start());
            case ".elseif" -> c.elseIf(line, h.start(), () -> value(line, h, t, from, to) != 0);
            case ".ifdef", ".ifndef", ".ifnotdef" -> c.open(line, h.start(), d, () -> {
                Token n = name(line, t, args(line, h, t, from, to, 1, 1, "symbol").get(0));
                SymbolTable.Sym s = pass.symbols.get(n.text());
                return (s != null && s.defined()) == d.equals(".ifdef");
            });
            case ".ifb", ".ifnb" -> c.open(line, h.start(), d, () -> (from >= to) == d.equals(".ifb"));
            case ".ifc", ".ifnc", ".ifeqs", ".ifnes" -> c.open(line, h.start(), d, () -> {
                String text = from < to ? line.code().substring(t.get(from).start(), t.get(to - 1).end()) : "";
                List<String> parts = Macros.splitArguments(text);
                if (parts.size() != 2) throw line.error(h.end(), d + " compares two strings: " + d + " a, b");
                boolean same = unquote(parts.get(0)).equals(unquote(parts.get(1)));
                return same == (d.equals(".ifc") || d.equals(".ifeqs"));
            });
            default -> c.open(line, h.start(), d, () -> {
                long v = value(line, h, t, from, to);
                return switch (d) {
                    case ".ifeq" -> v == 0;
                    case ".ifgt" -> v > 0;
                    case ".ifge" -> v >= 0;
                    case ".iflt" -> v < 0;
                    case ".ifle" -> v <= 0;
                    default -> v != 0;
                };
            });
        }
    }

    private long value(Line line, Token h, List<Token> t, int from, int to) {
        List<int[]> a = args(line, h, t, from, to, 1, 1, "expression");
        return constant(line, t, a.get(0), "the condition of " + h.text());
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    // ---- operands ----

    private long offset() {
        return pass.size[pass.current.ordinal()];
    }

    private long constant(Line line, List<Token> t, int[] r, String what) {
        return pass.constant(line, pass.expr(line, t, r[0], r[1]), what);
    }

    private long byteValue(Line line, List<Token> t, int[] r) {
        long v = constant(line, t, r, "the fill byte");
        if (v < -128 || v > 255) throw line.error(t.get(r[0]).start(), "fill byte " + v + " is out of range -128..255");
        return v & 0xff;
    }

    private static String string(Line line, List<Token> t, int[] r) {
        Token s = t.get(r[0]);
        if (s.kind() != Token.Kind.STRING) throw line.error(s.start(), "expected a string in double quotes");
        if (r[1] - r[0] > 1) throw line.error(t.get(r[0] + 1).start(), "unexpected '" + t.get(r[0] + 1).text() + "' after the string");
        return s.text();
    }

    private static Token name(Line line, List<Token> t, int[] r) {
        Token n = t.get(r[0]);
        if (n.kind() != Token.Kind.IDENT || n.text().equals(".")) {
            throw line.error(n.start(), "expected a symbol name, found '" + n.text() + "'");
        }
        if (r[1] - r[0] > 1) throw line.error(t.get(r[0] + 1).start(), "unexpected '" + t.get(r[0] + 1).text() + "' after the name");
        return n;
    }

    private List<Token> names(Line line, Token h, List<Token> t, int from, int to) {
        List<Token> out = new ArrayList<>();
        for (int[] r : args(line, h, t, from, to, 1, Integer.MAX_VALUE, "symbol names")) out.add(name(line, t, r));
        return out;
    }

    /** Splits {@code [from, to)} at top-level commas into [start, end) token ranges, checking the count. */
    private static List<int[]> args(Line line, Token h, List<Token> t, int from, int to, int min, int max, String usage) {
        List<int[]> out = new ArrayList<>();
        if (from < to) {
            int depth = 0, start = from;
            for (int k = from; k <= to; k++) {
                if (k == to || depth == 0 && t.get(k).is(",")) {
                    if (k == start) {
                        int at = k < t.size() ? t.get(k).start() : t.get(k - 1).end();
                        throw line.error(at, "missing operand " + (k == to ? "after" : "before") + " ','");
                    }
                    out.add(new int[] {start, k});
                    start = k + 1;
                } else if (t.get(k).is("(")) {
                    depth++;
                } else if (t.get(k).is(")")) {
                    depth--;
                }
            }
        }
        if (out.size() < min || out.size() > max) {
            int at = out.size() > max ? t.get(out.get(max)[0]).start() : (from < to ? t.get(to - 1).end() : h.end());
            throw line.error(at, "'" + h.text() + "' takes " + usage + " (" + (min == max ? min : min + ".." + (max == Integer.MAX_VALUE ? "" : max))
                + " operand" + (max == 1 ? "" : "s") + "), found " + out.size());
        }
        return out;
    }
}
