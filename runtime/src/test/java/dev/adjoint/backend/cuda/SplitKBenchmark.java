package dev.adjoint.backend.cuda;

import java.util.Arrays;
import java.util.Random;

/**
 * The benchmark MLP's eight matrix products (batch 1024, 784-512-512-10), each timed whole and
 * split along k as {@link MatmulPlan#splitsFor} splits it (the product launch and the slice sum
 * together), for {@code cuda-kernels/bench/gpu-bench.sh}: the measurement that decides whether
 * split k, chosen without a GPU from occupancy arithmetic, pays on this one. Not a test: run on the
 * GPU machine with the staged class path:
 *
 * <pre>  .gpu/java -cp ".gpu/tests/runtime:.gpu/lib/*" dev.adjoint.backend.cuda.SplitKBenchmark</pre>
 *
 * Per product: warm-up, then the median of 30 launches timed with device events. Prints {@code
 * product,layout,m,n,k,splits,whole_ms,split_ms}.
 */
public final class SplitKBenchmark {
    private static final int WARMUP = 5;
    private static final int REPEATS = 30;

    /** name, layout, m, n, k: the forward products, then the backward ones (input and weight gradients). */
    private static final Object[][] PRODUCTS = {
        {"x.w1 (forward)", CudaMatmul.Layout.NN, 1024, 512, 784},
        {"h1.w2", CudaMatmul.Layout.NN, 1024, 512, 512},
        {"h2.w3", CudaMatmul.Layout.NN, 1024, 10, 512},
        {"g3.w3^T (input gradient)", CudaMatmul.Layout.NT, 1024, 512, 10},
        {"h2^T.g3 (weight gradient)", CudaMatmul.Layout.TN, 512, 10, 1024},
        {"g2.w2^T", CudaMatmul.Layout.NT, 1024, 512, 512},
        {"h1^T.g2", CudaMatmul.Layout.TN, 512, 512, 1024},
        {"x^T.g1", CudaMatmul.Layout.TN, 784, 512, 1024},
    };

    private SplitKBenchmark() {}

    public static void main(String[] args) {
        try (CudaContext context = CudaContext.open(); DeviceMemoryPool pool = new DeviceMemoryPool(context)) {
            System.err.println("device: " + context.device());
            CudaMatmul matmul = new CudaMatmul(context);
            Random random = new Random(7);
            System.out.println("product,layout,m,n,k,splits,whole_ms,split_ms");
            for (Object[] p : PRODUCTS) {
                CudaMatmul.Layout layout = (CudaMatmul.Layout) p[1];
                int m = (int) p[2], n = (int) p[3], k = (int) p[4];
                int splits = MatmulPlan.splitsByShape(m, n, k);
                try (DeviceBlock a = filled(context, pool, random, (long) m * k);
                     DeviceBlock b = filled(context, pool, random, (long) k * n);
                     DeviceBlock c = pool.acquireFloats((long) m * n);
                     DeviceBlock partials = pool.acquireFloats((long) splits * m * n)) {
                    double whole = median(context, () -> matmul.multiply(layout, m, n, k, a.address(), b.address(), c.address()));
                    double split = median(context, () -> {
                        matmul.multiplySplit(layout, m, n, k, a.address(), b.address(), partials.address(), splits);
                        matmul.sumSlices((long) m * n, splits, partials.address(), c.address(), 0, n);
                    });
                    System.out.printf("%s,%s,%d,%d,%d,%d,%.4f,%.4f%n", p[0], layout, m, n, k, splits, whole, split);
                }
            }
        }
    }

    private static DeviceBlock filled(CudaContext context, DeviceMemoryPool pool, Random random, long count) {
        DeviceBlock block = pool.acquireFloats(count);
        context.copyToDevice(GpuTests.randomFloats(random, Math.toIntExact(count), 1), block.address());
        return block;
    }

    private static double median(CudaContext context, Runnable launch) {
        for (int w = 0; w < WARMUP; w++) launch.run();
        context.synchronize();
        float[] ms = new float[REPEATS];
        for (int r = 0; r < REPEATS; r++) ms[r] = context.elapsedMillis(launch);
        Arrays.sort(ms);
        return ms[REPEATS / 2];
    }
}
