package dev.vmlab.device;

/**
 * Guest RAM over a byte array, with the bounds checks the real memory must have: any range not
 * wholly inside RAM is refused (and counted), so a test can prove a device never reached past it.
 */
final class FakeGuestMemory implements GuestMemory {
    final long base;
    final byte[] ram;
    int refused;

    FakeGuestMemory(long base, int size) {
        this.base = base;
        this.ram = new byte[size];
    }

    long end() { return base + ram.length; }

    private boolean inside(long addr, long len) {
        long off = addr - base;
        return len >= 0 && off >= 0 && off <= ram.length - len;
    }

    @Override
    public boolean read(long guestPhysical, byte[] dst, int off, int len) {
        if (!inside(guestPhysical, len)) {
            refused++;
            return false;
        }
        System.arraycopy(ram, (int) (guestPhysical - base), dst, off, len);
        return true;
    }

    @Override
    public boolean write(long guestPhysical, byte[] src, int off, int len) {
        if (!inside(guestPhysical, len)) {
            refused++;
            return false;
        }
        System.arraycopy(src, off, ram, (int) (guestPhysical - base), len);
        return true;
    }

    @Override
    public long load(long guestPhysical, int size) {
        if (!inside(guestPhysical, size)) {
            refused++;
            throw new BusFault("load outside RAM at 0x" + Long.toHexString(guestPhysical));
        }
        long v = 0;
        int o = (int) (guestPhysical - base);
        for (int i = size - 1; i >= 0; i--) v = (v << 8) | (ram[o + i] & 0xFF);
        return v;
    }

    @Override
    public void store(long guestPhysical, int size, long value) {
        if (!inside(guestPhysical, size)) {
            refused++;
            throw new BusFault("store outside RAM at 0x" + Long.toHexString(guestPhysical));
        }
        int o = (int) (guestPhysical - base);
        for (int i = 0; i < size; i++) ram[o + i] = (byte) (value >>> (8 * i));
    }

    byte[] bytes(long addr, int len) {
        byte[] b = new byte[len];
        if (!read(addr, b, 0, len)) throw new AssertionError("test read outside RAM");
        return b;
    }

    void put(long addr, byte[] b) {
        if (!write(addr, b, 0, b.length)) throw new AssertionError("test write outside RAM");
    }
}
