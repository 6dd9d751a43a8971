package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Softmax and log-softmax, forward and backward, against float64 formulas on fresh random rows. */
@Tag("gpu")
class SoftmaxGpuTest {
    private static final int[][] SHAPES = {{1, 1}, {17, 10}, {1023, 17}, {8, 1023}, {3, 5000}};

    @Test
    void forwardAndBackwardMatchFloat64() {
        try (CudaContext context = GpuTests.openOrSkip(); DeviceMemoryPool pool = new DeviceMemoryPool(context)) {
            CudaSoftmax softmax = new CudaSoftmax(context);
            Random random = new Random();
            for (int[] shape : SHAPES) {
                int rows = shape[0], cols = shape[1], n = rows * cols;
                float[] x = GpuTests.randomFloats(random, n, 8);
                float[] dy = GpuTests.randomFloats(random, n, 1);
                try (DeviceBlock dx = pool.acquireFloats(n); DeviceBlock ddy = pool.acquireFloats(n);
                     DeviceBlock y = pool.acquireFloats(n + 1); DeviceBlock ly = pool.acquireFloats(n + 1);
                     DeviceBlock g = pool.acquireFloats(n + 1); DeviceBlock lg = pool.acquireFloats(n + 1);
                     DeviceBlock again = pool.acquireFloats(n)) {
                    context.copyToDevice(x, dx.address());
                    context.copyToDevice(dy, ddy.address());
                    for (DeviceBlock b : new DeviceBlock[] {y, ly, g, lg}) context.fill32(b.address(), GpuTests.POISON, n + 1);
                    softmax.softmax(rows, cols, dx.address(), y.address());
                    softmax.logSoftmax(rows, cols, dx.address(), ly.address());
                    softmax.softmaxBackward(rows, cols, y.address(), ddy.address(), g.address());
                    softmax.logSoftmaxBackward(rows, cols, ly.address(), ddy.address(), lg.address());
                    softmax.softmax(rows, cols, dx.address(), again.address());
                    float[] gy = GpuTests.download(context, y.address(), n + 1);
                    float[] gly = GpuTests.download(context, ly.address(), n + 1);
                    float[] gg = GpuTests.download(context, g.address(), n + 1);
                    float[] glg = GpuTests.download(context, lg.address(), n + 1);
                    for (float[] out : new float[][] {gy, gly, gg, glg}) assertTrue(GpuTests.isPoison(out[n]), "wrote past the matrix");
                    assertArrayEquals(java.util.Arrays.copyOf(gy, n), GpuTests.download(context, again.address(), n),
                            "same bits on a repeat");

                    for (int r = 0; r < rows; r++) {
                        double max = Double.NEGATIVE_INFINITY, sum = 0;
                        for (int c = 0; c < cols; c++) max = Math.max(max, x[r * cols + c]);
                        for (int c = 0; c < cols; c++) sum += Math.exp(x[r * cols + c] - max);
                        double lse = Math.log(sum);
                        double[] p = new double[cols];
                        double dot = 0, dsum = 0;
                        for (int c = 0; c < cols; c++) {
                            p[c] = Math.exp(x[r * cols + c] - max) / sum;
                            dot += dy[r * cols + c] * p[c];
                            dsum += dy[r * cols + c];
                        }
                        for (int c = 0; c < cols; c++) {
                            int i = r * cols + c;
                            String at = "[" + rows + "," + cols + "] at (" + r + "," + c + ")";
                            close("softmax " + at, p[c], gy[i], 1e-5 * p[c] + 1e-12);
                            close("log_softmax " + at, x[i] - max - lse, gly[i], 1e-5 * (Math.abs(x[i] - max) + Math.abs(lse)) + 1e-6);
                            close("softmax backward " + at, p[c] * (dy[i] - dot), gg[i], 1e-5 * p[c] * (Math.abs(dy[i]) + 1) + 1e-9);
                            close("log_softmax backward " + at, dy[i] - p[c] * dsum, glg[i],
                                    1e-5 * (Math.abs(dy[i]) + p[c] * Math.abs(dsum) + p[c] * cols) + 1e-6);
                        }
                    }
                }
            }
        }
    }

    private static void close(String what, double expected, float got, double tolerance) {
        if (GpuTests.isPoison(got)) fail(what + ": never written");
        if (!(Math.abs(got - expected) <= tolerance)) fail(what + ": " + got + " vs " + expected + " +- " + tolerance);
    }
}
