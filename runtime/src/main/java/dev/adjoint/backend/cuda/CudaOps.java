package dev.adjoint.backend.cuda;

/**
 * What {@link CudaBackend} needs from a GPU: copies and the project's kernels, over raw device
 * addresses, queued in one stream order. {@link JCudaOps} is the real one (a {@link CudaContext}
 * and the launchers); tests put an emulation in host memory behind it, so that the backend's
 * mapping of tensor operations onto kernels is checked where no GPU is.
 *
 * <p>Each method is a launcher's method with the same contract (see those classes); none
 * allocates device memory except the two-pass reductions' scratch space, which comes from the
 * same {@link DeviceMemoryPool} and goes back to it before the method returns.
 */
interface CudaOps {

    /** Copies host floats to the device, after the queued work (synchronous). */
    void upload(float[] src, long dst);

    /** Copies host ints (row indices) to the device, after the queued work (synchronous). */
    void upload(int[] src, long dst);

    /** Copies {@code dst.length} floats from the device, after the queued work (synchronous). */
    void download(long src, float[] dst);

    /** Queues a device-to-device copy of {@code count} floats. */
    void copy(long src, long dst, long count);

    /** Queues filling {@code count} 32-bit words with {@code bits}. */
    void fill(long dst, int bits, long count);

    /** {@link CudaElementwise#unary(CudaElementwise.UnaryOp, long, long, long, float, float)}. */
    void unary(CudaElementwise.UnaryOp op, long n, long x, long out, float p0, float p1);

    /** {@link CudaElementwise#binary}. */
    void binary(CudaElementwise.BinaryOp op, long n, long a, long b, long out);

    /** {@link CudaElementwise#binaryRowVector}. */
    void binaryRowVector(CudaElementwise.BinaryOp op, long rows, int cols, long a, long b, long out);

    /** {@link CudaElementwise#binaryBroadcast}. */
    void binaryBroadcast(CudaElementwise.BinaryOp op, int[] aShape, long a, int[] bShape, long b, long out);

    /**
     * {@link CudaMatmul#multiply(CudaMatmul.Layout, CudaMatmul.Epilogue, int, int, int, long, long, long, long)}:
     * packed matrices, with {@code bias} (n floats) added to every row in the epilogue, or 0 for none.
     */
    void matmul(CudaMatmul.Layout layout, int m, int n, int k, long a, long b, long c, long bias);

    /** {@link CudaMatmul#multiplySplit}: {@code splits} partial products into {@code partials}. */
    void matmulSplit(CudaMatmul.Layout layout, int m, int n, int k, long a, long b, long partials, int splits);

    /** {@link CudaMatmul#sumSlices}: the partial products added in order, plus an optional row bias. */
    void sumSlices(long count, int slices, long partials, long out, long bias, int columns);

    /** {@link CudaReductions#sumAll}. */
    void sumAll(long n, long x, long out, float scale);

    /** {@link CudaReductions#sumRows}. */
    void sumRows(int rows, int cols, long x, long out, float scale);

    /** {@link CudaReductions#sumColumns}. */
    void sumColumns(int rows, int cols, long x, long out, float scale);

    /** {@link CudaReductions#maxRows}. */
    void maxRows(int rows, int cols, long x, long out);

    /** {@link CudaReductions#maxRowsBackward}. */
    void maxRowsBackward(int rows, int cols, long x, long g, long out);

    /** {@link CudaSoftmax#softmax} or, when {@code log}, {@link CudaSoftmax#logSoftmax}. */
    void softmax(int rows, int cols, long x, long y, boolean log);

    /** {@link CudaSoftmax#softmaxBackward} or {@link CudaSoftmax#logSoftmaxBackward}; {@code y} is the forward output. */
    void softmaxBackward(int rows, int cols, long y, long dy, long dx, boolean log);

    /** {@link CudaSoftmax#crossEntropy}. */
    void softmaxCrossEntropy(int rows, int cols, long x, long labels, long out);

    /** {@link CudaSoftmax#crossEntropyBackward}. */
    void softmaxCrossEntropyBackward(int rows, int cols, long x, long labels, long g, long dx);

    /** {@link CudaLayout#copy}: one launch of the plan, {@code x} and {@code out} at that launch's offsets. */
    void stridedCopy(StridedCopy plan, long x, long out);

    /** {@link CudaLayout#gatherRows}. */
    void gatherRows(int count, int rowLength, long rows, long x, long out);

    /** {@link CudaLayout#scatterAddRows}. */
    void scatterAddRows(int outRows, int rowLength, long plan, long values, long out);

    /** {@link CudaOptimizers#adamApplyLeaves}: one launch over the table's leaves. */
    void adamApplyLeaves(LeafTable table);

    /** {@link CudaOptimizers#sgdApplyLeaves}: one launch over the table's leaves. */
    void sgdApplyLeaves(LeafTable table);
}
