package dev.vmlab.cli.shell;

import dev.vmlab.hart.Cause;
import dev.vmlab.hart.Csr;
import dev.vmlab.hart.Hart;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * CSRs as a student reads them: the ones worth a look, a one-line summary of each value
 * ({@code MPP=S MPIE}, {@code Sv39 ASID=0 PPN=0x80006}, the cause's name), and a field table
 * for mstatus, sstatus, mip, mie, sip, sie and satp. Field names and positions are the
 * privileged spec's (§3.1.6 mstatus, §3.1.9 mip/mie, §4.1.11 satp).
 */
final class CsrView {
    private CsrView() {}

    /** What {@code csr} with no name lists, machine level first. */
    static final int[] INTERESTING = {
        Csr.MSTATUS, Csr.MISA, Csr.MEDELEG, Csr.MIDELEG, Csr.MIE, Csr.MIP, Csr.MTVEC, Csr.MSCRATCH, Csr.MEPC,
        Csr.MCAUSE, Csr.MTVAL, Csr.MCOUNTEREN, Csr.MENVCFG,
        Csr.SSTATUS, Csr.SIE, Csr.SIP, Csr.STVEC, Csr.SSCRATCH, Csr.SEPC, Csr.SCAUSE, Csr.STVAL, Csr.SATP,
        Csr.SCOUNTEREN,
        Csr.MCYCLE, Csr.MINSTRET, Csr.TIME};

    /** A named bit or field: its name, its lowest bit, its width, and what it means. */
    record Field(String name, int lsb, int width, String meaning) {
        long of(long v) { return (v >>> lsb) & (width == 64 ? -1L : (1L << width) - 1); }
    }

    private static final List<Field> MSTATUS = List.of(
        new Field("SIE", 1, 1, "S-mode interrupts enabled"),
        new Field("MIE", 3, 1, "M-mode interrupts enabled"),
        new Field("SPIE", 5, 1, "SIE before the last trap into S"),
        new Field("MPIE", 7, 1, "MIE before the last trap into M"),
        new Field("SPP", 8, 1, "privilege before the last trap into S (sret returns there)"),
        new Field("MPP", 11, 2, "privilege before the last trap into M (mret returns there)"),
        new Field("MPRV", 17, 1, "M-mode loads and stores use MPP's translation"),
        new Field("SUM", 18, 1, "S-mode may access user pages"),
        new Field("MXR", 19, 1, "loads may read execute-only pages"),
        new Field("TVM", 20, 1, "satp and sfence.vma trap in S-mode"),
        new Field("TW", 21, 1, "wfi traps in S-mode"),
        new Field("TSR", 22, 1, "sret traps in S-mode"),
        new Field("UXL", 32, 2, "U-mode XLEN (2 = 64)"),
        new Field("SXL", 34, 2, "S-mode XLEN (2 = 64)"));

    private static final List<Field> SSTATUS = List.of(MSTATUS.get(0), MSTATUS.get(2), MSTATUS.get(4), MSTATUS.get(7),
        MSTATUS.get(8), MSTATUS.get(12));

    private static final List<Field> MIP = List.of(
        new Field("SSIP", 1, 1, "supervisor software interrupt pending"),
        new Field("MSIP", 3, 1, "machine software interrupt pending"),
        new Field("STIP", 5, 1, "supervisor timer interrupt pending"),
        new Field("MTIP", 7, 1, "machine timer interrupt pending"),
        new Field("SEIP", 9, 1, "supervisor external interrupt pending"),
        new Field("MEIP", 11, 1, "machine external interrupt pending"));

    private static final List<Field> MIE = List.of(
        new Field("SSIE", 1, 1, "supervisor software interrupt enabled"),
        new Field("MSIE", 3, 1, "machine software interrupt enabled"),
        new Field("STIE", 5, 1, "supervisor timer interrupt enabled"),
        new Field("MTIE", 7, 1, "machine timer interrupt enabled"),
        new Field("SEIE", 9, 1, "supervisor external interrupt enabled"),
        new Field("MEIE", 11, 1, "machine external interrupt enabled"));

    private static final List<Field> SATP = List.of(
        new Field("MODE", 60, 4, "translation: 0 Bare, 8 Sv39, 9 Sv48"),
        new Field("ASID", 44, 16, "address-space identifier"),
        new Field("PPN", 0, 44, "physical page number of the root page table"));

    /** The fields of a CSR that has a field table, or an empty list. */
    static List<Field> fields(int csr) {
        return switch (csr) {
            case Csr.MSTATUS -> MSTATUS;
            case Csr.SSTATUS -> SSTATUS;
            case Csr.MIP, Csr.SIP -> csr == Csr.MIP ? MIP : List.of(MIP.get(0), MIP.get(2), MIP.get(4));
            case Csr.MIE, Csr.SIE -> csr == Csr.MIE ? MIE : List.of(MIE.get(0), MIE.get(2), MIE.get(4));
            case Csr.SATP -> SATP;
            default -> List.of();
        };
    }

    /** A field's value as a person reads it: privileges as letters, satp.MODE by name, numbers in hex past 9. */
    static String fieldValue(int csr, Field f, long v) {
        long x = f.of(v);
        if (f.name().equals("MPP")) return Session.privilege((int) x);
        if (f.name().equals("SPP")) return x == 1 ? "S" : "U";
        if (f.name().equals("MODE")) return x == 0 ? "Bare" : x == 8 ? "Sv39" : x == 9 ? "Sv48" : String.valueOf(x);
        return x > 9 ? "0x" + Long.toHexString(x) : String.valueOf(x);
    }

    /** One line saying what the value means, or "" when the hex says it all. */
    static String summary(int csr, long v) {
        switch (csr) {
            case Csr.MSTATUS, Csr.SSTATUS -> {
                StringJoiner j = new StringJoiner(" ");
                for (Field f : fields(csr)) {
                    if (f.name().equals("UXL") || f.name().equals("SXL")) continue;
                    if (f.name().equals("MPP") || f.name().equals("SPP")) j.add(f.name() + "=" + fieldValue(csr, f, v));
                    else if (f.of(v) != 0) j.add(f.name());
                }
                return j.toString();
            }
            case Csr.MIP, Csr.MIE, Csr.SIP, Csr.SIE -> {
                StringJoiner j = new StringJoiner(" ");
                for (Field f : fields(csr)) if (f.of(v) != 0) j.add(f.name());
                return j.length() == 0 ? "none" : j.toString();
            }
            case Csr.SATP -> {
                long mode = v >>> 60;
                if (mode == 0) return "Bare (no translation)";
                return fieldValue(csr, SATP.get(0), v) + " ASID=" + SATP.get(1).of(v) + " root table at 0x"
                    + Long.toHexString(SATP.get(2).of(v) << 12);
            }
            case Csr.MCAUSE, Csr.SCAUSE -> {
                if (v == 0) return "";
                boolean irq = v < 0;
                return Cause.name(irq, v & Long.MAX_VALUE) + (irq ? " (interrupt)" : "");
            }
            case Csr.MTVEC, Csr.STVEC -> {
                return ((v & 3) == 1 ? "vectored" : "direct") + ", base 0x" + Long.toHexString(v & ~3L);
            }
            case Csr.MEDELEG, Csr.MIDELEG -> {
                List<String> codes = new ArrayList<>();
                for (int b = 0; b < 16; b++) if ((v >>> b & 1) != 0) codes.add(String.valueOf(b));
                return codes.isEmpty() ? "none" : (csr == Csr.MEDELEG ? "exceptions " : "interrupts ") + String.join(",", codes);
            }
            case Csr.MCOUNTEREN, Csr.SCOUNTEREN -> {
                StringJoiner j = new StringJoiner(" ");
                if ((v & 1) != 0) j.add("CY");
                if ((v & 2) != 0) j.add("TM");
                if ((v & 4) != 0) j.add("IR");
                return j.length() == 0 ? "none" : j.toString();
            }
            case Csr.MENVCFG -> {
                StringJoiner j = new StringJoiner(" ");
                if ((v & Hart.MENVCFG_STCE) != 0) j.add("STCE");
                if ((v & Hart.MENVCFG_FIOM) != 0) j.add("FIOM");
                return j.toString();
            }
            case Csr.MCYCLE, Csr.MINSTRET, Csr.TIME, Csr.CYCLE, Csr.INSTRET -> {
                return Long.toUnsignedString(v);
            }
            case Csr.MISA -> {
                StringBuilder b = new StringBuilder("RV64");
                for (int i = 0; i < 26; i++) if ((v >>> i & 1) != 0) b.append((char) ('A' + i));
                return b.toString();
            }
            default -> {
                return "";
            }
        }
    }

    /** The value of {@code csr} as M-mode would read it, or null if this hart has no such CSR. */
    static Long read(Hart h, int csr) {
        try {
            return h.readCsr(csr);
        } catch (Hart.IllegalInstruction e) {
            return null;
        }
    }
}
