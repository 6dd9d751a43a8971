package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pure host plans behind the CUDA backend: merged strides, strided copies, reduction layouts, scatter plans. */
class HostPlansTest {
    private final Random random = new Random();

    @Test
    void coalescingMergesContiguousAndBroadcastRunsAndDropsOnes() {
        int[][] contiguous = Strides.coalesce(new int[] {2, 3, 4}, Strides.rowMajor(new int[] {2, 3, 4}));
        assertArrayEquals(new int[] {24}, contiguous[0]);
        assertArrayEquals(new int[] {1}, contiguous[1]);
        // [3, 1, 5] broadcast over [3, 4, 5] against a full [3, 4, 5]: the 4 cannot merge with either neighbour
        int[][] bias = Strides.coalesce(new int[] {3, 4, 5}, Strides.broadcast(new int[] {3, 1, 5}, new int[] {3, 4, 5}),
                Strides.rowMajor(new int[] {3, 4, 5}));
        assertArrayEquals(new int[] {3, 4, 5}, bias[0]);
        assertArrayEquals(new int[] {5, 0, 1}, bias[1]);
        // a row vector broadcast over [2, 3, 4]: the leading axes merge into one stride-0 axis
        int[][] row = Strides.coalesce(new int[] {2, 3, 4}, Strides.broadcast(new int[] {4}, new int[] {2, 3, 4}));
        assertArrayEquals(new int[] {6, 4}, row[0]);
        assertArrayEquals(new int[] {0, 1}, row[1]);
        int[][] ones = Strides.coalesce(new int[] {1, 1}, new int[] {1, 1});
        assertEquals(0, ones[0].length, "a single element has no axes");
        assertArrayEquals(new int[] {3, 0}, Strides.coalesce(new int[] {3, 0}, new int[] {0, 1})[0], "empty shapes stay");
    }

    /** Runs a plan as the kernel does (launch by launch, from its struct words) over host arrays. */
    static float[] execute(StridedCopy plan, float[] x, int outSize) {
        float[] out = new float[outSize];
        Arrays.fill(out, Float.NaN);
        int[] w = plan.structWords();
        int rank = w[0];
        for (int l = 0; l < plan.launches(); l++) {
            long src0 = plan.sourceOffset(l), dst0 = plan.destinationOffset(l);
            for (int i = 0; i < plan.elementsPerLaunch(); i++) {
                int rest = i, src = 0, dst = 0;
                for (int d = rank - 1; d >= 0; d--) {
                    int idx = rest % w[1 + d];
                    rest /= w[1 + d];
                    src += idx * w[1 + StridedCopy.MAX_RANK + d];
                    dst += idx * w[1 + 2 * StridedCopy.MAX_RANK + d];
                }
                out[(int) dst0 + dst] = x[(int) src0 + src];
            }
        }
        return out;
    }

    @Test
    void transposePlansOfAnyRankMoveEveryElementWhereTheDefinitionSays() {
        for (int trial = 0; trial < 300; trial++) {
            int rank = 1 + random.nextInt(9);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) shape[d] = 1 + random.nextInt(3);
            int[] perm = randomPermutation(rank);
            int n = BackendConformance.size(shape);
            float[] x = new float[n];
            for (int i = 0; i < n; i++) x[i] = i;
            float[] got = execute(StridedCopy.transpose("transpose", shape, perm), x, n);
            int[] in = Strides.rowMajor(shape);
            int[] outShape = new int[rank];
            for (int d = 0; d < rank; d++) outShape[d] = shape[perm[d]];
            for (int o = 0; o < n; o++) {
                int rest = o, src = 0;
                for (int d = rank - 1; d >= 0; d--) {
                    src += (rest % outShape[d]) * in[perm[d]];
                    rest /= outShape[d];
                }
                assertEquals(x[src], got[o], "shape " + Arrays.toString(shape) + " perm " + Arrays.toString(perm) + " at " + o);
            }
        }
    }

    @Test
    void copiesBeyondSixAxesSplitIntoLaunchesOverTheLeadingOnes() {
        StridedCopy plan = StridedCopy.transpose("transpose", new int[] {2, 2, 2, 2, 2, 2, 2, 2}, new int[] {7, 6, 5, 4, 3, 2, 1, 0});
        assertEquals(8, plan.rank());
        assertEquals(4, plan.launches());
        assertEquals(64, plan.elementsPerLaunch());
        assertEquals(6, plan.structWords()[0]);
        assertEquals(0, plan.sourceOffset(0));
        assertEquals(2, plan.sourceOffset(1), "output axis 1 is input axis 6, stride 2");
        assertEquals(64, plan.destinationOffset(1));
        StridedCopy small = StridedCopy.rows("slice", 4, 3, 10, 3);
        assertEquals(1, small.launches());
        assertEquals(12, small.elementsPerLaunch());
        assertEquals(0, StridedCopy.rows("slice", 4, 0, 10, 0).launches(), "nothing to copy: no launch");
    }

    @Test
    void reductionLayoutsNameTheKernelsAndPermuteInvertibly() {
        assertEquals(ReductionLayout.Kind.ALL, layout(new int[] {3, 4}, true, true).kind());
        assertEquals(ReductionLayout.Kind.ROWS, layout(new int[] {3, 4}, false, true).kind());
        assertEquals(ReductionLayout.Kind.COLUMNS, layout(new int[] {3, 4}, true, false).kind());
        assertEquals(ReductionLayout.Kind.COPY, layout(new int[] {3, 1, 4}, false, true, false).kind());
        assertEquals(ReductionLayout.Kind.ROWS, layout(new int[] {3, 1, 4}, false, false, true).kind(), "length-1 axes vanish");
        assertEquals(ReductionLayout.Kind.EMPTY, layout(new int[] {3, 0}, false, true).kind());
        ReductionLayout rows = layout(new int[] {2, 3, 4, 5}, false, false, true, true);
        assertEquals(ReductionLayout.Kind.ROWS, rows.kind());
        assertEquals(6, rows.kept());
        assertEquals(20, rows.reduced());
        assertNull(rows.toRows());
        ReductionLayout mixed = layout(new int[] {2, 3, 4, 5}, true, false, true, false);
        assertEquals(ReductionLayout.Kind.PERMUTED, mixed.kind());
        assertEquals(15, mixed.kept());
        assertEquals(8, mixed.reduced());
        float[] x = new float[120];
        for (int i = 0; i < x.length; i++) x[i] = i;
        float[] asRows = execute(mixed.toRows(), x, 120);
        // row k of [kept, reduced] holds the elements whose kept coordinates (axes 1, 3) index k
        assertEquals(x[0 * 60 + 1 * 20 + 0 * 5 + 2], asRows[(1 * 5 + 2) * 8 + 0]);
        assertEquals(x[1 * 60 + 1 * 20 + 3 * 5 + 2], asRows[(1 * 5 + 2) * 8 + (1 * 4 + 3)]);
        assertArrayEquals(x, execute(mixed.fromRows(), asRows, 120), "fromRows undoes toRows");
    }

    private static ReductionLayout layout(int[] shape, boolean... reduced) {
        return ReductionLayout.of("test", shape, reduced);
    }

    @Test
    void scatterPlansListEachRowsSourcesInIndexOrder() {
        int[] plan = ScatterPlan.of(new int[] {2, 0, 2, 2, 1}, 4);
        assertArrayEquals(new int[] {0, 1, 2, 5, 5, /* sources */ 1, 4, 0, 2, 3}, plan);
    }

    private int[] randomPermutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
