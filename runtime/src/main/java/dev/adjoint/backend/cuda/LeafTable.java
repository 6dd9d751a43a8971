package dev.adjoint.backend.cuda;

/**
 * The leaves of one multi-leaf optimizer launch ({@code adam_apply_leaves_f32},
 * {@code sgd_apply_leaves_f32}), written straight into the kernel's by-value table struct
 * (optimizers.cu): per leaf a fixed list of 64-bit fields (the kernel's pointers, then the
 * element count last), as little-endian 32-bit words, beside the launch's constant words. The
 * table travels in the launch's parameter space, so a step uploads nothing; it holds
 * {@link #MAX_LEAVES} leaves, and a model with more takes one launch per table.
 */
final class LeafTable {
    /** {@code ADAM_MAX_LEAVES} in optimizers.cu: 48 leaves of at most 72 bytes keep the parameters under 4 KiB. */
    static final int MAX_LEAVES = 48;

    /** Adam's fields per leaf, in {@code AdamLeaf}'s order. */
    enum AdamField { P_OUT, M_OUT, V_OUT, P, G, M, V, DECAYED, LENGTH }

    /** SGD's fields per leaf, in {@code SgdLeaf}'s order (the trace pointers 0 without momentum). */
    enum SgdField { P_OUT, T_OUT, P, G, T, LENGTH }

    private final String op;
    private final int fieldsPerLeaf;
    private final int[] constants;
    private final int[] words;
    private int count;
    private long longest;

    /**
     * @param op the operation, for messages
     * @param fieldsPerLeaf the 64-bit fields of one leaf, the element count last
     * @param constants the launch's constant struct as 32-bit words
     */
    LeafTable(String op, int fieldsPerLeaf, int[] constants) {
        this.op = op;
        this.fieldsPerLeaf = fieldsPerLeaf;
        this.constants = constants.clone();
        this.words = new int[MAX_LEAVES * fieldsPerLeaf * 2];
    }

    /** Adds a leaf: its fields in the kernel's order, the element count last. */
    void add(long... fields) {
        if (fields.length != fieldsPerLeaf) {
            throw new IllegalArgumentException(op + ": a leaf has " + fieldsPerLeaf + " fields, got " + fields.length);
        }
        if (count == MAX_LEAVES) throw new IllegalStateException(op + ": a table holds " + MAX_LEAVES + " leaves");
        long length = fields[fieldsPerLeaf - 1];
        if (length < 0) throw new IllegalArgumentException(op + ": a leaf's length must be >= 0, got " + length);
        int base = count * fieldsPerLeaf * 2;
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

    /** The launch's constant struct. */
    int[] constants() {
        return constants;
    }

    /** The table struct's words (the unused leaves are zero). */
    int[] words() {
        return words;
    }

    /** Field {@code field} of leaf {@code leaf}, read back from the words (what the kernel will see). */
    long field(int leaf, int field) {
        int i = (leaf * fieldsPerLeaf + field) * 2;
        return (words[i] & 0xFFFF_FFFFL) | ((long) words[i + 1] << 32);
    }

    /** The element count of leaf {@code leaf}. */
    long length(int leaf) {
        return field(leaf, fieldsPerLeaf - 1);
    }
}
