package dev.vmlab.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vmlab.hart.Csr;
import dev.vmlab.isa.Decoder;
import dev.vmlab.isa.Disassembler;
import dev.vmlab.isa.OpTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vmlab's assembler against GNU as and ld, byte for byte. One generated source holds every
 * row of the decoder's table with several operand values each (boundary immediates, every
 * register class, every CSR name), every pseudo-instruction whose expansion is fixed
 * ({@code li} with hand-picked and random constants), and the directives that produce bytes.
 * GNU assembles it with {@code -march=rv64ima_zicsr_zifencei[_h] -mno-relax} and links it with
 * a script that lays sections out as vmlab does; then .text, .rodata and .data must be equal.
 * Skipped when the riscv64-unknown-elf binutils are not installed.
 */
class GnuAsDifferentialTest {
    private static final long BASE = 0x8000_0000L;
    private static final String LINKER_SCRIPT = """
        ENTRY(_start)
        SECTIONS {
          . = 0x80000000;
          .text : { *(.text .text.*) }
          . = ALIGN(0x1000);
          .rodata : { *(.rodata .rodata.* .srodata .srodata.*) }
          . = ALIGN(0x1000);
          .data : { *(.data .data.* .sdata .sdata.*) }
          . = ALIGN(0x1000);
          .bss : { *(.bss .bss.* .sbss .sbss.*) *(COMMON) }
        }
        """;

    private final List<String> cases = new ArrayList<>();
    private final StringBuilder src = new StringBuilder();

    /** One test case: a labelled line (or lines), so a difference can be traced to its source. */
    private void c(String text) {
        src.append("case_").append(cases.size()).append(":\n    ").append(text.replace("\n", "\n    ")).append('\n');
        cases.add(text);
    }

    @Test
    void everyFormEncodesAsGnuAsDoes(@TempDir Path dir) throws Exception {
        assumeTrue(GnuTools.available("as", "ld", "objcopy", "objdump"), "riscv64-unknown-elf binutils not installed");
        Files.writeString(dir.resolve("probe.s"), "hfence.gvma\n");
        boolean h = GnuTools.run(dir, "as", "-march=rv64ima_zicsr_zifencei_h", "-o", "probe.o", "probe.s").exitCode() == 0;

        src.append(".option norvc\n.text\n.globl _start\n_start:\n");
        rows(h);
        aliases();
        pseudos();
        constants();
        directives();
        String source = src.toString();
        Path s = dir.resolve("all.s");
        Files.writeString(s, source);

        String march = "-march=rv64ima_zicsr_zifencei" + (h ? "_h" : "");
        GnuTools.check(dir, "as", march, "-mno-relax", "-o", "all.o", "all.s");
        Files.writeString(dir.resolve("link.ld"), LINKER_SCRIPT);
        GnuTools.check(dir, "ld", "--no-relax", "-T", "link.ld", "-o", "all.elf", "all.o");

        Assembly ours = Assembler.assemble("all.s", source, Map.of());
        for (String section : List.of(".text", ".rodata", ".data")) {
            GnuTools.check(dir, "objcopy", "-O", "binary", "-j", section, "all.elf", "sec.bin");
            byte[] gnu = Files.readAllBytes(dir.resolve("sec.bin"));
            Assembly.SectionImage mine = ours.section(section);
            compare(dir, section, gnu, mine.bytes(), mine.address(), ours);
        }
        assertEquals(gnuSymbol(dir, "case_" + (cases.size() - 1)), ours.symbol("case_" + (cases.size() - 1)).orElseThrow(),
            "address of the last case");
    }

