package dev.vmlab.machine;

import dev.vmlab.device.BusFault;
import dev.vmlab.device.GuestMemory;

/** Array-backed guest RAM for loader tests, counting writes so "nothing written" can be checked. */
final class RamStub implements GuestMemory {
    final long base;
    final byte[] bytes;
    int writes;

    RamStub(long base, int size) {
        this.base = base;
        this.bytes = new byte[size];
    }

    private boolean inside(long address, int len) {
        long off = address - base;
        return Long.compareUnsigned(address, base) >= 0 && len >= 0 && off <= bytes.length - (long) len;
    }

    @Override
    public boolean read(long address, byte[] dst, int off, int len) {
        if (!inside(address, len)) {
            return false;
        }
        System.arraycopy(bytes, (int) (address - base), dst, off, len);
        return true;
    }

    @Override
    public boolean write(long address, byte[] src, int off, int len) {
        if (!inside(address, len)) {
            return false;
        }
        writes++;
        System.arraycopy(src, off, bytes, (int) (address - base), len);
        return true;
    }

    @Override
    public long load(long address, int size) {
        if (!inside(address, size)) {
            throw new BusFault("outside RAM");
        }
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (bytes[(int) (address - base) + i] & 0xff);
        }
        return v;
    }

    @Override
    public void store(long address, int size, long value) {
        if (!inside(address, size)) {
            throw new BusFault("outside RAM");
        }
        for (int i = 0; i < size; i++) {
            bytes[(int) (address - base) + i] = (byte) (value >>> (8 * i));
        }
    }
}
