package dev.vmlab.hart;

/** CSR numbers and mstatus bits written out from the privileged spec, for test listings. */
final class Priv {
    private Priv() {}

    static final int U = 0, S = 1, M = 3;

    static final int SSTATUS = 0x100, SIE = 0x104, STVEC = 0x105, SCOUNTEREN = 0x106, SSCRATCH = 0x140, SEPC = 0x141,
        SCAUSE = 0x142, STVAL = 0x143, SIP = 0x144, SATP = 0x180;
    static final int MSTATUS = 0x300, MISA = 0x301, MEDELEG = 0x302, MIDELEG = 0x303, MIE = 0x304, MTVEC = 0x305,
        MCOUNTEREN = 0x306, MSCRATCH = 0x340, MEPC = 0x341, MCAUSE = 0x342, MTVAL = 0x343, MIP = 0x344,
        PMPCFG0 = 0x3a0, PMPCFG2 = 0x3a2, PMPADDR0 = 0x3b0, MCYCLE = 0xb00, MINSTRET = 0xb02, MHARTID = 0xf14,
        MVENDORID = 0xf11;
    static final int CYCLE = 0xc00, TIME = 0xc01, INSTRET = 0xc02, HPMCOUNTER3 = 0xc03;

    // mstatus (privileged spec, "Machine Status Register")
    static final long MS_SIE = 1L << 1, MS_MIE = 1L << 3, MS_SPIE = 1L << 5, MS_MPIE = 1L << 7, MS_SPP = 1L << 8,
        MS_MPP = 3L << 11, MS_MPRV = 1L << 17, MS_SUM = 1L << 18, MS_MXR = 1L << 19, MS_TVM = 1L << 20,
        MS_TW = 1L << 21, MS_TSR = 1L << 22;

    // mip/mie bits
    static final int SSI = 1, MSI = 3, STI = 5, MTI = 7, SEI = 9, MEI = 11;

    static final long INTERRUPT = 1L << 63;

    static long mpp(long mstatus) { return (mstatus >>> 11) & 3; }
}