    /** What a C compiler emits (with -mcmodel=medany, as bare-metal RISC-V code is built) assembles the same. */
    @Test
    void compilerOutputAssemblesAsGnuAsDoes(@TempDir Path dir) throws Exception {
        assumeTrue(GnuTools.available("gcc", "as", "ld", "objcopy"), "riscv64-unknown-elf-gcc not installed");
        Files.writeString(dir.resolve("prog.c"), """
            static const char *msgs[] = {"hello", "world"};
            int counter = 5;
            static int table[16];
            static long wide = 0x123456789abcdefL;
            int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
            long mix(long a, long b) { return a * 0x123456789L + (b >> 3) - (a % 7) + (unsigned long) b / 11 + wide; }
            void puts_uart(const char *s) { while (*s) { *(volatile char *) 0x10000000 = *s++; } }
            int sum(void) { int s = 0; for (int i = 0; i < 16; i++) { table[i] = i * counter; s += table[i]; } return s; }
            int pick(int k) { switch (k) { case 0: return 3; case 1: return 9; case 2: return 27; case 3: return 81;
                case 4: return 243; default: return -1; } }
            void _start(void) {
                puts_uart(msgs[0]); puts_uart(msgs[1]);
                counter = fib(10) + sum() + (int) mix(3, 4) + pick(counter & 7);
                __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
                for (;;) { }
            }
            """);
        for (String opt : List.of("-O0", "-O2", "-Os")) {
            GnuTools.check(dir, "gcc", "-S", opt, "-march=rv64ima_zicsr_zifencei", "-mabi=lp64", "-mcmodel=medany",
                "-ffreestanding", "-nostdlib", "-o", "prog.s", "prog.c");
            GnuTools.check(dir, "as", "-march=rv64ima_zicsr_zifencei", "-mno-relax", "-o", "all.o", "prog.s");
            Files.writeString(dir.resolve("link.ld"), LINKER_SCRIPT);
            GnuTools.check(dir, "ld", "--no-relax", "-T", "link.ld", "-o", "all.elf", "all.o");
            Assembly ours = Assembler.assemble(dir.resolve("prog.s"), Map.of());
            for (String section : List.of(".text", ".rodata", ".data")) {
                GnuTools.check(dir, "objcopy", "-O", "binary", "-j", section, "all.elf", "sec.bin");
                Assembly.SectionImage mine = ours.section(section);
                compare(dir, opt + " " + section, Files.readAllBytes(dir.resolve("sec.bin")), mine.bytes(), mine.address(), ours);
            }
        }
    }

    private void compare(Path dir, String section, byte[] gnu, byte[] mine, long address, Assembly ours) throws Exception {
        int n = Math.min(gnu.length, mine.length);
        for (int i = 0; i < n; i += 4) {
            int g = word(gnu, i), m = word(mine, i);
            if (g == m) continue;
            long at = address + i;
            String where = caseAt(ours, at);
            Map<Long, String> gnuDis = objdump(dir);
            String ourDis = new Disassembler(Csr::name).format(Decoder.decode32(m), at);
            fail(String.format("%s differs at 0x%x (%s):%n  GNU as: %08x  %s%n  vmlab:  %08x  %s", section, at, where, g, gnuDis.getOrDefault(at, "?"),
                m, ourDis));
        }
        assertEquals(gnu.length, mine.length, section + " size");
    }

    private static int word(byte[] b, int i) {
        int w = 0;
        for (int k = 3; k >= 0; k--) w = w << 8 | (i + k < b.length ? b[i + k] & 0xff : 0);
        return w;
    }

    /** The case whose label is the last one at or before {@code at}. */
    private String caseAt(Assembly ours, long at) {
        String best = "before the first case";
        long bestAt = Long.MIN_VALUE;
        for (Assembly.Symbol s : ours.symbols()) {
            if (s.name().startsWith("case_") && s.value() <= at && s.value() > bestAt) {
                bestAt = s.value();
                int k = Integer.parseInt(s.name().substring(5));
                best = "case " + k + ": `" + cases.get(k).replace("\n", "; ") + "`";
            }
        }
        return best;
    }

    private static Map<Long, String> objdump(Path dir) throws Exception {
        Map<Long, String> out = new HashMap<>();
        for (String line : GnuTools.check(dir, "objdump", "-d", "-M", "no-aliases", "all.elf").out().split("\n")) {
            String[] p = line.trim().split("\t");
            if (p.length >= 3 && p[0].endsWith(":")) {
                try {
                    out.put(Long.parseLong(p[0].substring(0, p[0].length() - 1), 16), p[2] + (p.length > 3 ? " " + p[3] : ""));
                } catch (NumberFormatException e) {
                    // not an instruction line
                }
            }
        }
        return out;
    }

    private static long gnuSymbol(Path dir, String name) throws Exception {
        for (String line : GnuTools.check(dir, "objdump", "-t", "all.elf").out().split("\n")) {
            String[] p = line.trim().split("\\s+");
            if (p.length > 1 && p[p.length - 1].equals(name)) return Long.parseUnsignedLong(p[0], 16);
        }
        throw new AssertionError("GNU output has no symbol " + name);
    }

    // ---- the cases ----

    private static final String[] REGS = {"a0, a1, a2", "zero, ra, t6", "s11, t3, sp", "x31, x0, x15", "fp, gp, tp"};
    private static final long[] IMM12 = {0, 1, -1, 2047, -2048, 0x555, -0x556};

