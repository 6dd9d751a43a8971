package dev.adjoint.backend.cuda;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@link CudaOps} that times every call of another with a {@link Timer} and adds it up per kind of
 * call ({@code matmul nn}, {@code binary ADD}, ...): the sum of a step's kernel times, which the
 * issue's goal compares the step's wall time with. On a GPU the timer is {@link
 * CudaContext#elapsedMillis} (device events around the call, which also wait for it), so a
 * profiled step runs its kernels one at a time; use it to see where the time goes, not to time
 * the step. Copies between host and device are timed too, under their own names.
 */
final class ProfilingCudaOps implements CudaOps {
    /** Milliseconds a call took. */
    interface Timer {
        float millis(Runnable call);
    }

    /** Calls and total milliseconds of one kind. */
    static final class Entry {
        long calls;
        double millis;
    }

    private final CudaOps ops;
    private final Timer timer;
    private final Map<String, Entry> entries = new TreeMap<>();

    ProfilingCudaOps(CudaOps ops, Timer timer) {
        this.ops = ops;
        this.timer = timer;
    }

    /** What was recorded so far, by kind (sorted by name); cleared by {@link #reset}. */
    Map<String, Entry> entries() {
        return entries;
    }

    void reset() {
        entries.clear();
    }

    private void timed(String kind, Runnable call) {
        float ms = timer.millis(call);
        Entry e = entries.computeIfAbsent(kind, k -> new Entry());
        e.calls++;
        e.millis += ms;
    }

    @Override
    public void upload(float[] src, long dst) {
        timed("upload", () -> ops.upload(src, dst));
    }

    @Override
    public void upload(int[] src, long dst) {
        timed("upload", () -> ops.upload(src, dst));
    }

    @Override
    public void download(long src, float[] dst) {
        timed("download", () -> ops.download(src, dst));
    }

    @Override
    public void copy(long src, long dst, long count) {
        timed("copy", () -> ops.copy(src, dst, count));
    }

    @Override
    public void fill(long dst, int bits, long count) {
        timed("fill", () -> ops.fill(dst, bits, count));
    }

    @Override
    public void unary(CudaElementwise.UnaryOp op, long n, long x, long out, float p0, float p1) {
        timed("unary " + op, () -> ops.unary(op, n, x, out, p0, p1));
    }

    @Override
    public void binary(CudaElementwise.BinaryOp op, long n, long a, long b, long out) {
        timed("binary " + op, () -> ops.binary(op, n, a, b, out));
    }

    @Override
    public void binaryRowVector(CudaElementwise.BinaryOp op, long rows, int cols, long a, long b, long out) {
        timed("binary " + op + " row vector", () -> ops.binaryRowVector(op, rows, cols, a, b, out));
    }

    @Override
    public void binaryBroadcast(CudaElementwise.BinaryOp op, int[] aShape, long a, int[] bShape, long b, long out) {
        timed("binary " + op + " broadcast", () -> ops.binaryBroadcast(op, aShape, a, bShape, b, out));
    }

    @Override
    public void matmul(CudaMatmul.Layout layout, int m, int n, int k, long a, long b, long c, long bias) {
        timed("matmul " + layout + (bias == 0 ? "" : " bias") + " " + m + "x" + n + "x" + k,
                () -> ops.matmul(layout, m, n, k, a, b, c, bias));
    }

    @Override
    public void matmulSplit(CudaMatmul.Layout layout, int m, int n, int k, long a, long b, long partials, int splits) {
        timed("matmul " + layout + " " + m + "x" + n + "x" + k + " in " + splits,
                () -> ops.matmulSplit(layout, m, n, k, a, b, partials, splits));
    }

    @Override
    public void sumSlices(long count, int slices, long partials, long out, long bias, int columns) {
        timed("sum of " + slices + " slices" + (bias == 0 ? "" : " + bias"),
                () -> ops.sumSlices(count, slices, partials, out, bias, columns));
    }

    @Override
    public void sumAll(long n, long x, long out, float scale) {
        timed("sum all", () -> ops.sumAll(n, x, out, scale));
    }

    @Override
    public void sumRows(int rows, int cols, long x, long out, float scale) {
        timed("sum rows", () -> ops.sumRows(rows, cols, x, out, scale));
    }

    @Override
    public void sumColumns(int rows, int cols, long x, long out, float scale) {
        timed("sum columns", () -> ops.sumColumns(rows, cols, x, out, scale));
    }

    @Override
    public void maxRows(int rows, int cols, long x, long out) {
        timed("max rows", () -> ops.maxRows(rows, cols, x, out));
    }

    @Override
    public void maxRowsBackward(int rows, int cols, long x, long g, long out) {
        timed("max rows backward", () -> ops.maxRowsBackward(rows, cols, x, g, out));
    }

    @Override
    public void softmax(int rows, int cols, long x, long y, boolean log) {
        timed(log ? "log softmax" : "softmax", () -> ops.softmax(rows, cols, x, y, log));
    }

    @Override
    public void softmaxBackward(int rows, int cols, long y, long dy, long dx, boolean log) {
        timed(log ? "log softmax backward" : "softmax backward", () -> ops.softmaxBackward(rows, cols, y, dy, dx, log));
    }

    @Override
    public void softmaxCrossEntropy(int rows, int cols, long x, long labels, long out) {
        timed("softmax cross-entropy", () -> ops.softmaxCrossEntropy(rows, cols, x, labels, out));
    }

    @Override
    public void softmaxCrossEntropyBackward(int rows, int cols, long x, long labels, long g, long dx) {
        timed("softmax cross-entropy backward", () -> ops.softmaxCrossEntropyBackward(rows, cols, x, labels, g, dx));
    }

    @Override
    public void stridedCopy(StridedCopy plan, long x, long out) {
        timed("strided copy", () -> ops.stridedCopy(plan, x, out));
    }

    @Override
    public void gatherRows(int count, int rowLength, long rows, long x, long out) {
        timed("gather rows", () -> ops.gatherRows(count, rowLength, rows, x, out));
    }

    @Override
    public void scatterAddRows(int outRows, int rowLength, long plan, long values, long out) {
        timed("scatter-add rows", () -> ops.scatterAddRows(outRows, rowLength, plan, values, out));
    }

    @Override
    public void adamApplyLeaves(LeafTable table) {
        timed("adam (" + table.count() + " leaves)", () -> ops.adamApplyLeaves(table));
    }

    @Override
    public void sgdApplyLeaves(LeafTable table) {
        timed("sgd (" + table.count() + " leaves)", () -> ops.sgdApplyLeaves(table));
    }
}
