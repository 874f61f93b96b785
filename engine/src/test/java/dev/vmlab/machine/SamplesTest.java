package dev.vmlab.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vmlab.device.Console;
import dev.vmlab.trace.TraceEvent;
import dev.vmlab.trace.TraceKind;
import dev.vmlab.trace.TraceSink;
import dev.vmlab.trace.Tracer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest programs of {@code samples/}: each one passes through the test finisher and prints
 * exactly its {@code expected.txt}, with the same transcript and instruction count on every run.
 * The committed ELF files are run as they are; the sources are also built with vmlab's own
 * assembler (see {@link #build}) and must behave exactly like the committed ELFs.
 * labos is also checked for the work it exists to give a monitor: timer interrupts, system
 * calls from U-mode, satp writes and sfence.vma, and round-robin switching.
 */
class SamplesTest {
    static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();
    static final List<String> NAMES = List.of("hello", "traps", "paging", "timer", "syscalls", "labos");
    static final long BUDGET = 10_000_000;

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ building

    /** Builds one sample from its source into {@code out} with vmlab's own assembler: the one place that knows how. */
    static Path build(Path source, Path out) throws IOException {
        java.nio.file.Files.write(out, dev.vmlab.asm.Assembler.assemble(source, java.util.Map.of()).elf());
        return out;
    }

    // ------------------------------------------------------------------ running

    /** What a run left behind: how it stopped, the console, counters, and what the trace counted. */
    record Run(StopReason why, int status, String out, long retired, long[] exceptions, long[] interrupts,
               int satpWrites, int sfences) {
        String describe() {
            return why + " (status " + status + ") after " + retired + " instructions, output:\n" + out;
        }
    }

    /** Counts satp writes and sfence.vma instructions as the trace reports them. */
    static final class Counter implements TraceSink {
        int satpWrites, sfences;

        @Override
        public void accept(TraceEvent e) {
            if (e instanceof TraceEvent.CsrWrite w && w.name().equals("satp")) {
                satpWrites++;
            } else if (e instanceof TraceEvent.Tlb t && t.op() == TraceEvent.TlbOp.FLUSH
                    && t.detail().startsWith("sfence.vma")) {
                sfences++;
            }
        }
    }

    static Run run(Path elf) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Console console = new Console() {
            @Override public void write(int b) { out.write(b); }

            @Override public int read() { return -1; }

            @Override public boolean inputClosed() { return true; }
        };
        Counter counter = new Counter();
        try (VirtBoard board = VirtBoard.build(MachineConfig.defaults(console))) {
            board.load(elf);
            board.machine.setTracer(Tracer.to(counter).kinds(EnumSet.of(TraceKind.CSR, TraceKind.TLB)).build());
            StopReason why = board.machine.run(BUDGET);
            Machine m = board.machine;
            return new Run(why, m.exitStatus(), out.toString(StandardCharsets.UTF_8), m.hart.retired,
                m.exceptionCounts.clone(), m.interruptCounts.clone(), counter.satpWrites, counter.sfences);
        }
    }

    static Path committedElf(String name) {
        return SAMPLES.resolve(name).resolve(name + ".elf");
    }

    static String expected(String name) throws IOException {
        return Files.readString(SAMPLES.resolve(name).resolve("expected.txt"), StandardCharsets.UTF_8);
    }

    static void assertPassesWithTranscript(String name, Run r) throws IOException {
        assertEquals(StopReason.PASS, r.why(), r::describe);
        assertEquals(expected(name), r.out(), name + ": the transcript differs from expected.txt");
    }

    // ------------------------------------------------------------------ every sample

    @TestFactory
    Stream<DynamicTest> committedElfPrintsItsTranscriptTheSameEveryRun() {
        return NAMES.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Run first = run(committedElf(name));
            assertPassesWithTranscript(name, first);
            Run second = run(committedElf(name));
            assertEquals(first.out(), second.out(), name + ": the transcript changed between runs");
            assertEquals(first.retired(), second.retired(), name + ": the instruction count changed between runs");
        }));
    }

    @TestFactory
    Stream<DynamicTest> sourceBuildsAndBehavesLikeTheCommittedElf() {
        return NAMES.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Path elf = build(SAMPLES.resolve(name).resolve(name + ".s"), dir.resolve(name + ".elf"));
            Run first = run(elf);
            assertPassesWithTranscript(name, first);
            Run second = run(elf);
            assertEquals(first.out(), second.out(), name + ": the transcript changed between runs");
            assertEquals(first.retired(), second.retired(), name + ": the instruction count changed between runs");
            assertEquals(run(committedElf(name)).retired(), first.retired(),
                name + ": the committed " + name + ".elf is stale; rebuild it with samples/build.sh");
        }));
    }

    // ------------------------------------------------------------------ what each sample is about

    @Test
    void trapsTakesEcallIllegalInstructionAndBreakpointInMachineMode() {
        Run r = run(committedElf("traps"));
        assertEquals(1, r.exceptions()[11], "ecall from M-mode");
        assertEquals(1, r.exceptions()[2], "illegal instruction");
        assertEquals(1, r.exceptions()[3], "breakpoint");
    }

    @Test
    void pagingFaultsOnceForAStoreAndOnceForALoad() {
        Run r = run(committedElf("paging"));
        assertEquals(1, r.exceptions()[15], "store page fault");
        assertEquals(1, r.exceptions()[13], "load page fault");
        assertTrue(r.satpWrites() >= 1 && r.sfences() >= 3, r.satpWrites() + " satp writes, " + r.sfences() + " sfences");
    }

    @Test
    void timerTakesFiveMachineTimerInterrupts() {
        assertEquals(5, run(committedElf("timer")).interrupts()[7]);
    }

    @Test
    void syscallsComeFromUserMode() {
        assertEquals(6, run(committedElf("syscalls")).exceptions()[8]);
    }

    // ------------------------------------------------------------------ labos

    @Test
    void labosCommittedElfDoesTheWorkOfAKernel() {
        assertKernelWork(run(committedElf("labos")));
    }

    @Test
    void labosFromSourceDoesTheWorkOfAKernel() throws Exception {
        assertKernelWork(run(build(SAMPLES.resolve("labos").resolve("labos.s"), dir.resolve("labos.elf"))));
    }

    private static void assertKernelWork(Run r) {
        assertEquals(StopReason.PASS, r.why(), r::describe);
        assertTrue(r.interrupts()[7] > 0, "machine timer interrupts (taken by the M-mode firmware)");
        assertEquals(r.interrupts()[7], r.interrupts()[5], "each machine tick forwarded as a supervisor timer interrupt");
        assertTrue(r.exceptions()[8] > 0, "system calls: ecall from U-mode");
        assertTrue(r.exceptions()[9] > 0, "SBI calls: ecall from S-mode");
        assertEquals(0, r.exceptions()[12] + r.exceptions()[13] + r.exceptions()[15], "no page faults");
        // satp: cleared by M-mode, set to the kernel's tree, once per switch between processes,
        // and back to the kernel's tree at the end. Every change is followed by sfence.vma.
        assertTrue(r.satpWrites() >= 5, r.satpWrites() + " satp writes");
        assertTrue(r.sfences() >= r.satpWrites() - 1, r.sfences() + " sfence.vma for " + r.satpWrites() + " satp writes");
        assertTrue(r.out().contains("labos: all processes have exited"), r::describe);

        // Round robin: the two programs' lines alternate at least twice (ping, pong, ping, pong).
        List<Character> order = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (line.startsWith("ping:")) order.add('i');
            if (line.startsWith("pong:")) order.add('o');
        }
        int alternations = 0;
        for (int i = 1; i < order.size(); i++) {
            if (!order.get(i).equals(order.get(i - 1))) alternations++;
        }
        assertTrue(alternations >= 4, "ping and pong interleave: " + order + "\n" + r.out());
    }

    @Test
    void labosExitStatusIsZeroWhenBothProgramsExitWithZero() {
        Run r = run(committedElf("labos"));
        assertEquals(0, r.status(), r::describe);
        assertArrayEquals(new String[] {"labos: powering off with status 0"},
            r.out().lines().filter(l -> l.startsWith("labos: powering off")).toArray(String[]::new));
    }
}
