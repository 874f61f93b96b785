package dev.vmlab.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A test-only RV64IMAC encoder, so tests read like assembly listings. The encodings are written
 * out here from the unprivileged spec's base-format figures and opcode map, deliberately
 * independent of the engine's decoder tables (using those would make the tests circular);
 * {@code AsmCrossCheckTest} compares them with GNU as when it is installed.
 *
 * <p>Branches and jumps take a byte offset or a label; labels may be forward references and
 * are resolved by {@link #bytes()}. Compressed instructions are emitted as raw halfwords with
 * {@link #c(int)}, or built by the {@code c_*} encoders, which return the halfword.
 */
public final class Asm {
    public static final int ZERO = 0, RA = 1, SP = 2, GP = 3, TP = 4, T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9,
        A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, A6 = 16, A7 = 17, S2 = 18, S3 = 19, S4 = 20, S5 = 21,
        S6 = 22, S7 = 23, S8 = 24, S9 = 25, S10 = 26, S11 = 27, T3 = 28, T4 = 29, T5 = 30, T6 = 31;

    public static final long RAM = 0x8000_0000L;

    // Major opcodes (unprivileged spec, "RV32/64G Instruction Set Listings", opcode map).
    static final int LOAD = 0b0000011, MISC_MEM = 0b0001111, OP_IMM = 0b0010011, AUIPC = 0b0010111,
        OP_IMM_32 = 0b0011011, STORE = 0b0100011, AMO = 0b0101111, OP = 0b0110011, LUI = 0b0110111,
        OP_32 = 0b0111011, BRANCH = 0b1100011, JALR = 0b1100111, JAL = 0b1101111, SYSTEM = 0b1110011;

    private enum Kind { B, J, HI_LO }

    private record Fixup(int at, Kind kind, String label) {}

    private final long base;
    private byte[] buf = new byte[1024];
    private int size;
    private final Map<String, Long> labels = new HashMap<>();
    private final List<Fixup> fixups = new ArrayList<>();

    public Asm() { this(RAM); }

    public Asm(long base) { this.base = base; }

    /** The encoding of the single instruction {@code body} emits (at address 0). */
    public static int encode(Consumer<Asm> body) {
        Asm a = new Asm(0);
        body.accept(a);
        byte[] b = a.bytes();
        int w = 0;
        for (int i = Math.min(b.length, 4) - 1; i >= 0; i--) w = (w << 8) | (b[i] & 0xff);
        return w;
    }

    public long base() { return base; }

    /** The address the next instruction will have. */
    public long here() { return base + size; }

    public int size() { return size; }

    public Asm label(String name) {
        if (labels.put(name, here()) != null) throw new IllegalArgumentException("label defined twice: " + name);
        return this;
    }

    /** The address of a label defined so far. */
    public long addr(String name) {
        Long a = labels.get(name);
        if (a == null) throw new IllegalArgumentException("no label " + name);
        return a;
    }

    /** Pads with zero bytes up to {@code address}. */
    public Asm org(long address) {
        if (address < here()) throw new IllegalArgumentException("org backwards");
        while (here() < address) put(1, 0);
        return this;
    }

    /** Pads with zero bytes to a multiple of {@code n}. */
    public Asm align(int n) {
        return org((here() + n - 1) / n * n);
    }

    /** The program, with every label reference resolved. */
    public byte[] bytes() {
        for (Fixup f : fixups) {
            long target = addr(f.label), pc = base + f.at;
            long off = target - pc;
            int w = get32(f.at);
            switch (f.kind) {
                case B -> set32(f.at, w | bImm(off));
                case J -> set32(f.at, w | jImm(off));
                case HI_LO -> {
                    long hi = (off + 0x800) >> 12, lo = off - (hi << 12);
                    set32(f.at, w | (int) (hi << 12));
                    set32(f.at + 4, get32(f.at + 4) | ((int) lo << 20));
                }
            }
        }
        fixups.clear();
        return java.util.Arrays.copyOf(buf, size);
    }

    // ------------------------------------------------------------------ raw data

    public Asm word(int w) { return put(4, w); }

    /** A 16-bit (compressed) instruction, or any halfword. */
    public Asm c(int halfword) { return put(2, halfword); }

    public Asm dword(long d) { return put(8, d); }

    private Asm put(int n, long v) {
        if (size + n > buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        for (int i = 0; i < n; i++) buf[size++] = (byte) (v >>> (8 * i));
        return this;
    }

    private int get32(int at) {
        return (buf[at] & 0xff) | (buf[at + 1] & 0xff) << 8 | (buf[at + 2] & 0xff) << 16 | (buf[at + 3] & 0xff) << 24;
    }

    private void set32(int at, int w) {
        for (int i = 0; i < 4; i++) buf[at + i] = (byte) (w >>> (8 * i));
    }

    // ------------------------------------------------------------------ base formats

    public static int r(int funct7, int rs2, int rs1, int funct3, int rd, int opcode) {
        return funct7 << 25 | reg(rs2) << 20 | reg(rs1) << 15 | funct3 << 12 | reg(rd) << 7 | opcode;
    }

    public static int i(long imm, int rs1, int funct3, int rd, int opcode) {
        check(imm, -2048, 2047, "I-immediate");
        return (int) (imm & 0xfff) << 20 | reg(rs1) << 15 | funct3 << 12 | reg(rd) << 7 | opcode;
    }

    public static int s(long imm, int rs2, int rs1, int funct3, int opcode) {
        check(imm, -2048, 2047, "S-immediate");
        int v = (int) imm;
        return (v >> 5 & 0x7f) << 25 | reg(rs2) << 20 | reg(rs1) << 15 | funct3 << 12 | (v & 0x1f) << 7 | opcode;
    }

    /** B-type: imm[12|10:5] in 31:25, imm[4:1|11] in 11:7. */
    static int bImm(long off) {
        check(off, -4096, 4094, "branch offset");
        if ((off & 1) != 0) throw new IllegalArgumentException("odd branch offset");
        int v = (int) off;
        return (v >> 12 & 1) << 31 | (v >> 5 & 0x3f) << 25 | (v >> 1 & 0xf) << 8 | (v >> 11 & 1) << 7;
    }

    /** J-type: imm[20|10:1|11|19:12] in 31:12. */
    static int jImm(long off) {
        check(off, -(1 << 20), (1 << 20) - 2, "jump offset");
        if ((off & 1) != 0) throw new IllegalArgumentException("odd jump offset");
        int v = (int) off;
        return (v >> 20 & 1) << 31 | (v >> 1 & 0x3ff) << 21 | (v >> 11 & 1) << 20 | (v >> 12 & 0xff) << 12;
    }

    private static int reg(int r) {
        if (r < 0 || r > 31) throw new IllegalArgumentException("register x" + r);
        return r;
    }

    private static void check(long v, long lo, long hi, String what) {
        if (v < lo || v > hi) throw new IllegalArgumentException(what + " out of range: " + v);
    }

    // ------------------------------------------------------------------ RV64I

    public Asm lui(int rd, int imm20) { return word(imm20 << 12 | reg(rd) << 7 | LUI); }

    public Asm auipc(int rd, int imm20) { return word(imm20 << 12 | reg(rd) << 7 | AUIPC); }

    public Asm jal(int rd, long off) { return word(jImm(off) | reg(rd) << 7 | JAL); }

    public Asm jal(int rd, String label) { return ref(Kind.J, label).word(reg(rd) << 7 | JAL); }

    public Asm jalr(int rd, int rs1, long imm) { return word(i(imm, rs1, 0, rd, JALR)); }

    private Asm branch(int f3, int rs1, int rs2, long off) {
        return word(bImm(off) | reg(rs2) << 20 | reg(rs1) << 15 | f3 << 12 | BRANCH);
    }

    private Asm branch(int f3, int rs1, int rs2, String label) {
        return ref(Kind.B, label).word(reg(rs2) << 20 | reg(rs1) << 15 | f3 << 12 | BRANCH);
    }

    public Asm beq(int rs1, int rs2, long off) { return branch(0, rs1, rs2, off); }
    public Asm bne(int rs1, int rs2, long off) { return branch(1, rs1, rs2, off); }
    public Asm blt(int rs1, int rs2, long off) { return branch(4, rs1, rs2, off); }
    public Asm bge(int rs1, int rs2, long off) { return branch(5, rs1, rs2, off); }
    public Asm bltu(int rs1, int rs2, long off) { return branch(6, rs1, rs2, off); }
    public Asm bgeu(int rs1, int rs2, long off) { return branch(7, rs1, rs2, off); }
    public Asm beq(int rs1, int rs2, String l) { return branch(0, rs1, rs2, l); }
    public Asm bne(int rs1, int rs2, String l) { return branch(1, rs1, rs2, l); }
    public Asm blt(int rs1, int rs2, String l) { return branch(4, rs1, rs2, l); }
    public Asm bge(int rs1, int rs2, String l) { return branch(5, rs1, rs2, l); }
    public Asm bltu(int rs1, int rs2, String l) { return branch(6, rs1, rs2, l); }
    public Asm bgeu(int rs1, int rs2, String l) { return branch(7, rs1, rs2, l); }

    public Asm lb(int rd, long imm, int rs1) { return word(i(imm, rs1, 0, rd, LOAD)); }
    public Asm lh(int rd, long imm, int rs1) { return word(i(imm, rs1, 1, rd, LOAD)); }
    public Asm lw(int rd, long imm, int rs1) { return word(i(imm, rs1, 2, rd, LOAD)); }
    public Asm ld(int rd, long imm, int rs1) { return word(i(imm, rs1, 3, rd, LOAD)); }
    public Asm lbu(int rd, long imm, int rs1) { return word(i(imm, rs1, 4, rd, LOAD)); }
    public Asm lhu(int rd, long imm, int rs1) { return word(i(imm, rs1, 5, rd, LOAD)); }
    public Asm lwu(int rd, long imm, int rs1) { return word(i(imm, rs1, 6, rd, LOAD)); }

    public Asm sb(int rs2, long imm, int rs1) { return word(s(imm, rs2, rs1, 0, STORE)); }
    public Asm sh(int rs2, long imm, int rs1) { return word(s(imm, rs2, rs1, 1, STORE)); }
    public Asm sw(int rs2, long imm, int rs1) { return word(s(imm, rs2, rs1, 2, STORE)); }
    public Asm sd(int rs2, long imm, int rs1) { return word(s(imm, rs2, rs1, 3, STORE)); }

    public Asm addi(int rd, int rs1, long imm) { return word(i(imm, rs1, 0, rd, OP_IMM)); }
    public Asm slti(int rd, int rs1, long imm) { return word(i(imm, rs1, 2, rd, OP_IMM)); }
    public Asm sltiu(int rd, int rs1, long imm) { return word(i(imm, rs1, 3, rd, OP_IMM)); }
    public Asm xori(int rd, int rs1, long imm) { return word(i(imm, rs1, 4, rd, OP_IMM)); }
    public Asm ori(int rd, int rs1, long imm) { return word(i(imm, rs1, 6, rd, OP_IMM)); }
    public Asm andi(int rd, int rs1, long imm) { return word(i(imm, rs1, 7, rd, OP_IMM)); }
    /** RV64 shifts: a 6-bit shamt in imm[5:0], imm[11:6] selects the shift kind. */
    public Asm slli(int rd, int rs1, int sh) { return word(shift(0, sh, 63, rs1, 1, rd, OP_IMM)); }
    public Asm srli(int rd, int rs1, int sh) { return word(shift(0, sh, 63, rs1, 5, rd, OP_IMM)); }
    public Asm srai(int rd, int rs1, int sh) { return word(shift(0x400, sh, 63, rs1, 5, rd, OP_IMM)); }

    private static int shift(int hi, int sh, int max, int rs1, int f3, int rd, int opc) {
        check(sh, 0, max, "shift amount");
        return (hi | sh) << 20 | reg(rs1) << 15 | f3 << 12 | reg(rd) << 7 | opc;
    }

    public Asm add(int rd, int rs1, int rs2) { return word(r(0, rs2, rs1, 0, rd, OP)); }
    public Asm sub(int rd, int rs1, int rs2) { return word(r(0x20, rs2, rs1, 0, rd, OP)); }
    public Asm sll(int rd, int rs1, int rs2) { return word(r(0, rs2, rs1, 1, rd, OP)); }
    public Asm slt(int rd, int rs1, int rs2) { return word(r(0, rs2, rs1, 2, rd, OP)); }
    public Asm sltu(int rd, int rs1, int rs2) { return word(r(0, rs2, rs1, 3, rd, OP)); }
    public Asm xor(int rd, int rs1, int rs2) { return word(r(0, rs2, rs1, 4, rd, OP)); }
    public Asm srl(int rd, int rs1, int rs2) { return word(r(0, rs2, rs1, 5, rd, OP)); }
    public Asm sra(int rd, int rs1, int rs2) { return word(r(0x20, rs2, rs1, 5, rd, OP)); }
    public Asm or(int rd, int rs1, int rs2) { return word(r(0, rs2, rs1, 6, rd, OP)); }
    public Asm and(int rd, int rs1, int rs2) { return word(r(0, rs2, rs1, 7, rd, OP)); }

    public Asm addiw(int rd, int rs1, long imm) { return word(i(imm, rs1, 0, rd, OP_IMM_32)); }
    public Asm slliw(int rd, int rs1, int sh) { return word(shift(0, sh, 31, rs1, 1, rd, OP_IMM_32)); }
    public Asm srliw(int rd, int rs1, int sh) { return word(shift(0, sh, 31, rs1, 5, rd, OP_IMM_32)); }
    public Asm sraiw(int rd, int rs1, int sh) { return word(shift(0x400, sh, 31, rs1, 5, rd, OP_IMM_32)); }
    public Asm addw(int rd, int rs1, int rs2) { return word(r(0, rs2, rs1, 0, rd, OP_32)); }
    public Asm subw(int rd, int rs1, int rs2) { return word(r(0x20, rs2, rs1, 0, rd, OP_32)); }
    public Asm sllw(int rd, int rs1, int rs2) { return word(r(0, rs2, rs1, 1, rd, OP_32)); }
    public Asm srlw(int rd, int rs1, int rs2) { return word(r(0, rs2, rs1, 5, rd, OP_32)); }
    public Asm sraw(int rd, int rs1, int rs2) { return word(r(0x20, rs2, rs1, 5, rd, OP_32)); }

    /** fence pred, succ (4-bit IORW sets). */
    public Asm fence(int pred, int succ) { return word((pred << 4 | succ) << 20 | MISC_MEM); }
    public Asm fenceI() { return word(1 << 12 | MISC_MEM); }

    public Asm ecall() { return word(SYSTEM); }
    public Asm ebreak() { return word(1 << 20 | SYSTEM); }
    public Asm mret() { return word(0b0011000_00010 << 20 | SYSTEM); }
    public Asm sret() { return word(0b0001000_00010 << 20 | SYSTEM); }
    public Asm wfi() { return word(0b0001000_00101 << 20 | SYSTEM); }
    public Asm sfenceVma(int rs1, int rs2) { return word(r(0b0001001, rs2, rs1, 0, 0, SYSTEM)); }

    // ------------------------------------------------------------------ Zicsr

    private Asm csr(int f3, int rd, int csr, int src) {
        if (csr < 0 || csr > 0xfff) throw new IllegalArgumentException("csr number " + csr);
        return word(csr << 20 | (src & 31) << 15 | f3 << 12 | reg(rd) << 7 | SYSTEM);
    }

    public Asm csrrw(int rd, int csr, int rs1) { return csr(1, rd, csr, reg(rs1)); }
    public Asm csrrs(int rd, int csr, int rs1) { return csr(2, rd, csr, reg(rs1)); }
    public Asm csrrc(int rd, int csr, int rs1) { return csr(3, rd, csr, reg(rs1)); }
    public Asm csrrwi(int rd, int csr, int uimm) { check(uimm, 0, 31, "uimm"); return csr(5, rd, csr, uimm); }
    public Asm csrrsi(int rd, int csr, int uimm) { check(uimm, 0, 31, "uimm"); return csr(6, rd, csr, uimm); }
    public Asm csrrci(int rd, int csr, int uimm) { check(uimm, 0, 31, "uimm"); return csr(7, rd, csr, uimm); }

    // ------------------------------------------------------------------ M

    private Asm m(int f3, int rd, int rs1, int rs2, int opc) { return word(r(1, rs2, rs1, f3, rd, opc)); }

    public Asm mul(int rd, int rs1, int rs2) { return m(0, rd, rs1, rs2, OP); }
    public Asm mulh(int rd, int rs1, int rs2) { return m(1, rd, rs1, rs2, OP); }
    public Asm mulhsu(int rd, int rs1, int rs2) { return m(2, rd, rs1, rs2, OP); }
    public Asm mulhu(int rd, int rs1, int rs2) { return m(3, rd, rs1, rs2, OP); }
    public Asm div(int rd, int rs1, int rs2) { return m(4, rd, rs1, rs2, OP); }
    public Asm divu(int rd, int rs1, int rs2) { return m(5, rd, rs1, rs2, OP); }
    public Asm rem(int rd, int rs1, int rs2) { return m(6, rd, rs1, rs2, OP); }
    public Asm remu(int rd, int rs1, int rs2) { return m(7, rd, rs1, rs2, OP); }
    public Asm mulw(int rd, int rs1, int rs2) { return m(0, rd, rs1, rs2, OP_32); }
    public Asm divw(int rd, int rs1, int rs2) { return m(4, rd, rs1, rs2, OP_32); }
    public Asm divuw(int rd, int rs1, int rs2) { return m(5, rd, rs1, rs2, OP_32); }
    public Asm remw(int rd, int rs1, int rs2) { return m(6, rd, rs1, rs2, OP_32); }
    public Asm remuw(int rd, int rs1, int rs2) { return m(7, rd, rs1, rs2, OP_32); }

    // ------------------------------------------------------------------ A

    /** AMO funct5 values (unprivileged spec, "A" standard extension). */
    public static final int LR = 0b00010, SC = 0b00011, AMOSWAP = 0b00001, AMOADD = 0b00000, AMOXOR = 0b00100,
        AMOAND = 0b01100, AMOOR = 0b01000, AMOMIN = 0b10000, AMOMAX = 0b10100, AMOMINU = 0b11000, AMOMAXU = 0b11100;

    /** Any atomic: {@code funct5}, width 4 (.w) or 8 (.d), rd, rs2 (source), (rs1). */
    public Asm amo(int funct5, int width, int rd, int rs2, int rs1) {
        if (width != 4 && width != 8) throw new IllegalArgumentException("width " + width);
        return word(r(funct5 << 2, rs2, rs1, width == 4 ? 2 : 3, rd, AMO));
    }

    public Asm lrW(int rd, int rs1) { return amo(LR, 4, rd, 0, rs1); }
    public Asm lrD(int rd, int rs1) { return amo(LR, 8, rd, 0, rs1); }
    public Asm scW(int rd, int rs2, int rs1) { return amo(SC, 4, rd, rs2, rs1); }
    public Asm scD(int rd, int rs2, int rs1) { return amo(SC, 8, rd, rs2, rs1); }

    // ------------------------------------------------------------------ pseudo-instructions

    public Asm nop() { return addi(ZERO, ZERO, 0); }
    public Asm mv(int rd, int rs) { return addi(rd, rs, 0); }
    public Asm j(String label) { return jal(ZERO, label); }
    public Asm j(long off) { return jal(ZERO, off); }
    public Asm csrr(int rd, int csr) { return csrrs(rd, csr, ZERO); }
    public Asm csrw(int csr, int rs) { return csrrw(ZERO, csr, rs); }
    public Asm csrs(int csr, int rs) { return csrrs(ZERO, csr, rs); }
    public Asm csrc(int csr, int rs) { return csrrc(ZERO, csr, rs); }

    /** Loads any 64-bit constant (lui/addiw for 32-bit values, then slli/addi steps). */
    public Asm li(int rd, long v) {
        long lo = v << 52 >> 52;
        if (v == (int) v) {
            long hi = v - lo;
            if (hi == 0) return addi(rd, ZERO, lo);
            lui(rd, (int) (hi >>> 12) & 0xfffff);
            return lo != 0 ? addiw(rd, rd, lo) : this;
        }
        li(rd, (v - lo) >> 12);
        slli(rd, rd, 12);
        return lo != 0 ? addi(rd, rd, lo) : this;
    }

    /** rd = the address of {@code label} (auipc + addi, pc-relative). */
    public Asm la(int rd, String label) {
        ref(Kind.HI_LO, label);
        word(reg(rd) << 7 | AUIPC);
        return word(reg(rd) << 15 | reg(rd) << 7 | OP_IMM);
    }

    private Asm ref(Kind k, String label) {
        fixups.add(new Fixup(size, k, label));
        return this;
    }

    // ------------------------------------------------------------------ test conveniences

    /** Emits whatever {@code f} emits, keeping a listing in one chain. */
    public Asm apply(Consumer<Asm> f) {
        f.accept(this);
        return this;
    }

    /** Stops the run: a wfi that nothing wakes (the run ends with IDLE_FOREVER), looping if woken. */
    public Asm halt() { return wfi().j(-4); }

    /** mtvec = label (uses t6). */
    public Asm mtvec(String label) { return la(T6, label).csrw(0x305, T6); }

    /** stvec = label (uses t6). */
    public Asm stvec(String label) { return la(T6, label).csrw(0x105, T6); }

    /**
     * One PMP entry (pmpaddr0, NAPOT over the whole address space) granting RWX, so S- and U-mode
     * may access memory at all: with PMP implemented, an S/U access no entry matches fails (uses t6).
     */
    public Asm pmpAllowAll() {
        return li(T6, -1).csrw(0x3b0, T6).li(T6, 0x1f).csrw(0x3a0, T6);
    }

    /** From M-mode, mret to {@code label} in privilege {@code priv} (uses t5, t6). */
    public Asm enter(int priv, String label) {
        li(T5, 3L << 11).csrc(0x300, T5);
        if (priv != 0) li(T5, (long) priv << 11).csrs(0x300, T5);
        return la(T6, label).csrw(0x341, T6).mret();
    }

    // ------------------------------------------------------------------ RVC encoders (return the halfword)

    private static int cr(int rdp) {
        if (rdp < 8 || rdp > 15) throw new IllegalArgumentException("not a compressed register: x" + rdp);
        return rdp - 8;
    }

    private static int bit(long v, int b) { return (int) (v >> b) & 1; }

    private static int bits(long v, int hi, int lo) { return (int) (v >> lo) & ((1 << (hi - lo + 1)) - 1); }

    /** c.addi4spn rd', nzuimm: 000 nzuimm[5:4|9:6|2|3] rd' 00. */
    public static int c_addi4spn(int rdp, int uimm) {
        return bits(uimm, 5, 4) << 11 | bits(uimm, 9, 6) << 7 | bit(uimm, 2) << 6 | bit(uimm, 3) << 5 | cr(rdp) << 2;
    }

    /** c.lw rd', uimm(rs1'): 010 uimm[5:3] rs1' uimm[2|6] rd' 00. */
    public static int c_lw(int rdp, int uimm, int rs1p) {
        return 2 << 13 | bits(uimm, 5, 3) << 10 | cr(rs1p) << 7 | bit(uimm, 2) << 6 | bit(uimm, 6) << 5 | cr(rdp) << 2;
    }

    /** c.ld rd', uimm(rs1'): 011 uimm[5:3] rs1' uimm[7:6] rd' 00. */
    public static int c_ld(int rdp, int uimm, int rs1p) {
        return 3 << 13 | bits(uimm, 5, 3) << 10 | cr(rs1p) << 7 | bits(uimm, 7, 6) << 5 | cr(rdp) << 2;
    }

    public static int c_sw(int rs2p, int uimm, int rs1p) { return c_lw(rs2p, uimm, rs1p) | 6 << 13; }

    public static int c_sd(int rs2p, int uimm, int rs1p) { return c_ld(rs2p, uimm, rs1p) | 7 << 13; }

    /** Quadrant 1 with a 6-bit immediate split as imm[5] at 12, imm[4:0] at 6:2. */
    private static int ci(int f3, int rd, long imm, int op) {
        return f3 << 13 | bit(imm, 5) << 12 | reg(rd) << 7 | bits(imm, 4, 0) << 2 | op;
    }

    public static int c_addi(int rd, int imm) { check(imm, -32, 31, "imm"); return ci(0, rd, imm, 1); }
    public static int c_addiw(int rd, int imm) { check(imm, -32, 31, "imm"); return ci(1, rd, imm, 1); }
    public static int c_li(int rd, int imm) { check(imm, -32, 31, "imm"); return ci(2, rd, imm, 1); }

    /** c.lui rd, nzimm[17:12] given as the 6-bit signed value placed in bits 17:12. */
    public static int c_lui(int rd, int imm6) { check(imm6, -32, 31, "imm"); return ci(3, rd, imm6, 1); }

    /** c.addi16sp nzimm: 011 nzimm[9] 00010 nzimm[4|6|8:7|5] 01. */
    public static int c_addi16sp(int imm) {
        return 3 << 13 | bit(imm, 9) << 12 | 2 << 7 | bit(imm, 4) << 6 | bit(imm, 6) << 5 | bits(imm, 8, 7) << 3
            | bit(imm, 5) << 2 | 1;
    }

    private static int cb(int f2, int rs1p, long imm) {
        return 4 << 13 | bit(imm, 5) << 12 | f2 << 10 | cr(rs1p) << 7 | bits(imm, 4, 0) << 2 | 1;
    }

    public static int c_srli(int rdp, int sh) { return cb(0, rdp, sh); }
    public static int c_srai(int rdp, int sh) { return cb(1, rdp, sh); }
    public static int c_andi(int rdp, int imm) { return cb(2, rdp, imm); }

    /** c.sub/xor/or/and (w = false) and c.subw/addw (w = true): 100 w 11 rs1' funct2 rs2' 01. */
    private static int ca(boolean w, int f2, int rdp, int rs2p) {
        return 4 << 13 | (w ? 1 : 0) << 12 | 3 << 10 | cr(rdp) << 7 | f2 << 5 | cr(rs2p) << 2 | 1;
    }

    public static int c_sub(int rdp, int rs2p) { return ca(false, 0, rdp, rs2p); }
    public static int c_xor(int rdp, int rs2p) { return ca(false, 1, rdp, rs2p); }
    public static int c_or(int rdp, int rs2p) { return ca(false, 2, rdp, rs2p); }
    public static int c_and(int rdp, int rs2p) { return ca(false, 3, rdp, rs2p); }
    public static int c_subw(int rdp, int rs2p) { return ca(true, 0, rdp, rs2p); }
    public static int c_addw(int rdp, int rs2p) { return ca(true, 1, rdp, rs2p); }

    /** c.j offset: 101 imm[11|4|9:8|10|6|7|3:1|5] 01. */
    public static int c_j(int off) {
        check(off, -2048, 2046, "c.j offset");
        return 5 << 13 | bit(off, 11) << 12 | bit(off, 4) << 11 | bits(off, 9, 8) << 9 | bit(off, 10) << 8
            | bit(off, 6) << 7 | bit(off, 7) << 6 | bits(off, 3, 1) << 3 | bit(off, 5) << 2 | 1;
    }

    /** c.beqz/c.bnez rs1', offset: 11x imm[8|4:3] rs1' imm[7:6|2:1|5] 01. */
    private static int cbranch(int f3, int rs1p, int off) {
        check(off, -256, 254, "c.b offset");
        return f3 << 13 | bit(off, 8) << 12 | bits(off, 4, 3) << 10 | cr(rs1p) << 7 | bits(off, 7, 6) << 5
            | bits(off, 2, 1) << 3 | bit(off, 5) << 2 | 1;
    }

    public static int c_beqz(int rs1p, int off) { return cbranch(6, rs1p, off); }
    public static int c_bnez(int rs1p, int off) { return cbranch(7, rs1p, off); }

    public static int c_slli(int rd, int sh) { return ci(0, rd, sh, 2); }

    /** c.lwsp rd, uimm(sp): 010 uimm[5] rd uimm[4:2|7:6] 10. */
    public static int c_lwsp(int rd, int uimm) {
        return 2 << 13 | bit(uimm, 5) << 12 | reg(rd) << 7 | bits(uimm, 4, 2) << 4 | bits(uimm, 7, 6) << 2 | 2;
    }

    /** c.ldsp rd, uimm(sp): 011 uimm[5] rd uimm[4:3|8:6] 10. */
    public static int c_ldsp(int rd, int uimm) {
        return 3 << 13 | bit(uimm, 5) << 12 | reg(rd) << 7 | bits(uimm, 4, 3) << 5 | bits(uimm, 8, 6) << 2 | 2;
    }

    /** c.swsp rs2, uimm(sp): 110 uimm[5:2|7:6] rs2 10. */
    public static int c_swsp(int rs2, int uimm) {
        return 6 << 13 | bits(uimm, 5, 2) << 9 | bits(uimm, 7, 6) << 7 | reg(rs2) << 2 | 2;
    }

    /** c.sdsp rs2, uimm(sp): 111 uimm[5:3|8:6] rs2 10. */
    public static int c_sdsp(int rs2, int uimm) {
        return 7 << 13 | bits(uimm, 5, 3) << 10 | bits(uimm, 8, 6) << 7 | reg(rs2) << 2 | 2;
    }

    private static int cr4(int bit12, int rd, int rs2) { return 4 << 13 | bit12 << 12 | reg(rd) << 7 | reg(rs2) << 2 | 2; }

    public static int c_jr(int rs1) { return cr4(0, rs1, 0); }
    public static int c_mv(int rd, int rs2) { return cr4(0, rd, rs2); }
    public static int c_ebreak() { return cr4(1, 0, 0); }
    public static int c_jalr(int rs1) { return cr4(1, rs1, 0); }
    public static int c_add(int rd, int rs2) { return cr4(1, rd, rs2); }
    public static int c_nop() { return c_addi(0, 0); }
}
