package dev.adjoint.backend.cuda;

/**
 * The host half of a deterministic scatter-add of rows: for each output row, the input rows that
 * add into it, in index order, as one int array {@code offsets[outRows + 1]} followed by
 * {@code sources[n]} (a counting sort, stable, so each list keeps the order of {@code rows}).
 * The kernel then adds each list from 0 in that order, exactly as a sequential loop would: the
 * bits match the CPU backend's and never depend on scheduling. Pure host logic.
 */
final class ScatterPlan {
    private ScatterPlan() {}

    /** The plan for scattering {@code rows.length} rows into {@code outRows} rows (indices already checked). */
    static int[] of(int[] rows, int outRows) {
        int[] plan = new int[outRows + 1 + rows.length];
        for (int r : rows) plan[r + 1]++;
        for (int r = 0; r < outRows; r++) plan[r + 1] += plan[r];
        int[] next = new int[outRows];
        System.arraycopy(plan, 0, next, 0, outRows);
        for (int i = 0; i < rows.length; i++) {
            plan[outRows + 1 + next[rows[i]]++] = i;
        }
        return plan;
    }
}
