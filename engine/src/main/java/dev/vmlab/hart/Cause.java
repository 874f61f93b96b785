package dev.vmlab.hart;

/** Exception and interrupt cause codes (privileged spec, mcause values) and their names. */
public final class Cause {
    private Cause() {}

    public static final int MISALIGNED_FETCH = 0, FETCH_ACCESS = 1, ILLEGAL_INSTRUCTION = 2, BREAKPOINT = 3,
        MISALIGNED_LOAD = 4, LOAD_ACCESS = 5, MISALIGNED_STORE = 6, STORE_ACCESS = 7, ECALL_U = 8, ECALL_S = 9,
        ECALL_M = 11, FETCH_PAGE_FAULT = 12, LOAD_PAGE_FAULT = 13, STORE_PAGE_FAULT = 15;

    public static final int IRQ_S_SOFT = 1, IRQ_M_SOFT = 3, IRQ_S_TIMER = 5, IRQ_M_TIMER = 7, IRQ_S_EXT = 9,
        IRQ_M_EXT = 11;

    private static final String[] EXCEPTIONS = {
        "instruction address misaligned", "instruction access fault", "illegal instruction", "breakpoint",
        "load address misaligned", "load access fault", "store/AMO address misaligned", "store/AMO access fault",
        "environment call from U-mode", "environment call from S-mode", "reserved (10)",
        "environment call from M-mode", "instruction page fault", "load page fault", "reserved (14)",
        "store/AMO page fault"};

    private static final String[] INTERRUPTS = {
        "reserved (0)", "supervisor software interrupt", "reserved (2)", "machine software interrupt",
        "reserved (4)", "supervisor timer interrupt", "reserved (6)", "machine timer interrupt",
        "reserved (8)", "supervisor external interrupt", "reserved (10)", "machine external interrupt"};

    public static String name(boolean interrupt, long code) {
        String[] t = interrupt ? INTERRUPTS : EXCEPTIONS;
        return code >= 0 && code < t.length ? t[(int) code] : (interrupt ? "interrupt " : "exception ") + code;
    }

    /** Short identifiers usable on a command line or in a scenario ({@code illegal_instruction}). */
    public static String id(boolean interrupt, long code) {
        return name(interrupt, code).replace("/AMO", "").replace('-', '_').replace(' ', '_')
            .replace("(", "").replace(")", "").toLowerCase(java.util.Locale.ROOT);
    }
}
