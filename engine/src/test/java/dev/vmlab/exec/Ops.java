package dev.vmlab.exec;

import static dev.vmlab.testing.Asm.*;

import dev.vmlab.testing.Asm;
import dev.vmlab.testing.TestMachines;

/** One-instruction experiments: load operands with li, run one op, return rd. */
final class Ops {
    private Ops() {}

    interface R { void emit(Asm a, int rd, int rs1, int rs2); }

    interface I { void emit(Asm a, int rd, int rs1, long imm); }

    interface Sh { void emit(Asm a, int rd, int rs1, int shamt); }

    static long r(R op, long a, long b) {
        return TestMachines.exec(x -> { x.li(A1, a).li(A2, b); op.emit(x, A0, A1, A2); }).assertCompleted().x(A0);
    }

    static long i(I op, long a, long imm) {
        return TestMachines.exec(x -> { x.li(A1, a); op.emit(x, A0, A1, imm); }).assertCompleted().x(A0);
    }

    static long sh(Sh op, long a, int shamt) {
        return TestMachines.exec(x -> { x.li(A1, a); op.emit(x, A0, A1, shamt); }).assertCompleted().x(A0);
    }
}
