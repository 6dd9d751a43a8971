package dev.adjoint.backend.cuda;

import dev.adjoint.backend.cuda.KernelArgs.Param;
import dev.adjoint.cuda.KernelModule;

/**
 * Deterministic float32 reductions ({@code reduce.cu}): the order of additions depends only on the
 * shape, so the same input gives the same bits on every run and every device. No atomics. Two-pass
 * reductions take their scratch space from the pool and give it back right after queuing (safe in
 * stream order).
 */
public final class CudaReductions {
    static final String MAX_ROWS = "max_rows_f32";
    static final String MAX_ROWS_BACKWARD = "max_rows_backward_f32";
    /** Most partial sums {@link #sumAll} makes in its first pass (one block each). */
    static final int MAX_PARTIALS = 1024;
    private static final int MIN_CHUNK = 4096;
    private static final int MAX_COLUMN_CHUNKS = 64;
    private static final int MIN_ROWS_PER_CHUNK = 64;

    private final CudaContext context;
    private final DeviceMemoryPool pool;
    private final KernelArgs partialsArgs = new KernelArgs(Param.LONG, Param.LONG, Param.POINTER, Param.POINTER);
    private final KernelArgs finishArgs = new KernelArgs(Param.INT, Param.POINTER, Param.POINTER, Param.FLOAT);
    private final KernelArgs rowsArgs = new KernelArgs(Param.INT, Param.INT, Param.POINTER, Param.POINTER, Param.FLOAT);
    private final KernelArgs colsPartialsArgs = new KernelArgs(Param.INT, Param.INT, Param.INT, Param.POINTER, Param.POINTER);
    private final KernelArgs colsFinishArgs = new KernelArgs(Param.INT, Param.INT, Param.POINTER, Param.POINTER, Param.FLOAT);
    private final KernelArgs argmaxArgs = new KernelArgs(Param.INT, Param.INT, Param.POINTER, Param.POINTER);
    private final KernelArgs maxBackwardArgs = new KernelArgs(Param.INT, Param.INT, Param.POINTER, Param.POINTER,
            Param.POINTER);

    public CudaReductions(CudaContext context, DeviceMemoryPool pool) {
        this.context = context;
        this.pool = pool;
    }

    /** Elements per first-pass block for {@code n} elements: a multiple of 4, a function of n alone. */
    static long chunkFor(long n) {
        long chunk = Math.max(MIN_CHUNK, (n + MAX_PARTIALS - 1) / MAX_PARTIALS);
        return (chunk + 3) / 4 * 4;
    }

    /** Rows per first-pass chunk of {@link #sumColumns}: a function of rows alone. */
    static int rowsPerChunk(int rows) {
        return Math.max(MIN_ROWS_PER_CHUNK, (rows + MAX_COLUMN_CHUNKS - 1) / MAX_COLUMN_CHUNKS);
    }

    /** {@code out[0] = scale * sum(x[0..n))} ({@code scale = 1/n} gives the mean). */
    public void sumAll(long n, long x, long out, float scale) {
        if (n < 0) throw new IllegalArgumentException("sum: element count must be >= 0, got " + n);
        long chunk = chunkFor(n);
        int partials = (int) Math.max(1, (n + chunk - 1) / chunk);
        try (DeviceBlock scratch = pool.acquireFloats(partials)) {
            if (n == 0) {
                context.fill32(scratch.address(), 0, 1);  // one partial of 0: sum() of nothing is 0
            } else {
                partialsArgs.int64(0, n).int64(1, chunk).pointer(2, x).pointer(3, scratch.address());
                context.launch(context.function(KernelModule.REDUCE, "sum_partials_f32"), partials, 1, 1, 256, 1, 1, 0,
                        partialsArgs);
            }
            finishArgs.int32(0, partials).pointer(1, scratch.address()).pointer(2, out).float32(3, scale);
            context.launch(context.function(KernelModule.REDUCE, "sum_finish_f32"), 1, 1, 1, 256, 1, 1, 0, finishArgs);
        }
    }