    private void rows(boolean h) {
        for (OpTable.Row r : OpTable.rows()) {
            String m = r.mnemonic();
            if (!h && (m.startsWith("hfence") || m.startsWith("hlv") || m.startsWith("hsv"))) continue;
            switch (r.format()) {
                case R -> { for (String regs : REGS) c(m + " " + regs); }
                case I -> { for (long v : IMM12) c(m + " t0, s1, " + v); }
                case SHIFT -> {
                    int max = m.endsWith("w") ? 31 : 63;
                    for (long v : new long[] {0, 1, 31, max}) c(m + " a5, a6, " + v);
                }
                case LOAD -> {
                    for (long v : IMM12) c(m + " a0, " + v + "(sp)");
                    c(m + " t6, (s0)");
                }
                case STORE -> {
                    for (long v : IMM12) c(m + " a0, " + v + "(sp)");
                    c(m + " t6, (s0)");
                }
                case BRANCH -> {
                    for (String t : new String[] {".", ".+4094", ".-4096", ".+2", ".-2"}) c(m + " a0, a1, " + t);
                    c(m + " zero, t6, 1f\n1: nop");
                }
                case U -> {
                    for (String v : new String[] {"0", "1", "0xfffff", "0x80000", "0x12345", "%hi(K32)", "%pcrel_hi(msg)"}) {
                        c(m + " a3, " + v);
                    }
                }
                case JUMP -> {
                    for (String t : new String[] {".", ".+1048574", ".-1048576", ".+2048"}) c(m + " s2, " + t);
                    c(m + " .+8");
                }
                case JALR -> {
                    for (String f : new String[] {"a0", "8(a1)", "a2, 16", "t0, t1", "t0, -2048(t1)", "t0, t1, 2047", "(a3)"}) {
                        c(m + " " + f);
                    }
                }
                case CSR -> {
                    c(m + " a0, mstatus, a1");
                    c(m + " zero, 0x7c0, t6");
                    c(m + " t0, 4095, zero");
                }
                case CSRI -> {
                    for (long v : new long[] {0, 1, 17, 31}) c(m + " a0, sie, " + v);
                }
                case AMO -> {
                    for (String o : new String[] {"", ".aq", ".rl", ".aqrl"}) c(m + o + " a0, a1, (a2)");
                    c(m + " t6, zero, 0(s1)");
                }
                case LR -> {
                    for (String o : new String[] {"", ".aq", ".rl", ".aqrl"}) c(m + o + " a0, (a2)");
                    c(m + " t6, 0(s1)");
                }
                case FENCE -> {
                    for (String f : new String[] {"iorw, iorw", "rw, w", "r, r", "i, o", "io, rw", "w, ior"}) c(m + " " + f);
                    c(m);
                }
                case NONE -> c(m);
                case SFENCE -> {
                    c(m + " a0, a1");
                    c(m + " t6");
                    c(m);
                }
                case HLV -> {
                    c(m + " a0, (a1)");
                    c(m + " t6, 0(s0)");
                }
                case HSV -> {
                    c(m + " a0, (a1)");
                    c(m + " t6, 0(s0)");
                }
            }
        }
        for (String name : new TreeMap<>(Csr.names()).values()) c("csrrs a0, " + name + ", zero");
    }

    private void aliases() {
        for (String m : new String[] {"add", "and", "or", "xor", "slt", "sltu", "addw"}) c(m + " a0, a1, -7");
        for (String m : new String[] {"sll", "srl", "sra"}) c(m + " a0, a1, 33");
        for (String m : new String[] {"sllw", "srlw", "sraw"}) c(m + " a0, a1, 17");
        for (String m : new String[] {"csrrw", "csrrs", "csrrc"}) c(m + " a0, mscratch, 9");
    }

