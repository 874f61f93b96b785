package dev.vmlab.asm;

import dev.vmlab.isa.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The second pass: lays the sections out from the base address (each on a 4 KiB boundary, or
 * its own larger alignment), gives every label its address, then evaluates every expression
 * and encodes every instruction into the section images.
 */
final class SecondPass implements Evaluator.Scope {
    static final long PAGE = 4096;

    private final FirstPass first;
    final long[] base = new long[Section.values().length];
    final byte[][] image = new byte[Section.values().length][];
    /** auipc instructions by address, for {@code %pcrel_lo(label)}. */
    private final Map<Long, Item.Code> codeAt = new HashMap<>();
    private final Map<Long, Integer> indexAt = new HashMap<>();
    private long pc;
    private Value dot;
    private int chain;
    /** The section of the item being assembled. */
    private Section current = Section.TEXT;
    private final List<String> evaluating = new ArrayList<>();
    private static final int MAX_CHAIN = FirstPass.MAX_CHAIN;

    SecondPass(FirstPass first, long textBase) {
        this.first = first;
        long cursor = textBase;
        image[Section.UNLOADED.ordinal()] = new byte[(int) first.size[Section.UNLOADED.ordinal()]];
        for (Section s : Section.LOADED) {
            long align = Math.max(s == Section.TEXT ? first.alignment[0] : PAGE, first.alignment[s.ordinal()]);
            long start = s == Section.TEXT ? textBase : (cursor + align - 1) & -align;
            base[s.ordinal()] = start;
            cursor = start + first.size[s.ordinal()];
            if (s != Section.BSS) image[s.ordinal()] = new byte[(int) first.size[s.ordinal()]];
        }
    }

    /** First address past the last section. */
    long end() {
        return base[Section.BSS.ordinal()] + first.size[Section.BSS.ordinal()];
    }

    long address(Section s, long offset) {
        return base[s.ordinal()] + offset;
    }

    void run() {
        for (Item item : first.items) {
            if (item instanceof Item.Code c) {
                for (int k = 0; k < c.insns().size(); k++) {
                    long a = address(c.section(), c.offset()) + 4L * k;
                    if (c.insns().get(k).row().op() == Op.AUIPC) {
                        codeAt.put(a, c);
                        indexAt.put(a, k);
                    }
                }
            }
        }
        for (Item item : first.items) {
            try {
                item(item);
            } catch (StackOverflowError e) {
                throw FirstPass.tooDeep(item instanceof Item.Code c ? c.line() : item instanceof Item.Data d ? d.line()
                    : ((Item.Assign) item).line());
            }
        }
    }

    private void item(Item item) {
        {
            current = item.section();
            long at = address(item.section(), item.offset());
            dot = new Value(at, Value.LINKED);
            if (item instanceof Item.Code c) {
                code(c, at);
            } else if (item instanceof Item.Data d) {
                data(d, at);
            } else if (item instanceof Item.Bytes b) {
                System.arraycopy(b.bytes(), 0, image[b.section().ordinal()], (int) b.offset(), b.bytes().length);
            } else if (item instanceof Item.Assign a) {
                pc = at;
                a.sym().value = linked(Evaluator.eval(a.line(), a.expr(), this));
                a.sym().deferred = null;
            }
        }
    }

    private void code(Item.Code c, long at) {
        byte[] out = image[c.section().ordinal()];
        for (int k = 0; k < c.insns().size(); k++) {
            MInsn m = c.insns().get(k);
            pc = at + 4L * k;
            long imm = m.imm() == null ? 0 : Evaluator.eval(c.line(), m.imm(), this).v();
            long csr = m.csr() == null ? 0 : Evaluator.eval(c.line(), m.csr(), this).v();
            int w = Encoder.encode(c.line(), m, imm, csr, pc, c.mnemonic());
            put(out, c.offset() + 4L * k, w, 4);
        }
    }

