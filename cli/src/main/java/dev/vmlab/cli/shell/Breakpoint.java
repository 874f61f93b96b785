package dev.vmlab.cli.shell;

import dev.vmlab.hart.Cause;

/**
 * A numbered stop condition. Conditions are a closed family so each kind is handled
 * everywhere it must be (arming, listing, reporting); VM-exit and hypercall conditions join
 * it when the monitors that raise those events exist.
 */
final class Breakpoint {
    sealed interface Condition permits AtPc, OnTrap {}

    /** Stop before the instruction at this virtual address executes. */
    record AtPc(long pc) implements Condition {}

    /**
     * Stop right after a trap is taken, before the handler's first instruction: any trap when
     * {@code cause} is -1, otherwise that exception or interrupt code.
     */
    record OnTrap(boolean interrupt, int cause, String id) implements Condition {
        static final OnTrap ANY = new OnTrap(false, -1, "any");

        boolean matches(boolean irq, int code) {
            return cause < 0 || (irq == interrupt && code == cause);
        }

        String describe() {
            return cause < 0 ? "any trap" : Cause.name(interrupt, cause);
        }
    }

    final int id;
    final Condition condition;
    long hits;

    Breakpoint(int id, Condition condition) {
        this.id = id;
        this.condition = condition;
    }

    String kind() {
        return condition instanceof AtPc ? "pc" : "trap";
    }
}
