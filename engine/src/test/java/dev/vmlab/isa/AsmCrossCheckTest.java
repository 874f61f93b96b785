package dev.vmlab.isa;

import static dev.vmlab.testing.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vmlab.testing.Asm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the test encoder {@link Asm} against GNU as, so the other tests do not rest on an
 * encoder that shares a misreading of the spec with the decoder. Skipped when
 * {@code riscv64-unknown-elf-as} is not installed.
 */
class AsmCrossCheckTest {
    private static final String AS = "riscv64-unknown-elf-as", OBJCOPY = "riscv64-unknown-elf-objcopy";

    private record Case(String gas, Consumer<Asm> mine) {}

    private final List<Case> cases = new ArrayList<>();

    private void full(String gas, Consumer<Asm> mine) { cases.add(new Case(gas, mine)); }

    private void rvc(String gas, int halfword) { cases.add(new Case("@rvc " + gas, a -> a.c(halfword))); }

    private static boolean tool(String name) {
        try {
            Process p = new ProcessBuilder(name, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void encoderMatchesGnuAs(@TempDir Path dir) throws Exception {
        assumeTrue(tool(AS) && tool(OBJCOPY), "GNU binutils for riscv64 not installed");
        base();
        mulDivAtomic();
        system();
        compressed();

        StringBuilder src = new StringBuilder(".option norelax\n.option norvc\n");
        Asm mine = new Asm(0);
        boolean rvcOn = false;
        for (Case c : cases) {
            boolean isRvc = c.gas.startsWith("@rvc ");
            if (isRvc != rvcOn) src.append(isRvc ? ".option rvc\n" : ".option norvc\n");
            rvcOn = isRvc;
            src.append(isRvc ? c.gas.substring(5) : c.gas).append('\n');
            c.mine.accept(mine);
        }
        Path s = dir.resolve("x.s"), o = dir.resolve("x.o"), bin = dir.resolve("x.bin");
        Files.writeString(s, src);
        exec(AS, "-march=rv64imac_zicsr_zifencei", "-o", o.toString(), s.toString());
        exec(OBJCOPY, "-O", "binary", "-j", ".text", o.toString(), bin.toString());
        byte[] gnu = Files.readAllBytes(bin);
        byte[] ours = mine.bytes();

        // Compare instruction by instruction, naming the first that differs.
        Asm walk = new Asm(0);
        for (Case c : cases) {
            int at = walk.size();
            c.mine.accept(walk);
            int len = walk.size() - at;
            String g = hex(gnu, at, len), m = hex(ours, at, len);
            assertEquals(g, m, "encoding of `" + c.gas + "`");
        }
        assertEquals(gnu.length, ours.length, "program length");
    }

    private static String hex(byte[] b, int at, int len) {
        StringBuilder s = new StringBuilder();
        for (int i = len - 1; i >= 0; i--) s.append(at + i < b.length ? String.format("%02x", b[at + i]) : "??");
        return s.toString();
    }

    private static void exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed:\n" + out);
        }
    }

    private void base() {
        full("lui a0, 0xfffff", a -> a.lui(A0, 0xfffff));
        full("auipc t1, 0x12345", a -> a.auipc(T1, 0x12345));
        full("jal ra, .+2048", a -> a.jal(RA, 2048));
        full("jal x0, .-1048576", a -> a.jal(ZERO, -1048576));
        full("jal s1, .+1048574", a -> a.jal(S1, 1048574));
        full("jalr t0, -2048(a5)", a -> a.jalr(T0, A5, -2048));
        full("beq a0, a1, .+4094", a -> a.beq(A0, A1, 4094));
        full("bne t6, s11, .-4096", a -> a.bne(T6, S11, -4096));
        full("blt a0, zero, .+2050", a -> a.blt(A0, ZERO, 2050));
        full("bge a2, a3, .-2", a -> a.bge(A2, A3, -2));
        full("bltu s0, s1, .+8", a -> a.bltu(S0, S1, 8));
        full("bgeu t3, t4, .+2048", a -> a.bgeu(T3, T4, 2048));
        full("lb a0, -1(sp)", a -> a.lb(A0, -1, SP));
        full("lh a1, 2047(gp)", a -> a.lh(A1, 2047, GP));
        full("lw a2, -2048(tp)", a -> a.lw(A2, -2048, TP));
        full("ld a3, 8(t0)", a -> a.ld(A3, 8, T0));
        full("lbu a4, 1(t1)", a -> a.lbu(A4, 1, T1));
        full("lhu a5, 2(t2)", a -> a.lhu(A5, 2, T2));
        full("lwu a6, 4(s0)", a -> a.lwu(A6, 4, S0));
        full("sb a7, -1(s1)", a -> a.sb(A7, -1, S1));
        full("sh s2, 2047(a0)", a -> a.sh(S2, 2047, A0));
        full("sw s3, -2048(a1)", a -> a.sw(S3, -2048, A1));
        full("sd s4, 40(a2)", a -> a.sd(S4, 40, A2));
        full("addi s5, s6, -2048", a -> a.addi(S5, S6, -2048));
        full("slti s7, s8, 2047", a -> a.slti(S7, S8, 2047));
        full("sltiu s9, s10, -1", a -> a.sltiu(S9, S10, -1));
        full("xori t3, t4, 0x555", a -> a.xori(T3, T4, 0x555));
        full("ori t5, t6, -256", a -> a.ori(T5, T6, -256));
        full("andi ra, sp, 255", a -> a.andi(RA, SP, 255));
        full("slli a0, a1, 63", a -> a.slli(A0, A1, 63));
        full("srli a0, a1, 32", a -> a.srli(A0, A1, 32));
        full("srai a0, a1, 1", a -> a.srai(A0, A1, 1));
        full("add a0, a1, a2", a -> a.add(A0, A1, A2));
        full("sub a0, a1, a2", a -> a.sub(A0, A1, A2));
        full("sll a0, a1, a2", a -> a.sll(A0, A1, A2));
        full("slt a0, a1, a2", a -> a.slt(A0, A1, A2));
        full("sltu a0, a1, a2", a -> a.sltu(A0, A1, A2));
        full("xor a0, a1, a2", a -> a.xor(A0, A1, A2));
        full("srl a0, a1, a2", a -> a.srl(A0, A1, A2));
        full("sra a0, a1, a2", a -> a.sra(A0, A1, A2));
        full("or a0, a1, a2", a -> a.or(A0, A1, A2));
        full("and a0, a1, a2", a -> a.and(A0, A1, A2));
        full("addiw t0, t1, -1", a -> a.addiw(T0, T1, -1));
        full("slliw t0, t1, 31", a -> a.slliw(T0, T1, 31));
        full("srliw t0, t1, 5", a -> a.srliw(T0, T1, 5));
        full("sraiw t0, t1, 31", a -> a.sraiw(T0, T1, 31));
        full("addw t0, t1, t2", a -> a.addw(T0, T1, T2));
        full("subw t0, t1, t2", a -> a.subw(T0, T1, T2));
        full("sllw t0, t1, t2", a -> a.sllw(T0, T1, T2));
        full("srlw t0, t1, t2", a -> a.srlw(T0, T1, T2));
        full("sraw t0, t1, t2", a -> a.sraw(T0, T1, T2));
        full("fence rw, w", a -> a.fence(0b0011, 0b0001));
        full("fence iorw, iorw", a -> a.fence(15, 15));
        full("fence.i", Asm::fenceI);
    }

    private void mulDivAtomic() {
        full("mul a0, a1, a2", a -> a.mul(A0, A1, A2));
        full("mulh a0, a1, a2", a -> a.mulh(A0, A1, A2));
        full("mulhsu a0, a1, a2", a -> a.mulhsu(A0, A1, A2));
        full("mulhu a0, a1, a2", a -> a.mulhu(A0, A1, A2));
        full("div a0, a1, a2", a -> a.div(A0, A1, A2));
        full("divu a0, a1, a2", a -> a.divu(A0, A1, A2));
        full("rem a0, a1, a2", a -> a.rem(A0, A1, A2));
        full("remu a0, a1, a2", a -> a.remu(A0, A1, A2));
        full("mulw a0, a1, a2", a -> a.mulw(A0, A1, A2));
        full("divw a0, a1, a2", a -> a.divw(A0, A1, A2));
        full("divuw a0, a1, a2", a -> a.divuw(A0, A1, A2));
        full("remw a0, a1, a2", a -> a.remw(A0, A1, A2));
        full("remuw a0, a1, a2", a -> a.remuw(A0, A1, A2));
        full("lr.w a0, (a1)", a -> a.lrW(A0, A1));
        full("lr.d t0, (t1)", a -> a.lrD(T0, T1));
        full("sc.w a0, a2, (a1)", a -> a.scW(A0, A2, A1));
        full("sc.d a0, a2, (a1)", a -> a.scD(A0, A2, A1));
        String[] names = {"amoswap", "amoadd", "amoxor", "amoand", "amoor", "amomin", "amomax", "amominu", "amomaxu"};
        int[] f5 = {AMOSWAP, AMOADD, AMOXOR, AMOAND, AMOOR, AMOMIN, AMOMAX, AMOMINU, AMOMAXU};
        for (int k = 0; k < names.length; k++) {
            int f = f5[k];
            full(names[k] + ".w s0, s1, (s2)", a -> a.amo(f, 4, S0, S1, S2));
            full(names[k] + ".d s0, s1, (s2)", a -> a.amo(f, 8, S0, S1, S2));
        }
    }

    private void system() {
        full("ecall", Asm::ecall);
        full("ebreak", Asm::ebreak);
        full("mret", Asm::mret);
        full("sret", Asm::sret);
        full("wfi", Asm::wfi);
        full("sfence.vma a0, a1", a -> a.sfenceVma(A0, A1));
        full("sfence.vma zero, zero", a -> a.sfenceVma(ZERO, ZERO));
        full("csrrw a0, mstatus, a1", a -> a.csrrw(A0, 0x300, A1));
        full("csrrs a0, mhartid, zero", a -> a.csrrs(A0, 0xf14, ZERO));
        full("csrrc zero, sie, t0", a -> a.csrrc(ZERO, 0x104, T0));
        full("csrrwi a0, mscratch, 31", a -> a.csrrwi(A0, 0x340, 31));
        full("csrrsi a0, sstatus, 2", a -> a.csrrsi(A0, 0x100, 2));
        full("csrrci a0, mie, 8", a -> a.csrrci(A0, 0x304, 8));
        full("li a0, 0x12345678", a -> a.li(A0, 0x12345678));
        full("li a0, -1", a -> a.li(A0, -1));
        full("li a0, 0x7ffff800", a -> a.li(A0, 0x7ffff800L));
    }

    private void compressed() {
        rvc("c.addi4spn s0, sp, 1020", c_addi4spn(S0, 1020));
        rvc("c.addi4spn a5, sp, 4", c_addi4spn(A5, 4));
        rvc("c.lw a0, 124(a1)", c_lw(A0, 124, A1));
        rvc("c.lw s1, 4(s0)", c_lw(S1, 4, S0));
        rvc("c.ld a2, 248(a3)", c_ld(A2, 248, A3));
        rvc("c.sw a4, 64(a5)", c_sw(A4, 64, A5));
        rvc("c.sd s0, 128(s1)", c_sd(S0, 128, S1));
        rvc("c.nop", c_nop());
        rvc("c.addi t0, -32", c_addi(T0, -32));
        rvc("c.addiw t1, 31", c_addiw(T1, 31));
        rvc("c.li a0, -1", c_li(A0, -1));
        rvc("c.addi16sp sp, -512", c_addi16sp(-512));
        rvc("c.addi16sp sp, 496", c_addi16sp(496));
        rvc("c.lui a0, 0xfffe0", c_lui(A0, -32));
        rvc("c.lui t2, 31", c_lui(T2, 31));
        rvc("c.srli a0, 63", c_srli(A0, 63));
        rvc("c.srai s1, 1", c_srai(S1, 1));
        rvc("c.andi a2, -1", c_andi(A2, -1));
        rvc("c.sub a0, a1", c_sub(A0, A1));
        rvc("c.xor s0, a5", c_xor(S0, A5));
        rvc("c.or a3, a4", c_or(A3, A4));
        rvc("c.and a1, s1", c_and(A1, S1));
        rvc("c.subw a0, a1", c_subw(A0, A1));
        rvc("c.addw a2, a3", c_addw(A2, A3));
        rvc("c.j .-2048", c_j(-2048));
        rvc("c.j .+2046", c_j(2046));
        rvc("c.j .+0x2aa", c_j(0x2aa));
        rvc("c.beqz a0, .-256", c_beqz(A0, -256));
        rvc("c.bnez s1, .+254", c_bnez(S1, 254));
        rvc("c.bnez a5, .+0xaa", c_bnez(A5, 0xaa));
        rvc("c.slli t0, 63", c_slli(T0, 63));
        rvc("c.lwsp ra, 252(sp)", c_lwsp(RA, 252));
        rvc("c.ldsp t6, 504(sp)", c_ldsp(T6, 504));
        rvc("c.swsp a0, 252(sp)", c_swsp(A0, 252));
        rvc("c.sdsp s11, 504(sp)", c_sdsp(S11, 504));
        rvc("c.jr ra", c_jr(RA));
        rvc("c.mv a0, t6", c_mv(A0, T6));
        rvc("c.ebreak", c_ebreak());
        rvc("c.jalr t0", c_jalr(T0));
        rvc("c.add s2, s3", c_add(S2, S3));
    }
}
