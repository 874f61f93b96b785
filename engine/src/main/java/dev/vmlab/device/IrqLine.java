package dev.vmlab.device;

/** A level-triggered interrupt wire from a device to an interrupt controller. */
@FunctionalInterface
public interface IrqLine {
    void set(boolean level);

    IrqLine NONE = level -> {};
}
