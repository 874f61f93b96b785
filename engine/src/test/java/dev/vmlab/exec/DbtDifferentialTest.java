package dev.vmlab.exec;

import static dev.vmlab.testing.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmlab.device.Console;
import dev.vmlab.hart.Hart;
import dev.vmlab.machine.Machine;
import dev.vmlab.machine.MachineConfig;
import dev.vmlab.machine.MachineConfig.EngineKind;
import dev.vmlab.machine.StopReason;
import dev.vmlab.machine.VirtBoard;
import dev.vmlab.testing.Asm;
import dev.vmlab.testing.TestMachines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interpreter and the dbt engine run the same programs to the same architectural state:
 * registers, pc, privilege, trap CSRs, retired count, trap counts, console output and RAM.
 * Programs: every ELF under samples/, the C guests (when a RISC-V gcc is installed), and
 * random instruction sequences from a fixed seed, looped so their blocks get translated.
 */
class DbtDifferentialTest {
    static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();

    @TempDir
    static Path dir;

    /** Everything the guest can observe, rendered so a difference shows as a readable diff. */
    static String state(Machine m, StopReason why, String out) {
        Hart h = m.hart;
        StringBuilder s = new StringBuilder();
        s.append("stop=").append(why).append(" status=").append(m.exitStatus()).append('\n');
        s.append("pc=").append(Long.toHexString(h.pc)).append(" priv=").append(h.priv)
            .append(" retired=").append(h.retired).append(" idle=").append(h.idle).append('\n');
        for (int r = 0; r < 32; r++) s.append("x").append(r).append('=').append(Long.toHexString(h.x[r])).append(r % 4 == 3 ? "\n" : " ");
        s.append("mstatus=").append(Long.toHexString(h.mstatus)).append(" mcause=").append(Long.toHexString(h.mcause))
            .append(" mepc=").append(Long.toHexString(h.mepc)).append(" mtval=").append(Long.toHexString(h.mtval))
            .append(" scause=").append(Long.toHexString(h.scause)).append(" sepc=").append(Long.toHexString(h.sepc))
            .append(" stval=").append(Long.toHexString(h.stval)).append(" satp=").append(Long.toHexString(h.satp))
            .append(" mip=").append(Long.toHexString(h.mip())).append(" mie=").append(Long.toHexString(h.mie))
            .append(" reservation=").append(h.reservation).append('\n');
        s.append("exceptions=").append(Arrays.toString(m.exceptionCounts)).append('\n');
        s.append("interrupts=").append(Arrays.toString(m.interruptCounts)).append('\n');
        s.append("traps=").append(h.trapsTaken).append(" mtime=").append(m.mtime()).append('\n');
        CRC32 crc = new CRC32();
        crc.update(m.memory.ram);
        s.append("ram crc32=").append(Long.toHexString(crc.getValue())).append('\n');
        s.append("console:\n").append(out);
        return s.toString();
    }

    static final class Capture implements Console {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        @Override public void write(int b) { out.write(b); }

        @Override public int read() { return -1; }

        @Override public boolean inputClosed() { return true; }

        String text() { return out.toString(StandardCharsets.UTF_8); }
    }

    /** Runs an ELF on the virt board under {@code engine}; returns its final state. */
    static String runElf(Path elf, EngineKind engine, long ram, long budget) {
        Capture console = new Capture();
        try (VirtBoard board = VirtBoard.build(MachineConfig.defaults(console).withRam(ram).withEngine(engine))) {
            board.load(elf);
            StopReason why = board.machine.run(budget);
            if (engine == EngineKind.DBT) assertDbt(board.machine);
            return state(board.machine, why, console.text());
        }
    }

    static void assertDbt(Machine m) {
        assertTrue(m.engine() instanceof DbtEngine, "the machine runs the dbt engine");
    }

    static void assertSame(String what, java.util.function.Function<EngineKind, String> run) {
        String interp = run.apply(EngineKind.INTERP);
        String dbt = run.apply(EngineKind.DBT);
        assertEquals(interp, dbt, what + ": dbt differs from interp");
    }

    // ------------------------------------------------------------------ samples and C guests

