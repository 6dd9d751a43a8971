package dev.adjoint.backend.cuda;

import dev.adjoint.backend.FusedAdamStep;

/**
 * The leaves of one {@code adam_apply_leaves_f32} launch, written straight into the kernel's
 * by-value {@code AdamLeafTable} struct (optimizers.cu): per leaf the seven pointers
 * {@code p_out, m_out, v_out, p, g, m, v} and the element count, 64-bit little-endian words. The
 * table travels in the launch's parameter space, so a step uploads nothing; it holds
 * {@link #MAX_LEAVES} leaves, and a model with more takes one launch per table.
 */
final class AdamLeafTable {
    /** {@code ADAM_MAX_LEAVES} in optimizers.cu: 48 leaves of 64 bytes keep the parameters under 4 KiB. */
    static final int MAX_LEAVES = 48;
    /** Eight 64-bit fields per leaf, as 32-bit words. */
    static final int WORDS_PER_LEAF = 16;
    /** The fields of one leaf, in the struct's order. */
    enum Field { P_OUT, M_OUT, V_OUT, P, G, M, V, LENGTH }

    private final FusedAdamStep step;
    private final int[] words = new int[MAX_LEAVES * WORDS_PER_LEAF];
    private int count;
    private long longest;

    AdamLeafTable(FusedAdamStep step) {
        this.step = step;
    }

    /** Adds a leaf of {@code length} floats; an output address may equal its input's (in place). */
    void add(long pOut, long mOut, long vOut, long p, long g, long m, long v, long length) {
        if (count == MAX_LEAVES) throw new IllegalStateException("adamApply: a table holds " + MAX_LEAVES + " leaves");
        if (length < 0) throw new IllegalArgumentException("adamApply: a leaf's length must be >= 0, got " + length);
        long[] fields = {pOut, mOut, vOut, p, g, m, v, length};
        int base = count * WORDS_PER_LEAF;
        for (int f = 0; f < fields.length; f++) {
            words[base + 2 * f] = (int) fields[f];
            words[base + 2 * f + 1] = (int) (fields[f] >>> 32);
        }
        count++;
        longest = Math.max(longest, length);
    }

    boolean isFull() {
        return count == MAX_LEAVES;
    }

    int count() {
        return count;
    }

    /** The largest leaf's length: it sets the launch's grid along x. */
    long longest() {
        return longest;
    }

    FusedAdamStep step() {
        return step;
    }

    /** The struct's words (the table's unused leaves are zero). */
    int[] words() {
        return words;
    }

    /** One field of leaf {@code leaf}, read back from the words (what the kernel will see). */
    long field(int leaf, Field field) {
        int i = leaf * WORDS_PER_LEAF + 2 * field.ordinal();
        return (words[i] & 0xFFFF_FFFFL) | ((long) words[i + 1] << 32);
    }
}
