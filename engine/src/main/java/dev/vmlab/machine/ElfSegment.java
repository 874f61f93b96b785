package dev.vmlab.machine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One loadable segment (a {@code PT_LOAD} program header) of an {@link ElfImage}.
 *
 * <p>{@code index} is the program-header index, the number {@code readelf -l} shows, so an
 * error about "segment 2" can be found in its output. The segment is loaded at
 * {@code physicalAddress} ({@code p_paddr}), as QEMU does for {@code -kernel} and {@code -bios}
 * ELFs: a kernel linked to run at a high virtual address still lands in RAM.
 *
 * @param index           program-header index
 * @param physicalAddress {@code p_paddr}: where the bytes go in guest-physical memory
 * @param virtualAddress  {@code p_vaddr}: where the program expects to see them
 * @param memorySize      {@code p_memsz}: bytes occupied in memory; beyond the file bytes is zero
 * @param flags           {@code p_flags}: {@link #PF_X}, {@link #PF_W}, {@link #PF_R}
 * @param bytes           the {@code p_filesz} bytes from the file (read-only view)
 */
public record ElfSegment(int index, long physicalAddress, long virtualAddress, long memorySize,
                         int flags, ByteBuffer bytes) {
    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;

    public ElfSegment {
        bytes = bytes.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A fresh read-only view each time, so one caller's position cannot disturb another's. */
    @Override
    public ByteBuffer bytes() {
        return bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** {@code p_filesz}: how many bytes come from the file. */
    public long fileSize() {
        return bytes.remaining();
    }

    /** First physical address past the segment (exclusive). */
    public long physicalEnd() {
        return physicalAddress + memorySize;
    }

    /** First virtual address past the segment (exclusive). */
    public long virtualEnd() {
        return virtualAddress + memorySize;
    }

    public boolean executable() {
        return (flags & PF_X) != 0;
    }

    public boolean writable() {
        return (flags & PF_W) != 0;
    }

    /** {@code rwx}-style flags as {@code readelf} prints them, e.g. {@code R E}. */
    public String flagString() {
        return ((flags & PF_R) != 0 ? "R" : " ") + (writable() ? "W" : " ") + (executable() ? "E" : " ");
    }

    /** True when {@code virtualAddress} falls inside this segment's virtual range. */
    boolean containsVirtual(long address) {
        return Long.compareUnsigned(address - virtualAddress, memorySize) < 0;
    }

    @Override
    public String toString() {
        return String.format("segment %d: paddr 0x%x vaddr 0x%x filesz 0x%x memsz 0x%x %s",
                index, physicalAddress, virtualAddress, fileSize(), memorySize, flagString());
    }
}