    /** {@code out[r] = scale * sum_c x[r, c]} for a {@code [rows, cols]} matrix. */
    public void sumRows(int rows, int cols, long x, long out, float scale) {
        requireShape("sum over rows", rows, cols);
        if (rows == 0) return;
        rowsArgs.int32(0, rows).int32(1, cols).pointer(2, x).pointer(3, out).float32(4, scale);
        context.launch(context.function(KernelModule.REDUCE, "sum_rows_f32"), (rows + 7) / 8, 1, 1, 256, 1, 1, 0, rowsArgs);
    }

    /** {@code out[c] = scale * sum_r x[r, c]} for a {@code [rows, cols]} matrix (a dense layer's bias gradient). */
    public void sumColumns(int rows, int cols, long x, long out, float scale) {
        requireShape("sum over columns", rows, cols);
        if (cols == 0) return;
        int perChunk = rowsPerChunk(rows);
        int chunks = Math.max(1, (rows + perChunk - 1) / perChunk);
        try (DeviceBlock scratch = pool.acquireFloats((long) chunks * cols)) {
            colsPartialsArgs.int32(0, rows).int32(1, cols).int32(2, perChunk).pointer(3, x).pointer(4, scratch.address());
            context.launch(context.function(KernelModule.REDUCE, "sum_cols_partials_f32"), (cols + 31) / 32, chunks, 1,
                    32, 8, 1, 0, colsPartialsArgs);
            colsFinishArgs.int32(0, chunks).int32(1, cols).pointer(2, scratch.address()).pointer(3, out).float32(4, scale);
            context.launch(context.function(KernelModule.REDUCE, "sum_cols_finish_f32"),
                    context.gridStrideBlocks(cols, 256), 1, 1, 256, 1, 1, 0, colsFinishArgs);
        }
    }

    /** {@code out[r] = max_c x[r, c]}, as a fold of Java's {@code Math.max} (NaN wins, +0 beats -0): exact. */
    public void maxRows(int rows, int cols, long x, long out) {
        requireShape("max over rows", rows, cols);
        if (cols == 0 && rows > 0) throw new IllegalArgumentException("max over rows: rows of length 0 have no maximum");
        if (rows == 0) return;
        argmaxArgs.int32(0, rows).int32(1, cols).pointer(2, x).pointer(3, out);
        context.launch(context.function(KernelModule.REDUCE, MAX_ROWS), (rows + 7) / 8, 1, 1, 256, 1, 1, 0,
                argmaxArgs);
    }

    /**
     * The adjoint of {@link #maxRows}: {@code out[r, c] = g[r] / ties_r} where {@code x[r, c]} is the
     * row's maximum (shared equally among its {@code ties_r} positions), else 0.
     */
    public void maxRowsBackward(int rows, int cols, long x, long g, long out) {
        requireShape("max backward over rows", rows, cols);
        if (rows == 0 || cols == 0) return;
        maxBackwardArgs.int32(0, rows).int32(1, cols).pointer(2, x).pointer(3, g).pointer(4, out);
        context.launch(context.function(KernelModule.REDUCE, MAX_ROWS_BACKWARD), (rows + 7) / 8, 1, 1, 256, 1, 1, 0,
                maxBackwardArgs);
    }

    /** {@code out[r]} (int32) = index of the first largest element of row r; NaN counts as largest. */
    public void argmaxRows(int rows, int cols, long x, long out) {
        requireShape("argmax over rows", rows, cols);
        if (cols == 0 && rows > 0) throw new IllegalArgumentException("argmax over rows: rows of length 0 have no maximum");
        if (rows == 0) return;
        argmaxArgs.int32(0, rows).int32(1, cols).pointer(2, x).pointer(3, out);
        context.launch(context.function(KernelModule.REDUCE, "argmax_rows_f32"), (rows + 7) / 8, 1, 1, 256, 1, 1, 0,
                argmaxArgs);
    }

    private static void requireShape(String op, int rows, int cols) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException(op + ": shape [" + rows + ", " + cols + "] has a negative size");
    }
}
