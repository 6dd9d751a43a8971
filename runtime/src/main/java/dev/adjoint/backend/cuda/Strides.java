package dev.adjoint.backend.cuda;

/** Element strides of row-major and broadcast views, and the merging of axes that kernels need not see apart. */
final class Strides {
    private Strides() {}

    /** Product of {@code shape[from..to)}. */
    static int product(int[] shape, int from, int to) {
        int p = 1;
        for (int d = from; d < to; d++) p *= shape[d];
        return p;
    }

    /** Row-major strides of a contiguous tensor of {@code shape}. */
    static int[] rowMajor(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= shape[d];
        }
        return strides;
    }

    /**
     * Strides for reading a contiguous tensor of {@code from} as if it had shape {@code to}
     * (NumPy broadcasting, already checked): 0 along the axes it is stretched over.
     */
    static int[] broadcast(int[] from, int[] to) {
        int[] own = rowMajor(from);
        int[] out = new int[to.length];
        int lead = to.length - from.length;
        for (int d = 0; d < from.length; d++) {
            out[lead + d] = from[d] == 1 && to[lead + d] != 1 ? 0 : own[d];
        }
        return out;
    }

    /**
     * The same traversal with fewer axes: axes of length 1 are dropped, and an axis is merged into
     * the one after it when every operand steps over it exactly as far as over the whole inner
     * axis ({@code stride[d] == stride[d + 1] * shape[d + 1]}, which holds for both 0 strides of a
     * broadcast and contiguous runs). Returns {@code {shape, strides of operand 0, ...}}; a shape
     * with a 0 length is returned unmerged, as there is nothing to traverse.
     */
    static int[][] coalesce(int[] shape, int[]... strides) {
        for (int d : shape) {
            if (d == 0) {
                int[][] same = new int[strides.length + 1][];
                same[0] = shape.clone();
                for (int k = 0; k < strides.length; k++) same[k + 1] = strides[k].clone();
                return same;
            }
        }
        int[] outShape = new int[shape.length];
        int[][] outStrides = new int[strides.length][shape.length];
        int rank = 0;  // axes written so far, innermost first
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 1) continue;
            boolean merge = rank > 0;
            for (int k = 0; merge && k < strides.length; k++) {
                merge = (long) strides[k][d] == (long) outStrides[k][rank - 1] * outShape[rank - 1];
            }
            if (merge) {
                outShape[rank - 1] *= shape[d];
            } else {
                outShape[rank] = shape[d];
                for (int k = 0; k < strides.length; k++) outStrides[k][rank] = strides[k][d];
                rank++;
            }
        }
        int[][] result = new int[strides.length + 1][];
        result[0] = reversedPrefix(outShape, rank);
        for (int k = 0; k < strides.length; k++) result[k + 1] = reversedPrefix(outStrides[k], rank);
        return result;
    }

    private static int[] reversedPrefix(int[] values, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) out[i] = values[count - 1 - i];
        return out;
    }
}
