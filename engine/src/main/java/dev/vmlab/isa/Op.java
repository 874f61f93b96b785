package dev.vmlab.isa;

/**
 * Operation numbers of the decoded instruction set. Plain int constants (not an enum) so the
 * interpreter's dispatch is a dense {@code tableswitch}. The bit patterns live in {@link OpTable}.
 */
public final class Op {
    private Op() {}

    public static final int ILLEGAL = 0,
        LUI = 1, AUIPC = 2, JAL = 3, JALR = 4,
        BEQ = 5, BNE = 6, BLT = 7, BGE = 8, BLTU = 9, BGEU = 10,
        LB = 11, LH = 12, LW = 13, LD = 14, LBU = 15, LHU = 16, LWU = 17,
        SB = 18, SH = 19, SW = 20, SD = 21,
        ADDI = 22, SLTI = 23, SLTIU = 24, XORI = 25, ORI = 26, ANDI = 27, SLLI = 28, SRLI = 29, SRAI = 30,
        ADD = 31, SUB = 32, SLL = 33, SLT = 34, SLTU = 35, XOR = 36, SRL = 37, SRA = 38, OR = 39, AND = 40,
        ADDIW = 41, SLLIW = 42, SRLIW = 43, SRAIW = 44,
        ADDW = 45, SUBW = 46, SLLW = 47, SRLW = 48, SRAW = 49,
        FENCE = 50, FENCE_I = 51, ECALL = 52, EBREAK = 53, MRET = 54, SRET = 55, WFI = 56, SFENCE_VMA = 57,
        CSRRW = 58, CSRRS = 59, CSRRC = 60, CSRRWI = 61, CSRRSI = 62, CSRRCI = 63,
        MUL = 64, MULH = 65, MULHSU = 66, MULHU = 67, DIV = 68, DIVU = 69, REM = 70, REMU = 71,
        MULW = 72, DIVW = 73, DIVUW = 74, REMW = 75, REMUW = 76,
        LR_W = 77, SC_W = 78, AMOSWAP_W = 79, AMOADD_W = 80, AMOXOR_W = 81, AMOAND_W = 82, AMOOR_W = 83,
        AMOMIN_W = 84, AMOMAX_W = 85, AMOMINU_W = 86, AMOMAXU_W = 87,
        LR_D = 88, SC_D = 89, AMOSWAP_D = 90, AMOADD_D = 91, AMOXOR_D = 92, AMOAND_D = 93, AMOOR_D = 94,
        AMOMIN_D = 95, AMOMAX_D = 96, AMOMINU_D = 97, AMOMAXU_D = 98,
        // Hypervisor extension. Decoded so the assembler and disassembler know them; the hart
        // has misa.H = 0, so executing one is an illegal-instruction exception.
        HFENCE_VVMA = 99, HFENCE_GVMA = 100,
        HLV_B = 101, HLV_BU = 102, HLV_H = 103, HLV_HU = 104, HLVX_HU = 105, HLV_W = 106, HLV_WU = 107,
        HLVX_WU = 108, HLV_D = 109, HSV_B = 110, HSV_H = 111, HSV_W = 112, HSV_D = 113;

    public static final int COUNT = 114;
}
