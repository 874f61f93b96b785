package dev.vmlab.device;

/**
 * What a DMA-capable device may touch: guest-physical RAM, and nothing else. Every method
 * checks bounds and returns {@code false} when the range is not wholly inside RAM, so a
 * device driven by a hostile guest can never reach memory the VM was not given.
 */
public interface GuestMemory {
    boolean read(long guestPhysical, byte[] dst, int off, int len);

    boolean write(long guestPhysical, byte[] src, int off, int len);

    /** Little-endian load of 1, 2, 4 or 8 bytes; throws {@link BusFault} outside RAM. */
    long load(long guestPhysical, int size);

    /** Little-endian store of 1, 2, 4 or 8 bytes; throws {@link BusFault} outside RAM. */
    void store(long guestPhysical, int size, long value);
}
