package dev.adjoint.backend.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * How a reduction over any set of axes runs on the row kernels, which reduce the rows of a
 * {@code [kept, reduced]} matrix (or the columns of a {@code [reduced, kept]} one). Axes of length
 * 1 are ignored and neighbouring axes alike in being reduced or kept are merged; what remains is
 * one of the {@link Kind}s. Pure host logic.
 *
 * @param kind      which kernels run
 * @param kept      elements of the result (the kept axes' product)
 * @param reduced   elements folded into each result element
 * @param toRows    for {@link Kind#COLUMNS} and {@link Kind#PERMUTED}: the copy that brings x into
 *                  {@code [kept, reduced]} order (null for the other kinds)
 * @param fromRows  likewise, the copy that takes a {@code [kept, reduced]} array back to x's layout
 */
record ReductionLayout(Kind kind, int kept, int reduced, StridedCopy toRows, StridedCopy fromRows) {

    /** The shapes a reduction can take once merged. */
    enum Kind {
        /** The result, or the input, has no elements: nothing to read. */
        EMPTY,
        /** No axis longer than 1 is reduced: the result is a copy. */
        COPY,
        /** Every element folds into one. */
        ALL,
        /** {@code [kept, reduced]}: each result element is a contiguous row. */
        ROWS,
        /** {@code [reduced, kept]}: each result element is a column (a bias gradient); sums read it in place. */
        COLUMNS,
        /** Kept and reduced axes interleave: a copy makes them {@code [kept, reduced]} first. */
        PERMUTED
    }

    static ReductionLayout of(String op, int[] shape, boolean[] reducedAxes) {
        long kept = 1, reduced = 1;
        List<int[]> groups = new ArrayList<>();  // {length, 1 if reduced}
        for (int d = 0; d < shape.length; d++) {
            if (reducedAxes[d]) reduced *= shape[d]; else kept *= shape[d];
            if (shape[d] == 1) continue;
            int flag = reducedAxes[d] ? 1 : 0;
            int[] last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (last != null && last[1] == flag) last[0] *= shape[d];
            else groups.add(new int[] {shape[d], flag});
        }
        if (kept == 0 || reduced == 0) return new ReductionLayout(Kind.EMPTY, (int) kept, (int) reduced, null, null);
        boolean anyReduced = false, anyKept = false;
        for (int[] g : groups) {
            anyReduced |= g[1] == 1;
            anyKept |= g[1] == 0;
        }
        if (!anyReduced) return new ReductionLayout(Kind.COPY, (int) kept, 1, null, null);
        if (!anyKept) return new ReductionLayout(Kind.ALL, 1, (int) reduced, null, null);
        if (groups.size() == 2 && groups.get(0)[1] == 0) {
            return new ReductionLayout(Kind.ROWS, (int) kept, (int) reduced, null, null);
        }
        int n = groups.size();
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) lengths[i] = groups.get(i)[0];
        int[] strides = Strides.rowMajor(lengths);
        int[] permShape = new int[n];
        int[] permStrides = new int[n];
        int at = 0;
        for (int pass = 0; pass < 2; pass++) {  // kept groups first, then reduced ones, each in order
            for (int i = 0; i < n; i++) {
                if (groups.get(i)[1] == pass) {
                    permShape[at] = lengths[i];
                    permStrides[at++] = strides[i];
                }
            }
        }
        int[] contiguous = Strides.rowMajor(permShape);
        Kind kind = groups.size() == 2 ? Kind.COLUMNS : Kind.PERMUTED;
        return new ReductionLayout(kind, (int) kept, (int) reduced,
                StridedCopy.of(op, permShape, permStrides, contiguous), StridedCopy.of(op, permShape, contiguous, permStrides));
    }
}
