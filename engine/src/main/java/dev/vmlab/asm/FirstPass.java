package dev.vmlab.asm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The first pass: reads lines (expanding includes, macros and conditionals as it meets them),
 * defines labels at their section offsets, turns each instruction into machine-instruction
 * templates and each directive into bytes or data items. Every size is fixed here, so labels
 * get their final offsets; expressions that need addresses wait for {@link SecondPass}.
 */
final class FirstPass implements Evaluator.Scope, Build.Constants {
    /** Largest .text, .rodata or .data: far above any lab program, small enough to hold in memory. */
    static final long MAX_SECTION = 64L << 20;
    /** Largest .bss; it takes no room in the file, only in guest RAM. */
    static final long MAX_BSS = 1L << 30;

    final SymbolTable symbols = new SymbolTable();
    final List<Item> items = new ArrayList<>();
    final long[] size = new long[Section.values().length];
    /** Largest alignment asked for in each section, in bytes; the section starts on such a boundary. */
    final long[] alignment = {4, 1, 1, 1, 1};
    final List<String> notes = new ArrayList<>();
    /** Where .text's largest alignment was asked for, for the error if padding to it is absurd. */
    Line textAlignLine;
    int textAlignAt;
    /** Global .comm symbols, placed at the end of .bss when the source has been read. */
    final List<SymbolTable.Sym> commons = new ArrayList<>();
    final LineFeed feed;
    final Macros macros;
    final Conditionals conditionals = new Conditionals();
    final Directives directives = new Directives(this);
    /** Forward-referenced assignments being evaluated inside one another; bounded to keep recursion shallow. */
    static final int MAX_CHAIN = 100;
    private int chain;
    private final List<String> evaluating = new ArrayList<>();
    Section current = Section.TEXT;
    Section previous = Section.TEXT;
    boolean ended;

    FirstPass(LineFeed feed, Map<String, Long> defines) {
        this.feed = feed;
        this.macros = new Macros(feed);
        for (var d : defines.entrySet()) {
            SymbolTable.Sym s = symbols.intern(d.getKey());
            s.kind = SymbolTable.Kind.DEFINE;
            s.value = Value.abs(d.getValue());
        }
    }

    void run() {
        Line line;
        while (!ended && (line = feed.next()) != null) {
            if (macros.collecting()) {
                macros.collect(line);
                continue;
            }
            if (conditionals.skipping()) {
                skipped(line);
                continue;
            }
            try {
                List<Token> t = Lexer.lex(line);
                int start = 0;
                for (int k = 0; k <= t.size(); k++) {
                    if (k == t.size() || t.get(k).is(";")) {
                        if (conditionals.skipping()) skippedStatement(line, t, start, k);
                        else if (!macros.collecting() && !ended) statement(line, t, start, k);
                        start = k + 1;
                    }
                }
            } catch (StackOverflowError e) {
                throw tooDeep(line);
            }
        }
        macros.checkClosed();
        conditionals.checkClosed();
        for (SymbolTable.Sym s : commons) {
            if (s.defined()) throw duplicate(s.line, s.at, s);
            allocateCommon(s);
        }
        padText();
    }

    /** Reserves a .comm symbol's storage at the end of .bss and makes it a label there. */
    void allocateCommon(SymbolTable.Sym s) {
        int b = Section.BSS.ordinal();
        long at = (size[b] + s.commonAlign - 1) & -s.commonAlign;
        if (s.commonSize > MAX_BSS - at) throw s.line.error(s.at, ".bss would grow beyond " + (MAX_BSS >> 20) + " MiB");
        size[b] = at + s.commonSize;
        alignment[b] = Math.max(alignment[b], s.commonAlign);
        s.kind = SymbolTable.Kind.LABEL;
        s.section = Section.BSS;
        s.offset = at;
    }

