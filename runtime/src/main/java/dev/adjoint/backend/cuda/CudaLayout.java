package dev.adjoint.backend.cuda;

import dev.adjoint.backend.cuda.KernelArgs.Param;
import dev.adjoint.cuda.KernelModule;

/**
 * Float32 copies that rearrange elements ({@code layout.cu}): strided copies (transposes,
 * broadcasts, slices, concatenation parts), row gathers, and their deterministic adjoint, the row
 * scatter-add. Outputs must not overlap inputs. Launches are queued on the context's stream.
 */
public final class CudaLayout {
    static final String STRIDED_COPY = "strided_copy_f32";
    static final String GATHER_ROWS = "gather_rows_f32";
    static final String SCATTER_ADD_ROWS = "scatter_add_rows_f32";
    private static final int THREADS = 256;

    private final CudaContext context;
    private final KernelArgs copyArgs = new KernelArgs(Param.INT, Param.struct(StridedCopy.STRUCT_WORDS),
            Param.POINTER, Param.POINTER);
    private final KernelArgs gatherArgs = new KernelArgs(Param.INT, Param.INT, Param.POINTER, Param.POINTER,
            Param.POINTER);
    private final KernelArgs scatterArgs = new KernelArgs(Param.INT, Param.INT, Param.POINTER, Param.POINTER,
            Param.POINTER);

    public CudaLayout(CudaContext context) {
        this.context = context;
    }

    /**
     * Queues one launch of the plan: {@code out[dst(i)] = x[src(i)]} over the plan's (at most six)
     * innermost axes; {@code x} and {@code out} already point at that launch's offsets.
     */
    void copy(StridedCopy plan, long x, long out) {
        int n = plan.elementsPerLaunch();
        if (n == 0) return;
        copyArgs.int32(0, n).struct(1, plan.structWords()).pointer(2, x).pointer(3, out);
        context.launch(context.function(KernelModule.LAYOUT, STRIDED_COPY),
                context.gridStrideBlocks(n, THREADS), 1, 1, THREADS, 1, 1, 0, copyArgs);
    }

    /**
     * {@code out[i, :] = x[rows[i], :]} for {@code i < count}: {@code rows} is a device array of
     * {@code count} ints, each already checked to name a row of {@code x}.
     */
    void gatherRows(int count, int rowLength, long rows, long x, long out) {
        requireSizes("gatherRows", count, rowLength);
        if ((long) count * rowLength == 0) return;
        gatherArgs.int32(0, count).int32(1, rowLength).pointer(2, rows).pointer(3, x).pointer(4, out);
        context.launch(context.function(KernelModule.LAYOUT, GATHER_ROWS),
                context.gridStrideBlocks((long) count * rowLength, THREADS), 1, 1, THREADS, 1, 1, 0, gatherArgs);
    }

    /**
     * {@code outRows} rows, row {@code r} the sum (from 0, in list order) of the rows of
     * {@code values} that {@link ScatterPlan} lists for it; {@code plan} is its device copy.
     */
    void scatterAddRows(int outRows, int rowLength, long plan, long values, long out) {
        requireSizes("scatterAddRows", outRows, rowLength);
        if ((long) outRows * rowLength == 0) return;
        scatterArgs.int32(0, outRows).int32(1, rowLength).pointer(2, plan).pointer(3, values).pointer(4, out);
        context.launch(context.function(KernelModule.LAYOUT, SCATTER_ADD_ROWS),
                context.gridStrideBlocks((long) outRows * rowLength, THREADS), 1, 1, THREADS, 1, 1, 0, scatterArgs);
    }

    private static void requireSizes(String op, int rows, int rowLength) {
        if (rows < 0 || rowLength < 0) {
            throw new IllegalArgumentException(op + ": " + rows + " rows of " + rowLength + " elements");
        }
        if ((long) rows * rowLength > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": " + rows + " rows of " + rowLength + " elements exceed 2^31-1");
        }
    }
}
