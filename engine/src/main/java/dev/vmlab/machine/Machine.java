package dev.vmlab.machine;

import dev.vmlab.device.Clint;
import dev.vmlab.device.Device;
import dev.vmlab.device.PowerControl;
import dev.vmlab.exec.Breakpoints;
import dev.vmlab.exec.DbtEngine;
import dev.vmlab.exec.Engine;
import dev.vmlab.exec.Interpreter;
import dev.vmlab.hart.Hart;
import dev.vmlab.mem.Mmu;
import dev.vmlab.mem.PhysicalMemory;
import dev.vmlab.trace.TraceEvent;
import dev.vmlab.trace.Tracer;

import java.util.ArrayList;
import java.util.List;

/**
 * One hart, its memory and its devices, and the loop that runs them: between stretches of
 * execution it advances timers, polls devices at deterministic points, and takes interrupts.
 * {@link VirtBoard} assembles the devices of QEMU's virt layout on top of this.
 */
public final class Machine implements PowerControl {
    public static final long CLINT_BASE = 0x0200_0000L;
    /** Consecutive traps with no instruction retired after which a run stops as a trap loop. */
    public static final int TRAP_LOOP_LIMIT = 100_000;
    private int trapsWithoutProgress;
    /** Devices sample host input every this many retired instructions. */
    static final long POLL_INTERVAL = 4096;

    public final MachineConfig config;
    public final PhysicalMemory memory;
    public final Hart hart;
    public final Mmu mmu;
    public final Clint clint;
    private final Timebase timebase;
    private Engine engine;
    private final List<Device> devices = new ArrayList<>();
    private final List<Runnable> resetActions = new ArrayList<>();

    private StopReason stop;
    private int exitStatus;
    private volatile boolean userInterrupt;
    /** A breakpoint or trap stop asked the current run to end (set from inside the run). */
    private boolean debugStop;
    private Breakpoints breakpoints;
    private TrapStop trapStop;
    private long nextPoll;
    private boolean resetRequested;
    /** Where {@link #boot} last started the hart, for a guest-requested reset. */
    private long bootEntry, bootA1;

    /** Decides, for a debugger, whether the run stops right after a trap is taken. */
    @FunctionalInterface
    public interface TrapStop {
        boolean stopAfter(boolean interrupt, int cause);
    }

    /** Traps taken, by cause: exceptions and interrupts (the hart's own counters). */
    public final long[] exceptionCounts, interruptCounts;

    public Machine(MachineConfig config) {
        this.config = config;
        this.memory = new PhysicalMemory(MachineConfig.RAM_BASE, config.ramSize());
        this.hart = new Hart(config.vm(), 0);
        this.exceptionCounts = hart.exceptionsTaken;
        this.interruptCounts = hart.interruptsTaken;
        this.timebase = new Timebase(hart, config.realtime());
        this.mmu = new Mmu(hart, memory, config.tlbEntries());
        this.engine = config.engine() == MachineConfig.EngineKind.DBT
            ? new DbtEngine(hart, mmu, memory) : new Interpreter(hart, mmu, memory);
        this.clint = new Clint(timebase, hart);
        map(CLINT_BASE, clint);
        hart.setListener(new Hart.Listener() {
            @Override public void translationChanged(boolean flush) {
                mmu.contextChanged(flush);
                engine.translationChanged();
            }

            @Override public void interruptsChanged() { engine.requestExit(); }

            @Override public long mtime() { return timebase.mtime(); }

            @Override public void trapTaken(boolean interrupt, int cause) {
                if (trapStop != null && trapStop.stopAfter(interrupt, cause)) {
                    debugStop = true;
                    engine.requestExit();
                }
            }
        });
        // Code was overwritten: forget cached translations and leave the running block, so the
        // very next instruction is fetched anew (the store may have rewritten it).
        memory.onCodeDropped(() -> {
            engine.translationChanged();
            engine.requestExit();
        });
        mmu.setMmioHook((region, pa, size, write, value) -> {
            Tracer t = hart.tracer;
            if (t.mmio) {
                t.emit(new TraceEvent.Mmio(hart.vm, hart.hartId, hart.retired, hart.pc, region.device().name(), pa,
                    pa - region.base(), size, write, value));
            }
        });
    }

    public Engine engine() { return engine; }

    /** The interpreter: the engine itself, or the one the dbt engine falls back to. */
    public Interpreter interpreter() {
        return engine instanceof DbtEngine d ? d.interpreter() : (Interpreter) engine;
    }

    /** Maps a device window and includes the device in polling and reset. */
    public void map(long base, Device d) {
        memory.map(base, d.size(), d);
        devices.add(d);
    }

    /** Something to redo on a guest-requested reset (reloading the image, for example). */
    public void onReset(Runnable r) { resetActions.add(r); }

    public void setTracer(Tracer t) {
        hart.tracer = t;
    }

    public long mtime() { return timebase.mtime(); }

    /** Puts the hart at {@code entry} in M-mode with a0 = hartid and a1 = {@code a1} (the device tree). */
    public void boot(long entry, long a1) {
        bootEntry = entry;
        bootA1 = a1;
        hart.reset(entry);
        hart.x[10] = hart.hartId;
        hart.x[11] = a1;
    }

    // ---------------------------------------------------------------- PowerControl

    @Override
    public void powerOff(int code) {
        stop = code == 0 ? StopReason.PASS : StopReason.FAIL;
        exitStatus = code;
        engine.requestExit();
    }

