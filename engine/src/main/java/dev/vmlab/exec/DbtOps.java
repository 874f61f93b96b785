package dev.vmlab.exec;

/**
 * The instructions translated code calls out for instead of inlining bytecode: each one the
 * interpreter's own expression, so both engines compute the same bits (division by zero and
 * overflow included). HotSpot inlines these small static methods.
 */
final class DbtOps {
    private DbtOps() {}

    static long slt(long a, long b) { return a < b ? 1 : 0; }

    static long sltu(long a, long b) { return Long.compareUnsigned(a, b) < 0 ? 1 : 0; }

    static long div(long a, long d) { return d == 0 ? -1 : a / d; }

    static long divu(long a, long d) { return d == 0 ? -1 : Long.divideUnsigned(a, d); }

    static long rem(long a, long d) { return d == 0 ? a : a % d; }

    static long remu(long a, long d) { return d == 0 ? a : Long.remainderUnsigned(a, d); }

    static long divw(long a, long b) { int d = (int) b; return d == 0 ? -1 : (int) a / d; }

    static long divuw(long a, long b) { int d = (int) b; return d == 0 ? -1 : Integer.divideUnsigned((int) a, d); }

    static long remw(long a, long b) { int d = (int) b; return d == 0 ? (int) a : (int) a % d; }

    static long remuw(long a, long b) { int d = (int) b; return d == 0 ? (int) a : Integer.remainderUnsigned((int) a, d); }

    static long mulh(long a, long b) { return Math.multiplyHigh(a, b); }

    static long mulhsu(long a, long b) { return Interpreter.mulhsu(a, b); }

    static long mulhu(long a, long b) { return Interpreter.mulhu(a, b); }
}
