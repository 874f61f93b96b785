package dev.vmlab.exec;

/**
 * How the simulator executes guest instructions on the JVM. An engine never changes what the
 * guest sees, only how fast it runs: interrupts, timers and devices are serviced by the
 * machine between calls to {@link #execute(long)}.
 */
public interface Engine {
    /**
     * Runs instructions until the hart's retired count reaches {@code until}, the hart waits
     * for an interrupt, or {@link #requestExit()} is called (by a CSR write that may enable an
     * interrupt, a device, or the user).
     */
    void execute(long until);

    /** Makes {@link #execute} return before the next instruction. */
    void requestExit();

    /** True after a WFI that found nothing to wake it: the machine must advance time. */
    boolean waitingForInterrupt();

    void clearWaiting();

    /** Translation state changed: drop any cached fetch translation. */
    void translationChanged();

    /**
     * Stops {@link #execute} before any instruction at these pcs (null: none), and calls
     * {@code onHit} when it does. Engines must honour this even inside a block.
     */
    void setBreakpoints(Breakpoints breakpoints, Runnable onHit);

    String name();
}
