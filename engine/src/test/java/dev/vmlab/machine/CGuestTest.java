package dev.vmlab.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vmlab.device.Console;
import dev.vmlab.hart.Cause;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Freestanding C programs (src/test/resources/guests) compiled by a real RISC-V gcc and run
 * on the virt board: their console output and how they stop. Skipped when
 * {@code riscv64-unknown-elf-gcc} is not on the PATH.
 */
class CGuestTest {
    private static final String GCC = "riscv64-unknown-elf-gcc";
    private static final List<String> SOURCES = List.of("start.S", "guest.c", "guest.h", "link.ld");
    private static final long BUDGET = 50_000_000;

    private static Path gcc;

    @TempDir
    static Path dir;

    record Run(StopReason why, int status, String out, Machine machine) {
        @Override
        public String toString() {
            return why + " (status " + status + ") after " + machine.hart.retired + " instructions, output:\n" + out;
        }
    }

    @BeforeAll
    static void findCompiler() throws IOException {
        Optional<Path> found = HostTool.find(GCC);
        if (found.isEmpty()) return;
        gcc = found.get();
        for (String s : SOURCES) copyResource(s);
    }

    /** Each test reports itself skipped, not just absent, where there is no compiler. */
    @BeforeEach
    void compilerPresent() {
        assumeTrue(gcc != null, GCC + " is not installed");
    }