    private void data(Item.Data d, long at) {
        byte[] out = image[d.section().ordinal()];
        int w = d.width();
        for (int i = 0; i < d.values().size(); i++) {
            Expr e = d.values().get(i);
            pc = at + (long) w * i;
            dot = new Value(pc, Value.LINKED);
            long v = Evaluator.eval(d.line(), e, this).v();
            if (w < 8) {
                long lo = -(1L << (8 * w - 1)), hi = (1L << (8 * w)) - 1;
                if (v < lo || v > hi) {
                    String name = switch (w) {
                        case 1 -> ".byte";
                        case 2 -> ".half";
                        case 4 -> ".word";
                        default -> w + "-byte value";
                    };
                    throw d.line().error(e.at(), String.format("value %d (0x%x) does not fit in %s (%d..%d)", v, v, name, lo, hi));
                }
            }
            for (long r = 0; r < d.repeat(); r++) put(out, d.offset() + (long) w * (i + r), v, w);
        }
    }

    private static void put(byte[] out, long offset, long v, int width) {
        for (int b = 0; b < width; b++) out[(int) offset + b] = (byte) (v >>> (8 * b));
    }

    /** A value from before layout made final: a section offset becomes an address. */
    Value linked(Value v) {
        return v.base() >= 0 ? new Value(base[v.base()] + v.v(), Value.LINKED) : v;
    }

    // ---- Evaluator.Scope, after layout ----

    @Override
    public Value symbol(Line line, Expr.Sym e) {
        SymbolTable.Sym s = first.symbols.get(e.name());
        if (s == null || !s.defined()) throw undefined(line, e);
        if (s.kind == SymbolTable.Kind.LABEL) {
            if (s.section == Section.UNLOADED && current != Section.UNLOADED) {
                throw line.error(e.at(), "'" + e.written() + "' is in a section that is not loaded (it has no \"a\" flag), "
                    + "so it has no address");
            }
            return new Value(address(s.section, s.offset), Value.LINKED);
        }
        if (s.value != null) return linked(s.value);
        if (s.evaluating) throw SymbolTable.circular(line, e.at(), s.name, evaluating);
        if (chain >= MAX_CHAIN) throw line.error(e.at(), "symbols defined in terms of later symbols nest more than " + MAX_CHAIN + " deep");
        s.evaluating = true;
        evaluating.add(s.name);
        chain++;
        try {
            Value v = linked(Evaluator.eval(s.deferredLine, s.deferred, new FirstPass.Scoped(this, linked(s.deferredDot))));
            s.value = v;
            return v;
        } finally {
            s.evaluating = false;
            evaluating.remove(evaluating.size() - 1);
            chain--;
        }
    }

    private AsmException undefined(Line line, Expr.Sym e) {
        if (SymbolTable.isLocalLabel(e.name())) {
            String n = e.written().substring(0, e.written().length() - 1);
            return line.error(e.at(), "'" + e.written() + "' refers forward to a label '" + n + ":', but there is none after this line");
        }
        return line.error(e.at(), "undefined symbol '" + e.name() + "'" + Suggest.hint(e.name(), first.symbols.visibleNames()));
    }

    @Override
    public Value dot() {
        return dot;
    }

    @Override
    public long pc() {
        return pc;
    }

    /** {@code %pcrel_lo(label)}: the label must be an auipc whose immediate is {@code %pcrel_hi(target)}. */
    @Override
    public long pcrelLo(Line line, Expr.Reloc r, long label) {
        Item.Code c = codeAt.get(label);
        MInsn auipc = c == null ? null : c.insns().get(indexAt.get(label));
        if (auipc == null || !(auipc.imm() instanceof Expr.Reloc hi) || !hi.op().equals("pcrel_hi")) {
            throw line.error(r.at(), String.format("%%pcrel_lo needs the label of an auipc with %%pcrel_hi, "
                + "but 0x%x is not one", label));
        }
        long savedPc = pc;
        Value savedDot = dot;
        try {
            pc = label;
            dot = new Value(address(c.section(), c.offset()), Value.LINKED);
            long target = Evaluator.eval(c.line(), hi.operand(), this).v();
            return Evaluator.low12(target - label);
        } finally {
            pc = savedPc;
            dot = savedDot;
        }
    }

    @Override
    public boolean linked() {
        return true;
    }
}