    /** GNU as pads the end of a code section to its alignment with nops; so does vmlab, for identical output. */
    private void padText() {
        int t = Section.TEXT.ordinal();
        long pad = -size[t] & (alignment[t] - 1);
        if (pad == 0) return;
        if (pad > MAX_SECTION - size[t]) {
            throw textAlignLine.error(textAlignAt, ".text would grow beyond " + (MAX_SECTION >> 20) + " MiB: it is padded at its end "
                + "to this alignment, as GNU as pads code sections");
        }
        byte[] b = new byte[(int) pad];
        Directives.nops(b);
        items.add(new Item.Bytes(Section.TEXT, size[t], b));
        size[t] += pad;
    }

    /** A line in a branch that is not assembled: only conditionals count, and it is not even tokenized. */
    private void skipped(Line line) {
        String word = Macros.firstWord(line.code());
        if (Conditionals.OPENERS.contains(word) || word.equals(".else") || word.equals(".elseif") || word.equals(".endif")) {
            List<Token> t = Lexer.lex(line);
            skippedStatement(line, t, 0, t.size());
        }
    }

    private void skippedStatement(Line line, List<Token> t, int from, int to) {
        if (from >= to || t.get(from).kind() != Token.Kind.IDENT) return;
        String word = t.get(from).text().toLowerCase(Locale.ROOT);
        if (Conditionals.OPENERS.contains(word) || word.equals(".else") || word.equals(".elseif") || word.equals(".endif")) {
            directives.conditional(line, word, t, from, to);
        }
    }

    private void statement(Line line, List<Token> t, int from, int to) {
        int p = from;
        while (p + 1 < to && t.get(p + 1).is(":")
                && (t.get(p).kind() == Token.Kind.IDENT || t.get(p).kind() == Token.Kind.NUMBER)) {
            label(line, t.get(p));
            p += 2;
        }
        if (p >= to) return;
        Token head = t.get(p);
        if (head.kind() != Token.Kind.IDENT || head.text().equals(".")) {
            throw line.error(head.start(), "expected a label, an instruction or a directive, found '" + head.text() + "'");
        }
        String name = head.text();
        if (p + 1 < to && t.get(p + 1).is("=")) {
            assign(line, head, expr(line, t, p + 2, to), false);
            return;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith(".") && directives.known(lower)) {
            directives.run(line, lower, t, p, to);
        } else if (macros.has(name)) {
            Macros.Macro m = macros.get(name);
            int argsAt = p + 1 < to ? t.get(p + 1).start() : head.end();
            String args = p + 1 < to ? line.code().substring(argsAt, t.get(to - 1).end()) : "";
            macros.expand(line, head.start(), m, args, argsAt);
        } else if (lower.startsWith(".")) {
            throw line.error(head.start(), "unknown directive '" + name + "'" + Suggest.hint(lower, Directives.SUGGESTED));
        } else {
            instruction(line, lower, t, p, to);
        }
    }

    private void label(Line line, Token tok) {
        String name = tok.kind() == Token.Kind.NUMBER ? symbols.defineLocal(tok.value()) : tok.text();
        if (tok.kind() == Token.Kind.NUMBER && !tok.text().chars().allMatch(Character::isDigit)) {
            throw line.error(tok.start(), "a numeric local label is written in decimal digits only ('1:'), not '"
                + tok.text() + ":'");
        }
        if (name.equals(".")) throw line.error(tok.start(), "'.' cannot be a label");
        SymbolTable.Sym s = symbols.intern(name);
        if (s.defined()) throw duplicate(line, tok.start(), s);
        s.kind = SymbolTable.Kind.LABEL;
        s.line = line;
        s.at = tok.start();
        s.section = current;
        s.offset = size[current.ordinal()];
    }

    /** The limits on expressions keep recursion shallow; this is the backstop for pathological input. */
    static AsmException tooDeep(Line line) {
        return line.error(0, "too deeply nested to assemble (expressions or symbols defined in terms of others)");
    }

    AsmException duplicate(Line line, int at, SymbolTable.Sym s) {
        String where = s.kind == SymbolTable.Kind.DEFINE ? "with -D on the command line" : "at " + s.line.where();
        return line.error(at, "duplicate symbol '" + s.name + "' (already defined " + where + ")");
    }

