package dev.vmlab.isa;

import java.util.ArrayList;
import java.util.List;

/**
 * The instruction set as data: one row per instruction, its mnemonic, its bit pattern as
 * written in the spec's encoding tables (most significant bit first, '.' for an operand bit)
 * and its operand format. The decoder matches rows; nothing else encodes bit patterns.
 */
public final class OpTable {
    /** One instruction encoding. */
    public record Row(int op, String mnemonic, int mask, int match, Format format) {}

    private static final Row[] BY_OP = new Row[Op.COUNT];
    /** Rows bucketed by the 7-bit major opcode, so decoding looks at a handful of candidates. */
    @SuppressWarnings("unchecked")
    private static final List<Row>[] BY_MAJOR = new List[128];

    static {
        //  op               mnemonic      31      24   19   14  11   6      format
        row(Op.LUI,        "lui",        ".........................0110111", Format.U);
        row(Op.AUIPC,      "auipc",      ".........................0010111", Format.U);
        row(Op.JAL,        "jal",        ".........................1101111", Format.JUMP);
        row(Op.JALR,       "jalr",       ".................000.....1100111", Format.JALR);
        row(Op.BEQ,        "beq",        ".................000.....1100011", Format.BRANCH);
        row(Op.BNE,        "bne",        ".................001.....1100011", Format.BRANCH);
        row(Op.BLT,        "blt",        ".................100.....1100011", Format.BRANCH);
        row(Op.BGE,        "bge",        ".................101.....1100011", Format.BRANCH);
        row(Op.BLTU,       "bltu",       ".................110.....1100011", Format.BRANCH);
        row(Op.BGEU,       "bgeu",       ".................111.....1100011", Format.BRANCH);
        row(Op.LB,         "lb",         ".................000.....0000011", Format.LOAD);
        row(Op.LH,         "lh",         ".................001.....0000011", Format.LOAD);
        row(Op.LW,         "lw",         ".................010.....0000011", Format.LOAD);
        row(Op.LD,         "ld",         ".................011.....0000011", Format.LOAD);
        row(Op.LBU,        "lbu",        ".................100.....0000011", Format.LOAD);
        row(Op.LHU,        "lhu",        ".................101.....0000011", Format.LOAD);
        row(Op.LWU,        "lwu",        ".................110.....0000011", Format.LOAD);
        row(Op.SB,         "sb",         ".................000.....0100011", Format.STORE);
        row(Op.SH,         "sh",         ".................001.....0100011", Format.STORE);
        row(Op.SW,         "sw",         ".................010.....0100011", Format.STORE);
        row(Op.SD,         "sd",         ".................011.....0100011", Format.STORE);
        row(Op.ADDI,       "addi",       ".................000.....0010011", Format.I);
        row(Op.SLTI,       "slti",       ".................010.....0010011", Format.I);
        row(Op.SLTIU,      "sltiu",      ".................011.....0010011", Format.I);
        row(Op.XORI,       "xori",       ".................100.....0010011", Format.I);
        row(Op.ORI,        "ori",        ".................110.....0010011", Format.I);
        row(Op.ANDI,       "andi",       ".................111.....0010011", Format.I);
        row(Op.SLLI,       "slli",       "000000...........001.....0010011", Format.SHIFT);
        row(Op.SRLI,       "srli",       "000000...........101.....0010011", Format.SHIFT);
        row(Op.SRAI,       "srai",       "010000...........101.....0010011", Format.SHIFT);
        row(Op.ADD,        "add",        "0000000..........000.....0110011", Format.R);
        row(Op.SUB,        "sub",        "0100000..........000.....0110011", Format.R);
        row(Op.SLL,        "sll",        "0000000..........001.....0110011", Format.R);
        row(Op.SLT,        "slt",        "0000000..........010.....0110011", Format.R);
        row(Op.SLTU,       "sltu",       "0000000..........011.....0110011", Format.R);
        row(Op.XOR,        "xor",        "0000000..........100.....0110011", Format.R);
        row(Op.SRL,        "srl",        "0000000..........101.....0110011", Format.R);
        row(Op.SRA,        "sra",        "0100000..........101.....0110011", Format.R);
        row(Op.OR,         "or",         "0000000..........110.....0110011", Format.R);
        row(Op.AND,        "and",        "0000000..........111.....0110011", Format.R);
        row(Op.ADDIW,      "addiw",      ".................000.....0011011", Format.I);
        row(Op.SLLIW,      "slliw",      "0000000..........001.....0011011", Format.SHIFT);
        row(Op.SRLIW,      "srliw",      "0000000..........101.....0011011", Format.SHIFT);
        row(Op.SRAIW,      "sraiw",      "0100000..........101.....0011011", Format.SHIFT);
        row(Op.ADDW,       "addw",       "0000000..........000.....0111011", Format.R);
        row(Op.SUBW,       "subw",       "0100000..........000.....0111011", Format.R);
        row(Op.SLLW,       "sllw",       "0000000..........001.....0111011", Format.R);
        row(Op.SRLW,       "srlw",       "0000000..........101.....0111011", Format.R);
        row(Op.SRAW,       "sraw",       "0100000..........101.....0111011", Format.R);
        // fence: fm, pred, succ, rs1 and rd are decoded leniently; unused fields are reserved
        // for future fences and the base ISA says to execute them as an ordinary fence.
        row(Op.FENCE,      "fence",      ".................000.....0001111", Format.FENCE);
        row(Op.FENCE_I,    "fence.i",    ".................001.....0001111", Format.NONE);
        row(Op.ECALL,      "ecall",      "00000000000000000000000001110011", Format.NONE);
        row(Op.EBREAK,     "ebreak",     "00000000000100000000000001110011", Format.NONE);
        row(Op.SRET,       "sret",       "00010000001000000000000001110011", Format.NONE);
        row(Op.MRET,       "mret",       "00110000001000000000000001110011", Format.NONE);
        row(Op.WFI,        "wfi",        "00010000010100000000000001110011", Format.NONE);
        row(Op.SFENCE_VMA, "sfence.vma", "0001001..........000000001110011", Format.SFENCE);
        row(Op.CSRRW,      "csrrw",      ".................001.....1110011", Format.CSR);
        row(Op.CSRRS,      "csrrs",      ".................010.....1110011", Format.CSR);
        row(Op.CSRRC,      "csrrc",      ".................011.....1110011", Format.CSR);
        row(Op.CSRRWI,     "csrrwi",     ".................101.....1110011", Format.CSRI);
        row(Op.CSRRSI,     "csrrsi",     ".................110.....1110011", Format.CSRI);
        row(Op.CSRRCI,     "csrrci",     ".................111.....1110011", Format.CSRI);
        row(Op.MUL,        "mul",        "0000001..........000.....0110011", Format.R);
        row(Op.MULH,       "mulh",       "0000001..........001.....0110011", Format.R);
        row(Op.MULHSU,     "mulhsu",     "0000001..........010.....0110011", Format.R);
        row(Op.MULHU,      "mulhu",      "0000001..........011.....0110011", Format.R);
        row(Op.DIV,        "div",        "0000001..........100.....0110011", Format.R);
        row(Op.DIVU,       "divu",       "0000001..........101.....0110011", Format.R);
        row(Op.REM,        "rem",        "0000001..........110.....0110011", Format.R);
        row(Op.REMU,       "remu",       "0000001..........111.....0110011", Format.R);
        row(Op.MULW,       "mulw",       "0000001..........000.....0111011", Format.R);
        row(Op.DIVW,       "divw",       "0000001..........100.....0111011", Format.R);
        row(Op.DIVUW,      "divuw",      "0000001..........101.....0111011", Format.R);
        row(Op.REMW,       "remw",       "0000001..........110.....0111011", Format.R);
        row(Op.REMUW,      "remuw",      "0000001..........111.....0111011", Format.R);
        amo("w", "010", Op.LR_W);
        amo("d", "011", Op.LR_D);
        // Hypervisor extension (privileged spec, "Hypervisor Instructions"): rs2 selects the
        // width and signedness of a load, bit 25 of funct7 marks a store.
        row(Op.HFENCE_VVMA, "hfence.vvma", "0010001..........000000001110011", Format.SFENCE);
        row(Op.HFENCE_GVMA, "hfence.gvma", "0110001..........000000001110011", Format.SFENCE);
        row(Op.HLV_B,      "hlv.b",      "011000000000.....100.....1110011", Format.HLV);
        row(Op.HLV_BU,     "hlv.bu",     "011000000001.....100.....1110011", Format.HLV);
        row(Op.HLV_H,      "hlv.h",      "011001000000.....100.....1110011", Format.HLV);
        row(Op.HLV_HU,     "hlv.hu",     "011001000001.....100.....1110011", Format.HLV);
        row(Op.HLVX_HU,    "hlvx.hu",    "011001000011.....100.....1110011", Format.HLV);
        row(Op.HLV_W,      "hlv.w",      "011010000000.....100.....1110011", Format.HLV);
        row(Op.HLV_WU,     "hlv.wu",     "011010000001.....100.....1110011", Format.HLV);
        row(Op.HLVX_WU,    "hlvx.wu",    "011010000011.....100.....1110011", Format.HLV);
        row(Op.HLV_D,      "hlv.d",      "011011000000.....100.....1110011", Format.HLV);
        row(Op.HSV_B,      "hsv.b",      "0110001..........100000001110011", Format.HSV);
        row(Op.HSV_H,      "hsv.h",      "0110011..........100000001110011", Format.HSV);
        row(Op.HSV_W,      "hsv.w",      "0110101..........100000001110011", Format.HSV);
        row(Op.HSV_D,      "hsv.d",      "0110111..........100000001110011", Format.HSV);
    }

