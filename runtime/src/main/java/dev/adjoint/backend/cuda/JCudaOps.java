package dev.adjoint.backend.cuda;

/**
 * {@link CudaOps} on a real GPU: a {@link CudaContext} and one launcher per kernel family, each
 * method a direct call (the launchers validate and reuse their argument buffers). Used under the
 * backend's lock, like the context.
 */
final class JCudaOps implements CudaOps {
    private final CudaContext context;
    private final CudaElementwise elementwise;
    private final CudaMatmul matmul;
    private final CudaReductions reductions;
    private final CudaSoftmax softmax;
    private final CudaLayout layout;
    private final CudaOptimizers optimizers;

    JCudaOps(CudaContext context, DeviceMemoryPool pool) {
        this.context = context;
        this.elementwise = new CudaElementwise(context);
        this.matmul = new CudaMatmul(context);
        this.reductions = new CudaReductions(context, pool);
        this.softmax = new CudaSoftmax(context);
        this.layout = new CudaLayout(context);
        this.optimizers = new CudaOptimizers(context);
    }

    @Override
    public void upload(float[] src, long dst) {
        context.copyToDevice(src, dst);
    }

    @Override
    public void upload(int[] src, long dst) {
        context.copyToDevice(src, dst);
    }

    @Override
    public void download(long src, float[] dst) {
        context.copyToHost(src, dst);
    }

    @Override
    public void copy(long src, long dst, long count) {
        context.copyOnDevice(src, dst, count);
    }

    @Override
    public void fill(long dst, int bits, long count) {
        if (count > 0) context.fill32(dst, bits, count);
    }

    @Override
    public void unary(CudaElementwise.UnaryOp op, long n, long x, long out, float p0, float p1) {
        elementwise.unary(op, n, x, out, p0, p1);
    }

    @Override
    public void binary(CudaElementwise.BinaryOp op, long n, long a, long b, long out) {
        elementwise.binary(op, n, a, b, out);
    }

    @Override
    public void binaryRowVector(CudaElementwise.BinaryOp op, long rows, int cols, long a, long b, long out) {
        elementwise.binaryRowVector(op, rows, cols, a, b, out);
    }

    @Override
    public void binaryBroadcast(CudaElementwise.BinaryOp op, int[] aShape, long a, int[] bShape, long b, long out) {
        elementwise.binaryBroadcast(op, aShape, a, bShape, b, out);
    }

    @Override
    public void matmul(CudaMatmul.Layout layout, int m, int n, int k, long a, long b, long c, long bias) {
        if (bias == 0) matmul.multiply(layout, m, n, k, a, b, c);
        else matmul.multiply(layout, CudaMatmul.Epilogue.BIAS, m, n, k, a, b, bias, c);
    }

    @Override
    public void sumAll(long n, long x, long out, float scale) {
        reductions.sumAll(n, x, out, scale);
    }

    @Override
    public void sumRows(int rows, int cols, long x, long out, float scale) {
        reductions.sumRows(rows, cols, x, out, scale);
    }

    @Override
    public void sumColumns(int rows, int cols, long x, long out, float scale) {
        reductions.sumColumns(rows, cols, x, out, scale);
    }

    @Override
    public void maxRows(int rows, int cols, long x, long out) {
        reductions.maxRows(rows, cols, x, out);
    }

    @Override
    public void maxRowsBackward(int rows, int cols, long x, long g, long out) {
        reductions.maxRowsBackward(rows, cols, x, g, out);
    }

    @Override
    public void softmax(int rows, int cols, long x, long y, boolean log) {
        if (log) softmax.logSoftmax(rows, cols, x, y);
        else softmax.softmax(rows, cols, x, y);
    }

    @Override
    public void softmaxBackward(int rows, int cols, long y, long dy, long dx, boolean log) {
        if (log) softmax.logSoftmaxBackward(rows, cols, y, dy, dx);
        else softmax.softmaxBackward(rows, cols, y, dy, dx);
    }

    @Override
    public void stridedCopy(StridedCopy plan, long x, long out) {
        layout.copy(plan, x, out);
    }

    @Override
    public void gatherRows(int count, int rowLength, long rows, long x, long out) {
        layout.gatherRows(count, rowLength, rows, x, out);
    }

    @Override
    public void scatterAddRows(int outRows, int rowLength, long plan, long values, long out) {
        layout.scatterAddRows(outRows, rowLength, plan, values, out);
    }

    @Override
    public void matmulSplit(CudaMatmul.Layout layout, int m, int n, int k, long a, long b, long partials, int splits) {
        matmul.multiplySplit(layout, m, n, k, a, b, partials, splits);
    }

    @Override
    public void sumSlices(long count, int slices, long partials, long out, long bias, int columns) {
        matmul.sumSlices(count, slices, partials, out, bias, columns);
    }

    @Override
    public void softmaxCrossEntropy(int rows, int cols, long x, long labels, long out) {
        softmax.crossEntropy(rows, cols, x, labels, out);
    }

    @Override
    public void softmaxCrossEntropyBackward(int rows, int cols, long x, long labels, long g, long dx) {
        softmax.crossEntropyBackward(rows, cols, x, labels, g, dx);
    }

    @Override
    public void adamApplyLeaves(LeafTable table) {
        optimizers.adamApplyLeaves(table);
    }

    @Override
    public void sgdApplyLeaves(LeafTable table) {
        optimizers.sgdApplyLeaves(table);
    }
}