    /** {@code name = expr}, {@code .set}, {@code .equ}; {@code .equiv} ({@code once}) refuses to redefine. */
    void assign(Line line, Token name, Expr e, boolean once) {
        if (name.kind() != Token.Kind.IDENT || name.text().equals(".")) {
            throw line.error(name.start(), "expected a symbol name, found '" + name.text() + "'");
        }
        SymbolTable.Sym s = symbols.intern(name.text());
        if (s.kind == SymbolTable.Kind.LABEL) {
            throw line.error(name.start(), "'" + s.name + "' is a label (at " + s.line.where() + "); it cannot be given a value");
        }
        if (once && s.defined()) throw duplicate(line, name.start(), s);
        Value dot = dot();
        try {
            s.value = Evaluator.eval(line, e, this);
            s.deferred = null;
        } catch (Evaluator.Unknown u) {
            // A forward reference: kept as an expression and evaluated after layout.
            s.value = null;
            s.deferred = e;
            s.deferredDot = dot;
            s.deferredLine = line;
        }
        s.kind = SymbolTable.Kind.ASSIGNED;
        s.line = line;
        s.at = name.start();
        items.add(new Item.Assign(line, s, e, current, size[current.ordinal()]));
    }

    private void instruction(Line line, String mnemonic, List<Token> t, int head, int to) {
        List<Form> forms = Instructions.forms(mnemonic);
        Token h = t.get(head);
        if (forms == null) {
            List<String> known = new ArrayList<>(Instructions.mnemonics());
            macros.names().forEach(known::add);
            String hint = Suggest.hint(mnemonic, known);
            boolean looksLikeLabel = head + 1 == to || t.get(head + 1).kind() == Token.Kind.IDENT
                && (Instructions.forms(t.get(head + 1).text().toLowerCase(Locale.ROOT)) != null
                    || t.get(head + 1).text().startsWith("."));
            if (hint.isEmpty() && looksLikeLabel) hint = " (a label needs a colon: '" + h.text() + ":')";
            throw line.error(h.start(), "unknown instruction '" + h.text() + "'" + hint);
        }
        List<Operand> ops = Operand.parseAll(line, t, head + 1, to, symbols::referLocal);
        Form form = choose(line, h, forms, ops, t, to);
        if (current == Section.BSS) {
            throw line.error(h.start(), "instructions cannot go in .bss, which holds only zeros (switch with .text)");
        }
        Build b = new Build(line, mnemonic, ops, this);
        form.builder().build(b);
        items.add(new Item.Code(line, current, size[current.ordinal()], h.text(), List.copyOf(b.out)));
        grow(line, h.start(), 4L * b.out.size());
    }

    /** The first form whose operands fit, or an error that says what the closest form wanted. */
    private static Form choose(Line line, Token h, List<Form> forms, List<Operand> ops, List<Token> t, int to) {
        Form best = null;
        int bestBad = -1;
        for (Form f : forms) {
            if (f.slots().size() != ops.size()) continue;
            int bad = f.mismatch(ops);
            if (bad < 0) return f;
            if (bad > bestBad) {
                best = f;
                bestBad = bad;
            }
        }
        String name = h.text();
        if (best == null) {
            StringBuilder want = new StringBuilder();
            for (Form f : forms) {
                if (want.length() > 0) want.append(" or ");
                want.append(f.signature().isEmpty() ? "no operands" : "'" + f.signature() + "'");
            }
            int max = forms.stream().mapToInt(f -> f.slots().size()).max().orElse(0);
            int at = ops.size() > max ? ops.get(max).at() : t.get(to - 1).end();
            if (ops.isEmpty()) at = h.end();
            return throwCount(line, at, name, want.toString(), ops.size());
        }
        Form.Slot slot = best.slots().get(bestBad);
        Operand op = ops.get(bestBad);
        String found = op.describe();
        String hint = "";
        if (slot.kind() == Form.Kind.MEM && op instanceof Operand.Imm
                && forms.stream().anyMatch(f -> f.signature().equals("rs2, symbol, rt"))) {
            hint = "; to store to a label, name a scratch register for its address: " + name + " rs2, label, t0";
        } else if (slot.kind() == Form.Kind.ZERO_MEM && op instanceof Operand.Mem) {
            found = "an offset (" + name + " takes no offset, only (register))";
        } else if (slot.kind() == Form.Kind.FENCE && op instanceof Operand.Imm) {
            found = "something else (the letters must come in the order i, o, r, w)";
        }
        throw line.error(op.at(), "operand " + (bestBad + 1) + " of '" + name + "' must be " + slot.description()
            + ", found " + found + hint);
    }