    private static Path copyResource(String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = CGuestTest.class.getResourceAsStream("/guests/" + name)) {
            if (in == null) throw new IOException("missing test resource guests/" + name);
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static Path compile(String program) throws IOException, InterruptedException {
        copyResource(program + ".c");
        Path elf = dir.resolve(program + ".elf");
        HostTool.Result r = HostTool.run(dir, gcc, "-O2", "-march=rv64imac_zicsr_zifencei", "-mabi=lp64",
            "-mcmodel=medany", "-nostdlib", "-ffreestanding", "-static", "-Wall", "-Wl,--no-warn-rwx-segments",
            "-T", "link.ld", "start.S", "guest.c", program + ".c", "-o", elf.toString());
        assertEquals(0, r.exitCode(), () -> GCC + " failed on " + program + ".c:\n" + r.stderr());
        return elf;
    }

    private static Run run(String program) throws IOException, InterruptedException {
        Path elf = compile(program);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Console console = new Console() {
            @Override public void write(int b) { out.write(b); }

            @Override public int read() { return -1; }

            @Override public boolean inputClosed() { return true; }
        };
        try (VirtBoard board = VirtBoard.build(MachineConfig.defaults(console).withRam(16 << 20))) {
            board.load(elf);
            StopReason why = board.machine.run(BUDGET);
            return new Run(why, board.machine.exitStatus(), out.toString(StandardCharsets.US_ASCII), board.machine);
        }
    }

    // ------------------------------------------------------------------ compute.c

    @Test
    void computeMatchesJava() throws Exception {
        Run r = run("compute");
        assertEquals(StopReason.PASS, r.why(), r::toString);
        assertEquals(0, r.status());
        List<String> want = List.of(primes(20000), crc32(), sort(), arithmetic(), "atomic 1 7 11", "done");
        assertEquals(String.join("\n", want) + "\n", r.out(), r::toString);
        long[] none = new long[16];
        assertTrue(Arrays.equals(none, r.machine().exceptionCounts) && Arrays.equals(none, r.machine().interruptCounts),
            "no traps in a straight computation");
    }

    private static String primes(int n) {
        boolean[] composite = new boolean[n + 1];
        long count = 0, sum = 0, last = 0;
        for (int i = 2; i <= n; i++) {
            if (composite[i]) continue;
            count++;
            sum += i;
            last = i;
            for (long j = (long) i * i; j <= n; j += i) composite[(int) j] = true;
        }
        return "primes " + count + " " + last + " " + sum;
    }

    private static String crc32() {
        CRC32 crc = new CRC32();
        crc.update("The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0x414FA339L, crc.getValue(), "the well-known check value");
        return "crc32 " + Long.toHexString(crc.getValue());
    }

    private static String sort() {
        int n = 1000;
        long[] data = new long[n];
        int x = 12345;
        for (int i = 0; i < n; i++) {
            x = x * 1664525 + 1013904223;
            data[i] = (x & 0xFFFF_FFFFL) >>> 8;
        }
        Arrays.sort(data);
        long weighted = 0;
        for (int i = 0; i < n; i++) weighted += data[i] * (i + 1);
        return "sort 1 " + data[0] + " " + data[n / 2] + " " + data[n - 1] + " " + weighted;
    }

    private static String arithmetic() {
        long f = 1;
        for (int i = 2; i <= 20; i++) f *= i;
        long s = -1234567890123L, d = 97;
        long big = 0xFEDCBA9876543210L;
        BigInteger b = new BigInteger(Long.toUnsignedString(big));
        String hi = b.multiply(b).shiftRight(64).toString(16);
        return "arith " + f + " " + Long.toUnsignedString(s / d) + " " + Long.toUnsignedString(s % d) + " "
            + Long.remainderUnsigned(big, 1_000_000_007L) + " " + hi;
    }

    // ------------------------------------------------------------------ traps.c

    @Test
    void trapsAreTakenAndHandledInMMode() throws Exception {
        Run r = run("traps");
        assertEquals(StopReason.PASS, r.why(), r::toString);
        // Where gcc may pick a compressed or a full-size encoding, either length is right; an
        // ebreak's mtval is zero or its pc (privileged spec, mtval).
        List<String> want = List.of(
            "ecall cause=11 tval=0 len=4",
            "ecall result=41",
            "illegal32 cause=2 tval=c0001073 len=4",
            "illegal16 cause=2 tval=0 len=2",
            "ebreak cause=3 tval=(0|800[0-9a-f]{5}) len=[24]",
            "load-fault cause=5 tval=40000000 len=[24]",
            "user-ecall cause=8 tval=0 len=4",
            "user a7=93 a0=7 mpp=0 traps=6");
        List<String> got = lines(r);
        assertEquals(want.size(), got.size(), r::toString);
        for (int i = 0; i < want.size(); i++) {
            String pattern = want.get(i);
            String line = got.get(i);
            assertTrue(line.matches(pattern), () -> "expected /" + pattern + "/ but got: " + line + "\n" + r);
        }
        long[] ex = r.machine().exceptionCounts;
        assertEquals(1, ex[Cause.ECALL_M]);
        assertEquals(2, ex[Cause.ILLEGAL_INSTRUCTION]);
        assertEquals(1, ex[Cause.BREAKPOINT]);
        assertEquals(1, ex[Cause.LOAD_ACCESS]);
        assertEquals(1, ex[Cause.ECALL_U]);
        assertEquals(6, Arrays.stream(ex).sum());
        assertEquals(0, Arrays.stream(r.machine().interruptCounts).sum());
    }

    private static List<String> lines(Run r) {
        return r.out().lines().toList();
    }

    // ------------------------------------------------------------------ timer.c

    @Test
    void timerInterruptsArriveAtTheirDeadlines() throws Exception {
        Run r = run("timer");
        assertEquals(StopReason.PASS, r.why(), r::toString);
        List<String> out = lines(r);
        assertEquals(8, out.size(), r::toString);
        long start = Long.parseLong(out.get(0).substring("start ".length()));
        List<Long> lateness = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            String[] f = out.get(i).split(" ");
            assertEquals("tick", f[0], out.get(i));
            assertEquals(i, Integer.parseInt(f[1]));
            assertEquals(start + 5000L * i, Long.parseLong(f[2]), "deadline of tick " + i);
            long late = Long.parseLong(f[3]);
            lateness.add(late);
            // The handler reads mtime a few dozen instructions after entry; 10 cycles per tick.
            assertTrue(late >= 0 && late < 20, "tick " + i + " seen " + late + " ticks late");
        }
        String[] last = out.get(7).split(" ");
        assertEquals("wfis", last[0]);
        long wfis = Long.parseLong(last[1]);
        assertTrue(wfis >= 3 && wfis <= 4, "one wfi per tick, maybe one spurious: " + wfis);
        assertTrue(Long.parseLong(last[3]) > 0, "the busy loop ran: " + out.get(7));
        assertEquals("0", last[5], "disarmed timer: MTIP clear");
        assertEquals(6, r.machine().interruptCounts[Cause.IRQ_M_TIMER]);
        assertEquals(6, Arrays.stream(r.machine().interruptCounts).sum());
        assertEquals(0, Arrays.stream(r.machine().exceptionCounts).sum());
        // Deterministic time: waiting in wfi costs idle cycles, not instructions.
        assertTrue(r.machine().hart.idle > 0, "wfi idled");
    }

    @Test
    void timerRunIsDeterministic() throws Exception {
        Run a = run("timer");
        Run b = run("timer");
        assertEquals(a.out(), b.out());
        assertEquals(a.machine().hart.retired, b.machine().hart.retired);
    }

    // ------------------------------------------------------------------ idle.c

    @Test
    void waitingForAnInterruptThatCannotComeStops() throws Exception {
        Run r = run("idle");
        assertEquals(StopReason.IDLE_FOREVER, r.why(), r::toString);
        assertEquals("waiting\n", r.out());
        assertTrue(r.machine().hart.retired < 10_000, r::toString);
    }
}