    @TestFactory
    Stream<DynamicTest> everySampleElf() throws IOException {
        List<Path> elves;
        try (Stream<Path> s = Files.walk(SAMPLES)) {
            elves = s.filter(p -> p.toString().endsWith(".elf")).sorted().toList();
        }
        assertTrue(elves.size() >= 8, "samples found: " + elves);
        // The bench programs run for billions of instructions: a budget ends them, mid-run.
        return elves.stream().map(elf -> DynamicTest.dynamicTest(SAMPLES.relativize(elf).toString(),
            () -> assertSame(elf.toString(), e -> runElf(elf, e, 128L << 20, 30_000_000))));
    }

    @TestFactory
    Stream<DynamicTest> everyCGuest() throws Exception {
        var gcc = onPath("riscv64-unknown-elf-gcc");
        org.junit.jupiter.api.Assumptions.assumeTrue(gcc.isPresent(), "riscv64-unknown-elf-gcc is not installed");
        for (String s : List.of("start.S", "guest.c", "guest.h", "link.ld", "compute.c", "idle.c", "timer.c", "traps.c")) {
            try (InputStream in = getClass().getResourceAsStream("/guests/" + s)) {
                Files.copy(in, dir.resolve(s), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String program : List.of("compute", "idle", "timer", "traps")) {
            Path elf = dir.resolve(program + ".elf");
            Process p = new ProcessBuilder(gcc.get().toString(), "-O2", "-march=rv64imac_zicsr_zifencei", "-mabi=lp64",
                "-mcmodel=medany", "-nostdlib", "-ffreestanding", "-static", "-Wl,--no-warn-rwx-segments",
                "-T", "link.ld", "start.S", "guest.c", program + ".c", "-o", elf.toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), log);
            tests.add(DynamicTest.dynamicTest(program,
                () -> assertSame(program, e -> runElf(elf, e, 16L << 20, 50_000_000))));
        }
        return tests.stream();
    }

    static java.util.Optional<Path> onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) return java.util.Optional.of(p);
        }
        return java.util.Optional.empty();
    }

    // ------------------------------------------------------------------ random programs

    private static final long CLINT = 0x0200_0000L;
    // Registers the harness keeps for itself: random instructions never write them.
    private static final int LOOP = 28, DATA = 29, BAD = 26, LINK = 27, SCRATCH = 30; // and t6 = 31

    /**
     * A random program: a loop of random instructions (every translated op, loads and stores
     * in a data page, misaligned and out-of-range accesses, forward branches and jumps,
     * illegal encodings, ecall, ebreak, counters, atomics) with a trap handler that skips the
     * faulting instruction and a timer interrupt that arrives at varying points.
     */
    static Asm randomProgram(long seed, boolean timer) {
        Random rnd = new Random(seed);
        Asm a = new Asm();
        a.mtvec("trap");
        for (int r = 1; r <= 25; r++) a.li(r, rnd.nextLong() >> rnd.nextInt(64));
        a.la(DATA, "data").addi(DATA, DATA, 2040);
        a.li(BAD, 0x10_0000_0000L - 8 + rnd.nextInt(16));
        a.li(LOOP, 120);
        if (timer) {
            a.li(SCRATCH, CLINT + 0x4000).li(T6, 57).sd(T6, 0, SCRATCH);
            a.li(T6, 1 << 7).csrw(0x304, T6);   // mie.MTIE
            a.csrrsi(ZERO, 0x300, 8);           // mstatus.MIE
        }
        a.label("loop");
        int labels = 0;
        int n = 150 + rnd.nextInt(100);
        List<String> pending = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            // Place forward targets at random later points.
            if (!pending.isEmpty() && rnd.nextInt(4) == 0) a.label(pending.remove(0));
            int rd = 1 + rnd.nextInt(25), rs1 = rnd.nextInt(30), rs2 = rnd.nextInt(30);
            int pick = rnd.nextInt(100);
            if (pick < 45) {
                alu(a, rnd, rd, rs1, rs2);
            } else if (pick < 70) {
                memory(a, rnd, rd, rs2);
            } else if (pick < 80) {
                String l = "f" + labels++;
                pending.add(l);
                switch (rnd.nextInt(7)) {
                    case 0 -> a.beq(rs1, rs2, l);
                    case 1 -> a.bne(rs1, rs2, l);
                    case 2 -> a.blt(rs1, rs2, l);
                    case 3 -> a.bge(rs1, rs2, l);
                    case 4 -> a.bltu(rs1, rs2, l);
                    case 5 -> a.bgeu(rs1, rs2, l);
                    default -> a.jal(rnd.nextBoolean() ? rd : ZERO, l);
                }
            } else if (pick < 83) {
                a.auipc(LINK, 0).jalr(rnd.nextBoolean() ? rd : ZERO, LINK, 8 + 4 * rnd.nextInt(2));
            } else if (pick < 86) {
                a.lui(rd, rnd.nextInt(1 << 20) - (1 << 19)).auipc(rd == 25 ? 24 : rd + 1, rnd.nextInt(64));
            } else if (pick < 93) {
                switch (rnd.nextInt(7)) {
                    case 0 -> a.word(0x0000_0057);            // a vector instruction: illegal here
                    case 1 -> a.ecall();
                    case 2 -> a.ebreak();
                    case 3 -> a.csrr(rd, 0xB02);               // minstret: exact mid-block counts
                    case 4 -> a.csrr(rd, 0xB00);               // mcycle
                    case 5 -> a.csrr(rd, 0x7C0);               // no such CSR: illegal
                    default -> a.fence(15, 15);
                }
            } else {
                int off = 8 * rnd.nextInt(64) - 256;
                switch (rnd.nextInt(5)) {
                    case 0 -> a.addi(SCRATCH, DATA, off).amo(AMOADD, 8, rd, rs2, SCRATCH);
                    case 1 -> a.addi(SCRATCH, DATA, off).amo(AMOSWAP, 4, rd, rs2, SCRATCH);
                    case 2 -> a.addi(SCRATCH, DATA, off).lrD(rd, SCRATCH).scD(rd == 25 ? 1 : rd + 1, rs2, SCRATCH);
                    case 3 -> a.addi(SCRATCH, DATA, off + 3).amo(AMOADD, 4, rd, rs2, SCRATCH); // misaligned
                    default -> a.amo(AMOOR, 8, rd, rs2, BAD);                                    // out of range
                }
            }
        }
        for (String l : pending) a.label(l);
        a.addi(LOOP, LOOP, -1).bne(LOOP, ZERO, "loop");
        a.halt();
        // The handler: skip the faulting instruction (all are 4 bytes); on a timer interrupt,
        // push mtimecmp forward by a varying amount instead.
        a.align(4).label("trap");
        a.csrr(T6, 0x342).blt(T6, ZERO, "irq");
        a.csrr(T6, 0x341).addi(T6, T6, 4).csrw(0x341, T6).mret();
        a.label("irq");
        a.li(SCRATCH, CLINT + 0xBFF8).ld(T6, 0, SCRATCH).addi(T6, T6, 41).add(T6, T6, LOOP);
        a.li(SCRATCH, CLINT + 0x4000).sd(T6, 0, SCRATCH).mret();
        a.align(4096).label("data");
        for (int i = 0; i < 512; i++) a.dword(rnd.nextLong());
        return a;
    }

    private static void alu(Asm a, Random rnd, int rd, int rs1, int rs2) {
        long imm = rnd.nextInt(4096) - 2048;
        switch (rnd.nextInt(40)) {
            case 0 -> a.addi(rd, rs1, imm);
            case 1 -> a.slti(rd, rs1, imm);
            case 2 -> a.sltiu(rd, rs1, imm);
            case 3 -> a.xori(rd, rs1, imm);
            case 4 -> a.ori(rd, rs1, imm);
            case 5 -> a.andi(rd, rs1, imm);
            case 6 -> a.slli(rd, rs1, rnd.nextInt(64));
            case 7 -> a.srli(rd, rs1, rnd.nextInt(64));
            case 8 -> a.srai(rd, rs1, rnd.nextInt(64));
            case 9 -> a.add(rd, rs1, rs2);
            case 10 -> a.sub(rd, rs1, rs2);
            case 11 -> a.sll(rd, rs1, rs2);
            case 12 -> a.slt(rd, rs1, rs2);
            case 13 -> a.sltu(rd, rs1, rs2);
            case 14 -> a.xor(rd, rs1, rs2);
            case 15 -> a.srl(rd, rs1, rs2);
            case 16 -> a.sra(rd, rs1, rs2);
            case 17 -> a.or(rd, rs1, rs2);
            case 18 -> a.and(rd, rs1, rs2);
            case 19 -> a.addiw(rd, rs1, imm);
            case 20 -> a.slliw(rd, rs1, rnd.nextInt(32));
            case 21 -> a.srliw(rd, rs1, rnd.nextInt(32));
            case 22 -> a.sraiw(rd, rs1, rnd.nextInt(32));
            case 23 -> a.addw(rd, rs1, rs2);
            case 24 -> a.subw(rd, rs1, rs2);
            case 25 -> a.sllw(rd, rs1, rs2);
            case 26 -> a.srlw(rd, rs1, rs2);
            case 27 -> a.sraw(rd, rs1, rs2);
            case 28 -> a.mul(rd, rs1, rs2);
            case 29 -> a.mulh(rd, rs1, rs2);
            case 30 -> a.mulhsu(rd, rs1, rs2);
            case 31 -> a.mulhu(rd, rs1, rs2);
            case 32 -> a.div(rd, rs1, rnd.nextInt(8) == 0 ? ZERO : rs2);
            case 33 -> a.divu(rd, rs1, rnd.nextInt(8) == 0 ? ZERO : rs2);
            case 34 -> a.rem(rd, rs1, rnd.nextInt(8) == 0 ? ZERO : rs2);
            case 35 -> a.remu(rd, rs1, rnd.nextInt(8) == 0 ? ZERO : rs2);
            case 36 -> a.mulw(rd, rs1, rs2);
            case 37 -> a.divw(rd, rs1, rnd.nextInt(8) == 0 ? ZERO : rs2);
            case 38 -> a.remw(rd, rs1, rs2);
            default -> { if (rnd.nextBoolean()) a.divuw(rd, rs1, rs2); else a.remuw(rd, rs1, rs2); }
        }
        if (rnd.nextInt(30) == 0) a.add(ZERO, rs1, rs2); // writes to x0 are discarded
    }

    private static void memory(Asm a, Random rnd, int rd, int rs2) {
        int where = rnd.nextInt(10);
        int base = where < 8 ? DATA : where == 8 ? BAD : 1 + rnd.nextInt(25); // in the page, unmapped, anywhere
        long off = rnd.nextInt(4096) - 2048;
        if (base == DATA && rnd.nextInt(3) != 0) off &= ~7; // mostly aligned
        switch (rnd.nextInt(11)) {
            case 0 -> a.lb(rd, off, base);
            case 1 -> a.lh(rd, off, base);
            case 2 -> a.lw(rd, off, base);
            case 3 -> a.ld(rd, off, base);
            case 4 -> a.lbu(rd, off, base);
            case 5 -> a.lhu(rd, off, base);
            case 6 -> a.lwu(rd, off, base);
            case 7 -> a.sb(rs2, off, base);
            case 8 -> a.sh(rs2, off, base);
            case 9 -> a.sw(rs2, off, base);
            default -> a.sd(rs2, off, base);
        }
    }

    static String runRandom(Asm program, EngineKind engine, long... budgets) {
        Machine m = TestMachines.load(program, TestMachines.config().withEngine(engine));
        StringBuilder s = new StringBuilder();
        for (long b : budgets) s.append(state(m, m.run(b), "")).append("----\n");
        if (engine == EngineKind.DBT) {
            assertDbt(m);
            // Some programs store over their own code so often that no block gets hot.
            if (((DbtEngine) m.engine()).blocksTranslated > 0) translatedPrograms++;
        }
        return s.toString();
    }

    private static int translatedPrograms;

    @TestFactory
    Stream<DynamicTest> randomProgramsRunIdentically() {
        int seeds = 40;
        translatedPrograms = 0;
        Stream<DynamicTest> runs = java.util.stream.LongStream.range(0, seeds).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
            Asm p = randomProgram(0x5eed_0000L + seed, seed % 2 == 1);
            // Stop at odd budgets too, so runs end inside translated blocks.
            assertSame("seed " + seed, e -> runRandom(p, e, 1_000 + seed * 37, 7_777, 13, 200_000));
        }));
        return Stream.concat(runs, Stream.of(DynamicTest.dynamicTest("most programs were translated",
            () -> assertTrue(translatedPrograms >= seeds * 3 / 4, translatedPrograms + " of " + seeds))));
    }

    @Test
    void generatedCodeStaysFarBelowTheJitLimit() {
        // The largest block: 64 stores (each sets instret, calls the MMU, checks for an exit).
        Asm a = new Asm();
        for (int i = 0; i < 64; i++) a.sd(T0, 8 * i, SP);
        Machine m = TestMachines.load(a);
        dev.vmlab.isa.Block b = m.interpreter().cache().block(a.base());
        assertEquals(64, b.insns.length);
        Translation t = new Translator().translate(b);
        assertEquals(64, t.length, "translated whole");
        assertTrue(t.classBytes < Translator.MAX_CLASS_BYTES, t.classBytes + " bytes");
    }
}
