package dev.vmlab.hart;

/**
 * A synchronous exception raised while executing an instruction. Thrown out of the memory
 * and CSR paths and caught by the engine's loop, which then takes the trap. Carries the
 * payload the spec assigns to the cause ({@code tval}). No stack trace: this is control flow.
 */
public final class Trap extends RuntimeException {
    public final int cause;
    public final long tval;

    public Trap(int cause, long tval) {
        super(null, null, false, false);
        this.cause = cause;
        this.tval = tval;
    }

    @Override
    public String getMessage() {
        return Cause.name(false, cause) + " (tval=0x" + Long.toHexString(tval) + ")";
    }
}