    /** The eleven A-extension rows for one width; aq and rl (bits 26:25) are operand bits. */
    private static void amo(String w, String funct3, int first) {
        String[][] funct5 = {
            {"lr", "00010"}, {"sc", "00011"}, {"amoswap", "00001"}, {"amoadd", "00000"}, {"amoxor", "00100"},
            {"amoand", "01100"}, {"amoor", "01000"}, {"amomin", "10000"}, {"amomax", "10100"},
            {"amominu", "11000"}, {"amomaxu", "11100"},
        };
        for (int i = 0; i < funct5.length; i++) {
            boolean lr = i == 0;
            String rs2 = lr ? "00000" : ".....";
            row(first + i, funct5[i][0] + "." + w, funct5[i][1] + ".." + rs2 + "....." + funct3 + "....." + "0101111",
                lr ? Format.LR : Format.AMO);
        }
    }

    private static void row(int op, String mnemonic, String pattern, Format format) {
        if (pattern.length() != 32) throw new IllegalStateException("pattern of " + mnemonic + " is not 32 bits");
        int mask = 0, match = 0;
        for (int i = 0; i < 32; i++) {
            char c = pattern.charAt(i);
            int bit = 1 << (31 - i);
            if (c == '1') { mask |= bit; match |= bit; }
            else if (c == '0') { mask |= bit; }
        }
        Row r = new Row(op, mnemonic, mask, match, format);
        if (BY_OP[op] != null) throw new IllegalStateException("two rows for op " + op);
        BY_OP[op] = r;
        int major = match & 0x7f;
        if (BY_MAJOR[major] == null) BY_MAJOR[major] = new ArrayList<>();
        BY_MAJOR[major].add(r);
    }

    private OpTable() {}

    /** The row matching a 32-bit instruction word, or null when the encoding is reserved or unsupported. */
    public static Row match(int word) {
        List<Row> rows = BY_MAJOR[word & 0x7f];
        if (rows == null) return null;
        for (Row r : rows) if ((word & r.mask()) == r.match()) return r;
        return null;
    }

    public static Row row(int op) { return BY_OP[op]; }

    /** Every row, in op order (used by the disassembler tests and the assembler). */
    public static List<Row> rows() {
        List<Row> all = new ArrayList<>();
        for (Row r : BY_OP) if (r != null) all.add(r);
        return all;
    }
}