    private void pseudos() {
        for (String p : new String[] {"nop", "ret", "unimp", "fence.tso", "rdcycle a0", "rdtime t1", "rdinstret s3",
            "mv a0, a1", "not t0, t1", "neg s0, s1", "negw a2, a3", "sext.w a4, a5", "zext.b a6, a7", "seqz t3, t4",
            "snez t5, t6", "sltz s2, s3", "sgtz s4, s5", "sgt a0, a1, a2", "sgtu a0, a1, a2",
            "csrr a0, mepc", "csrw mepc, a0", "csrs mie, t0", "csrc mip, t1", "csrw sscratch, 5", "csrs sie, 2",
            "csrc sip, 31", "csrwi stvec, 0", "csrsi sstatus, 2", "csrci mstatus, 8", "jr ra", "jr 4(t0)", "jr t1, -4",
            "jalr s0", "j .+16", "j .-2048", "jal .+1024",
            "la a0, msg", "lla a1, msg", "la t0, value", "la t1, _start", "la t2, end_of_text", "lla s1, table+8",
            "call target", "call t0, target", "tail target", "call .+0x7ff0",
            "beqz a0, .+8", "bnez a1, .-8", "blez a2, .+16", "bgez a3, .", "bltz a4, .+4094", "bgtz a5, .-4096",
            "bgt a0, a1, .+12", "ble a0, a1, .+12", "bgtu t0, t1, .-12", "bleu t0, t1, .-12",
            "1: auipc a0, %pcrel_hi(msg)\naddi a0, a0, %pcrel_lo(1b)",
            "2: auipc a1, %pcrel_hi(value)\nld a1, %pcrel_lo(2b)(a1)",
            "3: auipc a2, %pcrel_hi(value+16)\nsd a3, %pcrel_lo(3b)(a2)",
            "lui a0, %hi(K32)\naddi a0, a0, %lo(K32)", "lui a1, %hi(-0x12345)\nsw a2, %lo(-0x12345)(a1)",
            "ld a0, value", "lbu t0, msg+3", "lwu a1, table", "sd a2, value, t1", "sb zero, value+7, a3", "sh t6, value, s0"}) {
            c(p);
        }
        c("target: ret");
    }

    private void constants() {
        long[] fixed = {0, 1, -1, 2047, -2048, 2048, -2049, 4095, 4096, 0x7ff, 0x800, 0x7ffff800L, 0x7fffffffL,
            0x7ffff7ffL, -0x80000000L, -0x7ffff800L, 0x7ff_ffff, 0x8000_0000L, 0xffff_ffffL, 0x1_0000_0000L, 0xffff_ffff_ffffL,
            0x1234_5678_9abc_def0L, 0x8000_0000_0000_0000L, 0x7fff_ffff_ffff_ffffL, 0xffff_ffff_8000_0000L,
            0x0000_0fff_ffff_f800L, 0x8000_0000_0000_0001L, 0xdead_beefL, 0xcafe_babe_dead_beefL, 1L << 32, 1L << 44,
            (1L << 63) >> 20, 0x0800_0000_0000_0800L, 0x5555_5555_5555_5555L, 0xaaaa_aaaa_aaaa_aaaaL, 0x8000_0800L};
        for (long v : fixed) c("li a0, " + v);
        Random random = new Random(20240603);
        for (int i = 0; i < 300; i++) {
            long v = switch (i % 6) {
                case 0 -> random.nextLong();
                case 1 -> random.nextLong() >> random.nextInt(64);
                case 2 -> random.nextLong() & (-1L << random.nextInt(64));
                case 3 -> 1L << random.nextInt(64) | (random.nextBoolean() ? 0xfff : 0x800);
                case 4 -> (long) random.nextInt();
                default -> ~(random.nextLong() >>> random.nextInt(64));
            };
            c("li t" + (i % 7) + ", " + v);
        }
        src.append(".equ K32, 0x12345fff\n");
    }

    private void directives() {
        c(".byte 1\n.align 3\nnop");
        c(".half 0x1234\n.balign 16\nnop");
        c(".byte 1, 2, 3, 4, 5\n.p2align 3\nnop");
        c(".byte 1, 2\n.balign 8, 0xcc\nnop");
        c(".macro twice insn:vararg\n\\insn\n\\insn\n.endm\ntwice addi a0, a0, 1");
        c(".rept 3\nxori a1, a1, 5\n.endr");
        c(".irp r, a0, a1, t2\nsd \\r, 0(sp)\n.endr");
        c(".if 4 + 2 & 3 == 6\nli a0, 1\n.else\nli a0, 2\n.endif");
        c("li a0, (1 << 12) | 0x34 - 2 * 3 % 5 >> 1");
        c("li a0, -16 >> 60");
        c("li a0, 'A + '\\n'");
        c("end_of_text: nop");
        src.append(".section .rodata\nmsg: .asciz \"hello, world\\n\\t\\\\ \\\"x\\\"\"\n.string \"two\", \"strings\"\n");
        src.append(".ascii \"abc\"\n.balign 8\ntable: .dword 1, -1, msg, msg+3, . - msg\n.byte 255, -128\n.half 0xffff, -1\n");
        src.append(".word 0xdeadbeef, -2147483648\n.fill 3, 2, 0x1234\n.zero 5\n.space 3, 0xee\n");
        src.append(".data\n.align 4\nvalue: .dword 0x1122334455667788, value, target\n.word case_0 - _start\n");
        src.append(".byte 'a', 'b', 'c'\n.align 3\n.8byte 7\n.2byte 9\n.4byte 10\n.quad 11\n.short 12\n.long 13\n");
        src.append(".bss\nbuffer: .zero 4096\n");
    }
}