    private static Form throwCount(Line line, int at, String name, String want, int got) {
        throw line.error(at, "'" + name + "' takes " + want + ", found " + got + " operand" + (got == 1 ? "" : "s"));
    }

    /** Advances the current section by {@code n} bytes, refusing sections that would be absurdly large. */
    void grow(Line line, int at, long n) {
        int s = current.ordinal();
        long limit = current == Section.BSS ? MAX_BSS : MAX_SECTION;
        if (n < 0 || n > limit - size[s]) {
            throw line.error(at, current.elfName + " would grow beyond " + (limit >> 20) + " MiB");
        }
        size[s] += n;
    }

    Expr expr(Line line, List<Token> t, int from, int to) {
        return ExprParser.parse(line, t, from, to, symbols::referLocal);
    }

    void note(Line line, int at, String text) {
        notes.add(line.where() + ":" + (at + 1) + ": note: " + text);
    }

    // ---- Evaluator.Scope, before layout ----

    @Override
    public Value symbol(Line line, Expr.Sym e) {
        SymbolTable.Sym s = symbols.get(e.name());
        if (s == null || !s.defined()) {
            throw new Evaluator.Unknown(e, "'" + e.written() + "' is not defined before this line", false);
        }
        if (s.kind == SymbolTable.Kind.LABEL) return new Value(s.offset, s.section.ordinal());
        if (s.value != null) return s.value;
        if (s.evaluating) throw SymbolTable.circular(line, e.at(), s.name, evaluating);
        if (chain >= MAX_CHAIN) throw line.error(e.at(), "symbols defined in terms of later symbols nest more than " + MAX_CHAIN + " deep");
        s.evaluating = true;
        evaluating.add(s.name);
        chain++;
        try {
            Value dot = s.deferredDot;
            return Evaluator.eval(s.deferredLine, s.deferred, new Scoped(this, dot));
        } finally {
            s.evaluating = false;
            evaluating.remove(evaluating.size() - 1);
            chain--;
        }
    }

    @Override
    public Value dot() {
        return new Value(size[current.ordinal()], current.ordinal());
    }

    @Override
    public long pc() {
        throw new IllegalStateException("no pc before layout");
    }

    @Override
    public long pcrelLo(Line line, Expr.Reloc r, long label) {
        throw new IllegalStateException("no %pcrel_lo before layout");
    }

    @Override
    public boolean linked() {
        return false;
    }

    // ---- Build.Constants ----

    @Override
    public long constant(Line line, Expr e, String what) {
        try {
            Value v = Evaluator.eval(line, e, this);
            if (!v.absolute()) throw new Evaluator.Unknown(e, "it is an address, which is not known until sections are laid out", true);
            return v.v();
        } catch (Evaluator.Unknown u) {
            String hint = what.startsWith("li") && u.address ? "; to load an address use la" : "";
            throw line.error(u.at.at(), what + " must be a constant known at this point, but " + u.why + hint);
        }
    }

    @Override
    public boolean hasValue(String name) {
        SymbolTable.Sym s = symbols.get(name);
        return s != null && (s.kind == SymbolTable.Kind.ASSIGNED || s.kind == SymbolTable.Kind.DEFINE);
    }

    /** A scope like another but with its own {@code .}: for expressions kept from elsewhere. */
    record Scoped(Evaluator.Scope inner, Value dotValue) implements Evaluator.Scope {
        @Override public Value symbol(Line line, Expr.Sym s) { return inner.symbol(line, s); }
        @Override public Value dot() { return dotValue; }
        @Override public long pc() { return inner.pc(); }
        @Override public long pcrelLo(Line line, Expr.Reloc r, long label) { return inner.pcrelLo(line, r, label); }
        @Override public boolean linked() { return inner.linked(); }
    }
}
