package dev.adjoint.backend.cuda;

import java.util.Arrays;

/**
 * NumPy broadcasting of two shapes, and the stride table the {@code *_bcast} kernels read
 * (a struct of 19 ints: rank, then 6 sizes, 6 strides of a, 6 strides of b, in elements, with
 * stride 0 along the dimensions an operand is broadcast over). Pure host logic.
 */
final class Broadcast {
    static final int MAX_RANK = 6;
    static final int STRUCT_WORDS = 1 + 3 * MAX_RANK;

    private final int[] shape;
    private final int[] words;

    private Broadcast(int[] shape, int[] words) {
        this.shape = shape;
        this.words = words;
    }

    /** Broadcasts {@code a} against {@code b}; the error names the operation and both shapes. */
    static Broadcast of(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        if (rank > MAX_RANK) {
            throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                    + " have more than " + MAX_RANK + " dimensions");
        }
        int[] out = new int[rank];
        for (int d = 0; d < rank; d++) {
            int da = dim(a, d, rank), db = dim(b, d, rank);
            if (da < 0 || db < 0) {
                throw new IllegalArgumentException(op + ": negative size in " + Arrays.toString(a) + " or " + Arrays.toString(b));
            }
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast (dimension " + d + " of the result: " + da + " vs " + db + ")");
            }
            out[d] = da == 1 ? db : da;
        }
        long n = 1;
        for (int s : out) n *= s;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": result " + Arrays.toString(out) + " has more than 2^31-1 elements");
        }
        int[] words = new int[STRUCT_WORDS];
        words[0] = rank;
        int[] sa = stridesAligned(a, rank), sb = stridesAligned(b, rank);
        for (int d = 0; d < rank; d++) {
            words[1 + d] = out[d];
            words[1 + MAX_RANK + d] = dim(a, d, rank) == 1 ? 0 : sa[d];
            words[1 + 2 * MAX_RANK + d] = dim(b, d, rank) == 1 ? 0 : sb[d];
        }
        return new Broadcast(out, words);
    }

    int[] shape() {
        return shape.clone();
    }

    long elements() {
        long n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    int[] structWords() {
        return words.clone();
    }

    /** Size of dimension d of `shape` right-aligned to `rank` dims (1 where it has none). */
    private static int dim(int[] shape, int d, int rank) {
        int i = d - (rank - shape.length);
        return i < 0 ? 1 : shape[i];
    }

    /** Row-major element strides of `shape`, right-aligned to `rank` dims. */
    private static int[] stridesAligned(int[] shape, int rank) {
        int[] strides = new int[rank];
        long s = 1;
        for (int d = rank - 1; d >= 0; d--) {
            strides[d] = (int) s;
            s *= dim(shape, d, rank);
        }
        return strides;
    }
}
