package dev.vmlab.hart;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** CSR numbers (privileged spec, "CSR Listing") and their names. */
public final class Csr {
    private Csr() {}

    // Unprivileged counters
    public static final int CYCLE = 0xC00, TIME = 0xC01, INSTRET = 0xC02;
    // Supervisor
    public static final int SSTATUS = 0x100, SIE = 0x104, STVEC = 0x105, SCOUNTEREN = 0x106, SENVCFG = 0x10A,
        SSCRATCH = 0x140, SEPC = 0x141, SCAUSE = 0x142, STVAL = 0x143, SIP = 0x144, STIMECMP = 0x14D, SATP = 0x180;
    // Machine
    public static final int MVENDORID = 0xF11, MARCHID = 0xF12, MIMPID = 0xF13, MHARTID = 0xF14, MCONFIGPTR = 0xF15,
        MSTATUS = 0x300, MISA = 0x301, MEDELEG = 0x302, MIDELEG = 0x303, MIE = 0x304, MTVEC = 0x305,
        MCOUNTEREN = 0x306, MENVCFG = 0x30A, MCOUNTINHIBIT = 0x320, MSCRATCH = 0x340, MEPC = 0x341, MCAUSE = 0x342,
        MTVAL = 0x343, MIP = 0x344, PMPCFG0 = 0x3A0, PMPADDR0 = 0x3B0, MCYCLE = 0xB00, MINSTRET = 0xB02,
        MHPMCOUNTER3 = 0xB03, MHPMEVENT3 = 0x323, HPMCOUNTER3 = 0xC03;

    // Hypervisor extension and the VS-mode copies of supervisor CSRs (named so the assembler
    // accepts them and traces print them; the hart has misa.H = 0 and does not implement them)
    public static final int HSTATUS = 0x600, HEDELEG = 0x602, HIDELEG = 0x603, HIE = 0x604, HTIMEDELTA = 0x605,
        HCOUNTEREN = 0x606, HGEIE = 0x607, HENVCFG = 0x60A, HTVAL = 0x643, HIP = 0x644, HVIP = 0x645,
        HTINST = 0x64A, HGATP = 0x680, HGEIP = 0xE12,
        VSSTATUS = 0x200, VSIE = 0x204, VSTVEC = 0x205, VSSCRATCH = 0x240, VSEPC = 0x241, VSCAUSE = 0x242,
        VSTVAL = 0x243, VSIP = 0x244, VSATP = 0x280, MTINST = 0x34A, MTVAL2 = 0x34B;

    // Debug triggers (Sdtrig): present but with no trigger implemented
    public static final int TSELECT = 0x7A0, TDATA1 = 0x7A1, TDATA2 = 0x7A2, TDATA3 = 0x7A3, TINFO = 0x7A4;

    public static final int PMP_ENTRIES = 16;

    private static final Map<Integer, String> NAMES = new TreeMap<>();

    static {
        name(CYCLE, "cycle"); name(TIME, "time"); name(INSTRET, "instret");
        name(SSTATUS, "sstatus"); name(SIE, "sie"); name(STVEC, "stvec"); name(SCOUNTEREN, "scounteren");
        name(SENVCFG, "senvcfg"); name(SSCRATCH, "sscratch"); name(SEPC, "sepc"); name(SCAUSE, "scause");
        name(STVAL, "stval"); name(SIP, "sip"); name(STIMECMP, "stimecmp"); name(SATP, "satp");
        name(MVENDORID, "mvendorid"); name(MARCHID, "marchid"); name(MIMPID, "mimpid"); name(MHARTID, "mhartid");
        name(MCONFIGPTR, "mconfigptr"); name(MSTATUS, "mstatus"); name(MISA, "misa"); name(MEDELEG, "medeleg");
        name(MIDELEG, "mideleg"); name(MIE, "mie"); name(MTVEC, "mtvec"); name(MCOUNTEREN, "mcounteren");
        name(MENVCFG, "menvcfg"); name(MCOUNTINHIBIT, "mcountinhibit"); name(MSCRATCH, "mscratch");
        name(MEPC, "mepc"); name(MCAUSE, "mcause"); name(MTVAL, "mtval"); name(MIP, "mip");
        name(MCYCLE, "mcycle"); name(MINSTRET, "minstret");
        name(TSELECT, "tselect"); name(TDATA1, "tdata1"); name(TDATA2, "tdata2"); name(TDATA3, "tdata3");
        name(TINFO, "tinfo");
        name(HSTATUS, "hstatus"); name(HEDELEG, "hedeleg"); name(HIDELEG, "hideleg"); name(HIE, "hie");
        name(HTIMEDELTA, "htimedelta"); name(HCOUNTEREN, "hcounteren"); name(HGEIE, "hgeie");
        name(HENVCFG, "henvcfg"); name(HTVAL, "htval"); name(HIP, "hip"); name(HVIP, "hvip");
        name(HTINST, "htinst"); name(HGATP, "hgatp"); name(HGEIP, "hgeip");
        name(VSSTATUS, "vsstatus"); name(VSIE, "vsie"); name(VSTVEC, "vstvec"); name(VSSCRATCH, "vsscratch");
        name(VSEPC, "vsepc"); name(VSCAUSE, "vscause"); name(VSTVAL, "vstval"); name(VSIP, "vsip");
        name(VSATP, "vsatp"); name(MTINST, "mtinst"); name(MTVAL2, "mtval2");
        for (int i = 0; i < PMP_ENTRIES; i += 2) name(PMPCFG0 + i, "pmpcfg" + i);
        for (int i = 0; i < PMP_ENTRIES; i++) name(PMPADDR0 + i, "pmpaddr" + i);
        for (int i = 3; i < 32; i++) {
            name(MHPMCOUNTER3 + i - 3, "mhpmcounter" + i);
            name(MHPMEVENT3 + i - 3, "mhpmevent" + i);
            name(HPMCOUNTER3 + i - 3, "hpmcounter" + i);
        }
    }

    private static void name(int csr, String name) { NAMES.put(csr, name); }

    /** The CSR's name, or {@code csr0x123} for a number with no name here. */
    public static String name(int csr) {
        String n = NAMES.get(csr);
        return n != null ? n : String.format("csr0x%03x", csr);
    }

    /** The number for a name such as {@code mstatus}, or -1. */
    public static int number(String name) {
        for (var e : NAMES.entrySet()) if (e.getValue().equals(name)) return e.getKey();
        return -1;
    }

    public static Map<Integer, String> names() { return Collections.unmodifiableMap(NAMES); }
}
