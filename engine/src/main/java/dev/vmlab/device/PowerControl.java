package dev.vmlab.device;

/** What the test finisher (and HTIF) can ask of the board. */
public interface PowerControl {
    /** The guest reports success ({@code code == 0}) or failure with {@code code}, and stops. */
    void powerOff(int code);

    /** The guest asks for a reset of the whole machine. */
    void reset();
}
