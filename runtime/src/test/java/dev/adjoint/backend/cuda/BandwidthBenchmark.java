package dev.adjoint.backend.cuda;

import dev.adjoint.backend.FusedAdamStep;
import java.util.Arrays;
import java.util.Random;

/**
 * Memory bandwidth of the large elementwise, reduction, softmax and optimizer kernels, for
 * {@code cuda-kernels/bench/gpu-bench.sh}: each kernel over {@code n} floats (default 2^26, 256 MB
 * per buffer, far beyond L2), timed alone with device events (median of 20 after 3 warm-ups), and
 * a device-to-device copy of the same size timed in the same run as the achievable reference.
 * Bytes are what the kernel must read and write at least (a reduction reads n floats; an
 * elementwise binary op reads two and writes one), so a kernel that reads its input twice shows
 * as a lower fraction. Not a test: run on the GPU machine with the staged class path:
 *
 * <pre>  .gpu/java -cp ".gpu/tests/runtime:.gpu/lib/*" dev.adjoint.backend.cuda.BandwidthBenchmark [n]</pre>
 *
 * Prints {@code kernel,bytes,median_ms,gb_per_s}.
 */
public final class BandwidthBenchmark {
    private static final int WARMUP = 3;
    private static final int REPEATS = 20;
    private static final int COLS = 1024;

    private BandwidthBenchmark() {}

    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 1L << 26;
        if (n % COLS != 0) throw new IllegalArgumentException("n must be a multiple of " + COLS + ", got " + n);
        int rows = Math.toIntExact(n / COLS);
        try (CudaContext context = CudaContext.open(); DeviceMemoryPool pool = new DeviceMemoryPool(context)) {
            System.err.println("device: " + context.device());
            CudaElementwise ew = new CudaElementwise(context);
            CudaReductions reductions = new CudaReductions(context, pool);
            CudaSoftmax softmax = new CudaSoftmax(context);
            CudaOptimizers optimizers = new CudaOptimizers(context);
            DeviceBlock[] buffers = new DeviceBlock[7];
            float[] host = GpuTests.randomFloats(new Random(1), Math.toIntExact(n), 1);
            for (int i = 0; i < buffers.length; i++) {
                buffers[i] = pool.acquireFloats(n);
                context.copyToDevice(host, buffers[i].address());
            }
            long a = buffers[0].address(), b = buffers[1].address(), out = buffers[2].address();
            long floats = n * Float.BYTES;
            DeviceBlock small = pool.acquireFloats(rows);
            System.out.println("kernel,bytes,median_ms,gb_per_s");
            row("device copy", 2 * floats, context, () -> context.copyOnDevice(a, out, n));
            row("ew_add (binary)", 3 * floats, context, () -> ew.binary(CudaElementwise.BinaryOp.ADD, n, a, b, out));
            row("ew_affine (scalar)", 2 * floats, context,
                    () -> ew.unary(CudaElementwise.UnaryOp.AFFINE, n, a, out, 2f, 1f));
            row("ew_exp (unary)", 2 * floats, context, () -> ew.unary(CudaElementwise.UnaryOp.EXP, n, a, out));
            row("sum (all)", floats, context, () -> reductions.sumAll(n, a, small.address(), 1f));
            row("sum_rows [n/1024, 1024]", floats, context, () -> reductions.sumRows(rows, COLS, a, small.address(), 1f));
            row("sum_cols [n/1024, 1024]", floats, context,
                    () -> reductions.sumColumns(rows, COLS, a, small.address(), 1f));
            row("softmax_rows [n/1024, 1024]", 2 * floats, context, () -> softmax.softmax(rows, COLS, a, out));
            LeafTable table = new LeafTable("adamApply", LeafTable.AdamField.values().length,
                    new FusedAdamStep(0.9f, 0.999f, 0.1f, 0.001f, 0.1f, 0.001f, 1e-8f, -1e-3f, 0f).words());
            table.add(buffers[4].address(), buffers[5].address(), buffers[6].address(), a, b, buffers[2].address(),
                    buffers[3].address(), 0, n);
            row("adam_apply_leaves (one leaf)", 7 * floats, context, () -> optimizers.adamApplyLeaves(table));
            small.close();
            for (DeviceBlock block : buffers) block.close();
        }
    }

    private static void row(String kernel, long bytes, CudaContext context, Runnable launch) {
        for (int w = 0; w < WARMUP; w++) launch.run();
        context.synchronize();
        float[] ms = new float[REPEATS];
        for (int r = 0; r < REPEATS; r++) ms[r] = context.elapsedMillis(launch);
        Arrays.sort(ms);
        double median = ms[REPEATS / 2];
        System.out.printf("%s,%d,%.4f,%.1f%n", kernel, bytes, median, bytes / (median * 1e-3) / 1e9);
    }
}
