package dev.vmlab.asm;

/**
 * The value of an expression. Before layout a label's value is an offset in its section, so
 * {@code base} names that section; after layout every address is final and {@code base} is
 * {@link #LINKED}. Absolute numbers (constants, differences of labels in one section) have
 * base {@link #ABSOLUTE}. Only absolute values are usable where a size or count must be known
 * before layout ({@code .zero}, {@code .if}, {@code li}).
 */
record Value(long v, int base) {
    static final int ABSOLUTE = -1;
    static final int LINKED = -2;

    static Value abs(long v) {
        return new Value(v, ABSOLUTE);
    }

    boolean absolute() {
        return base == ABSOLUTE;
    }
}
