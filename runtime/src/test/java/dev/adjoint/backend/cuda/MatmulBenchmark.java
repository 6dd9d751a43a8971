package dev.adjoint.backend.cuda;

import java.util.Arrays;
import java.util.Random;

/**
 * Times our float32 matmul (nn, square, packed) at the sizes given on the command line, for
 * cuda-kernels/bench/matmul-vs-cublas.sh, which times PyTorch's cuBLAS in the same run on the same
 * GPU. Not a test: run on the GPU machine with the staged class path.
 *
 * <p>Per size: several input sets rotated (so small sizes are not timed from L2), warm-up launches,
 * then each launch timed alone with device events; the median is printed as
 * {@code size,median_ms,tflops,max_rel_err} (error checked on sampled elements against float64).
 */
public final class MatmulBenchmark {
    private static final int WARMUP = 5;
    private static final int REPEATS = 30;

    private MatmulBenchmark() {}

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {1024, 4096, 8192} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        try (CudaContext context = CudaContext.open(); DeviceMemoryPool pool = new DeviceMemoryPool(context)) {
            System.err.println("device: " + context.device());
            CudaMatmul matmul = new CudaMatmul(context);
            System.out.println("size,median_ms,tflops,max_rel_err");
            for (int n : sizes) {
                System.out.println(run(context, pool, matmul, n));
            }
        }
    }

    private static String run(CudaContext context, DeviceMemoryPool pool, CudaMatmul matmul, int n) {
        long elements = (long) n * n;
        int sets = elements * 4 * 3 < (256L << 20) ? 4 : 1;  // rotate when the data would sit in L2
        Random random = new Random(n);
        float[][] hostA = new float[sets][], hostB = new float[sets][];
        DeviceBlock[] a = new DeviceBlock[sets], b = new DeviceBlock[sets];
        DeviceBlock c = pool.acquireFloats(elements);
        for (int s = 0; s < sets; s++) {
            hostA[s] = GpuTests.randomFloats(random, (int) elements, 1);
            hostB[s] = GpuTests.randomFloats(random, (int) elements, 1);
            a[s] = pool.acquireFloats(elements);
            b[s] = pool.acquireFloats(elements);
            context.copyToDevice(hostA[s], a[s].address());
            context.copyToDevice(hostB[s], b[s].address());
        }
        for (int w = 0; w < WARMUP; w++) {
            matmul.multiply(CudaMatmul.Layout.NN, n, n, n, a[w % sets].address(), b[w % sets].address(), c.address());
        }
        context.synchronize();
        float[] ms = new float[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            int s = r % sets;
            ms[r] = context.elapsedMillis(() -> matmul.multiply(CudaMatmul.Layout.NN, n, n, n, a[s].address(), b[s].address(), c.address()));
        }
        Arrays.sort(ms);
        double median = ms[REPEATS / 2];
        double tflops = 2.0 * n * n * n / (median * 1e-3) / 1e12;

        // the last product used set (REPEATS - 1) % sets: check sampled elements in float64
        int s = (REPEATS - 1) % sets;
        float[] out = new float[(int) elements];
        context.copyToHost(c.address(), out);
        double worst = 0;
        for (int t = 0; t < 64; t++) {
            int i = random.nextInt(n), j = random.nextInt(n);
            double ref = 0, mag = 0;
            for (int p = 0; p < n; p++) {
                double v = (double) hostA[s][i * n + p] * hostB[s][p * n + j];
                ref += v;
                mag += Math.abs(v);
            }
            worst = Math.max(worst, Math.abs(out[i * n + j] - ref) / mag);
        }
        c.close();
        for (int k = 0; k < sets; k++) {
            a[k].close();
            b[k].close();
        }
        return String.format("%d,%.4f,%.2f,%.2e", n, median, tflops, worst);
    }
}
