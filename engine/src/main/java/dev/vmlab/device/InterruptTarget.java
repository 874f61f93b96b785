package dev.vmlab.device;

/**
 * A hart as seen by the interrupt controllers: the CLINT drives MSIP and MTIP, the PLIC
 * drives MEIP (context 2*hart) and SEIP (context 2*hart+1).
 */
public interface InterruptTarget {
    int MSIP = 3, MTIP = 7, MEIP = 11, SEIP = 9;

    /** Sets or clears the hardware-driven pending bit {@code bit} of mip. */
    void setPending(int bit, boolean level);
}