    @Override
    public void reset() {
        // Requested from inside a store to the finisher: carried out at the instruction boundary.
        resetRequested = true;
        engine.requestExit();
    }

    private void doReset() {
        resetRequested = false;
        for (Device d : devices) d.reset();
        memory.dropAllCode();
        timebase.reset();
        if (resetActions.isEmpty()) boot(bootEntry, bootA1);
        for (Runnable r : resetActions) r.run();
    }

    /** Asks a running {@link #run} to stop at an instruction boundary (Ctrl-C). Thread-safe. */
    public void interrupt() {
        userInterrupt = true;
        // From the simulation thread (a device, a breakpoint) this stops before the next
        // instruction; from another thread (Ctrl-C) the engine sees it by its next poll at the latest.
        engine.requestExit();
    }

    public int exitStatus() { return exitStatus; }

    // ---------------------------------------------------------------- debugging

    /**
     * Makes {@link #run} stop before executing an instruction at any of these pcs (virtual
     * addresses, as the pc holds them), returning {@link StopReason#BREAKPOINT}; empty for none.
     * A run that starts at one of them executes that instruction first.
     */
    public void setBreakpoints(java.util.Collection<Long> pcs) {
        breakpoints = pcs.isEmpty() ? null : new Breakpoints(pcs);
        engine.setBreakpoints(breakpoints, this::breakpointHit);
    }

    /** Makes {@link #run} stop right after a trap it accepts (at the handler, before its first instruction); null for none. */
    public void setTrapStop(TrapStop stop) { trapStop = stop; }

    private void breakpointHit() { debugStop = true; }

    // ---------------------------------------------------------------- the run loop

    /**
     * Runs until the guest stops, {@code maxInsns} more instructions have retired (0 = no
     * budget), or the user interrupts. Returns why it stopped.
     */
    public StopReason run(long maxInsns) {
        stop = null;
        userInterrupt = false;
        debugStop = false;
        if (breakpoints != null) breakpoints.resumeFrom(hart.pc);
        long limit = maxInsns <= 0 ? Long.MAX_VALUE : hart.retired + maxInsns;
        while (true) {
            if (resetRequested) doReset();
            if (stop != null) return stop;
            if (userInterrupt) return StopReason.INTERRUPTED;
            if (debugStop) return StopReason.BREAKPOINT;
            if (hart.retired >= limit) return StopReason.INSN_LIMIT;
            service();
            int irq = hart.pendingInterrupt();
            if (irq >= 0) {
                hart.trap(true, irq, 0, hart.pc);
                if (debugStop) continue; // a debugger stops at the handler's first instruction
            }
            long retiredBefore = hart.retired, trapsBefore = hart.trapsTaken;
            engine.execute(Math.min(limit, nextEvent()));
            // A handler that itself faults (mtvec pointing at nothing, say) takes trap after trap
            // without retiring anything: the instruction budget would never end that run.
            if (hart.retired == retiredBefore && hart.trapsTaken != trapsBefore) {
                if (++trapsWithoutProgress >= TRAP_LOOP_LIMIT) return StopReason.TRAP_LOOP;
            } else {
                trapsWithoutProgress = 0;
            }
            if (engine.waitingForInterrupt()) {
                engine.clearWaiting();
                if (!idle(limit)) return stop != null ? stop : StopReason.IDLE_FOREVER;
            }
        }
    }

    /** Polls devices when due and refreshes the timer lines. */
    private void service() {
        if (hart.retired >= nextPoll || timebase.realtime()) {
            long now = timebase.mtime();
            for (Device d : devices) d.poll(now);
            if (config.console() != null) config.console().flush();
            nextPoll = hart.retired + POLL_INTERVAL;
        }
        clint.update();
    }

    /** The retired count at which the loop must look again: the next poll or timer deadline. */
    private long nextEvent() {
        long next = nextPoll;
        long deadline = timerDeadlineCycles();
        if (deadline >= 0) next = Math.min(next, Math.max(hart.retired + 1, deadline - hart.idle));
        return next;
    }

    /** Hart cycles at which the earliest armed timer (CLINT or Sstc) fires, or -1. */
    private long timerDeadlineCycles() {
        long best = timebase.cyclesAt(clint.nextDeadline());
        if ((hart.menvcfg & Hart.MENVCFG_STCE) != 0 && hart.stimecmp != -1L
                && Long.compareUnsigned(hart.stimecmp, timebase.mtime()) > 0) {
            long s = timebase.cyclesAt(hart.stimecmp);
            if (s >= 0 && (best < 0 || s < best)) best = s;
        }
        return best;
    }

    /**
     * WFI found nothing pending: advance time to the next timer deadline (deterministic), or
     * wait for host input when no timer is armed. Returns false when nothing can ever wake the hart.
     */
    private boolean idle(long limit) {
        while (!hart.wfiWake()) {
            if (stop != null || userInterrupt) return true;
            long deadline = timerDeadlineCycles();
            if (deadline >= 0) {
                hart.idle += Math.max(0, deadline - hart.cycles());
            } else if (timebase.realtime() || config.console() != null && !config.console().inputClosed()) {
                waitForHost();
            } else {
                return false;
            }
            long now = timebase.mtime();
            for (Device d : devices) d.poll(now);
            clint.update();
        }
        return true;
    }

    private void waitForHost() {
        dev.vmlab.device.Console console = config.console();
        if (console != null) console.flush();
        if (console != null && !timebase.realtime()) {
            console.awaitInput(100);
            return;
        }
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            userInterrupt = true;
        }
    }
}
