package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.backend.cuda.CudaMatmul.Epilogue;
import dev.adjoint.backend.cuda.CudaMatmul.Layout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layout and epilogue against a float64 CPU product on fresh random inputs, element by
 * element within the float32 error bound of a k-term sum, with C poisoned first and the memory
 * after C checked untouched; and the same bits on a repeat.
 */
@Tag("gpu")
class MatmulGpuTest {
    private static final int PAD = 67;

    static Stream<Arguments> shapes() {
        List<Arguments> cases = new ArrayList<>();
        int[][] mnk = {{1, 1, 1}, {17, 17, 17}, {1023, 17, 33}, {33, 1023, 17}, {64, 128, 1023}, {128, 256, 64},
                {130, 1, 257}, {1536, 1536, 40}, {100, 1000, 8}};
        for (Layout layout : Layout.values()) {
            for (int[] s : mnk) cases.add(Arguments.of(layout, s[0], s[1], s[2]));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
    @MethodSource("shapes")
    void matchesTheCpuProduct(Layout layout, int m, int n, int k) {
        try (CudaContext context = GpuTests.openOrSkip();
             DeviceMemoryPool pool = new DeviceMemoryPool(context)) {
            Case c = new Case(new Random(), layout, m, n, k);
            float[] out = c.run(context, pool, new CudaMatmul(context), Epilogue.NONE, 0);
            c.check(out, Epilogue.NONE, null);
            float[] again = c.run(context, pool, new CudaMatmul(context), Epilogue.NONE, 0);
            assertArrayEquals(out, again, "same inputs, same bits");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("epilogues")
    void epiloguesMatchTheCpu(Layout layout, Epilogue epilogue) {
        try (CudaContext context = GpuTests.openOrSkip();
             DeviceMemoryPool pool = new DeviceMemoryPool(context)) {
            Random random = new Random();
            for (int[] s : new int[][] {{17, 33, 65}, {128, 512, 784}, {129, 10, 512}}) {
                Case c = new Case(random, layout, s[0], s[1], s[2]);
                float[] bias = GpuTests.randomFloats(random, s[1], 1);
                try (DeviceBlock dBias = pool.acquireFloats(s[1])) {
                    context.copyToDevice(bias, dBias.address());
                    c.check(c.run(context, pool, new CudaMatmul(context), epilogue, dBias.address()), epilogue, bias);
                }
            }
        }
    }

    static Stream<Arguments> epilogues() {
        List<Arguments> cases = new ArrayList<>();
        for (Layout layout : new Layout[] {Layout.NN, Layout.NT}) {
            for (Epilogue e : Epilogue.values()) {
                if (e != Epilogue.NONE) cases.add(Arguments.of(layout, e));
            }
        }
        return cases.stream();
    }

    /** A misaligned A forces the scalar kernel on an otherwise vector-friendly shape; beta and lda > k too. */
    @Test
    void scalarPathStridedOperandsAndBeta() {
        try (CudaContext context = GpuTests.openOrSkip()) {
            Random random = new Random();
            int m = 96, n = 64, k = 48, lda = k + 4, ldc = n + 8;
            float alpha = 0.75f, beta = -1.5f;
            float[] a = GpuTests.randomFloats(random, m * lda + 1, 1);
            float[] b = GpuTests.randomFloats(random, k * n, 1);
            float[] c0 = GpuTests.randomFloats(random, m * ldc, 1);
            long dA = GpuTests.upload(context, a), dB = GpuTests.upload(context, b), dC = GpuTests.upload(context, c0);
            // A starts one float in: 4-byte aligned only
            new CudaMatmul(context).run(Layout.NN, Epilogue.NONE, m, n, k, alpha, dA + 4, lda, dB, n, beta, dC, ldc, 0);
            float[] out = GpuTests.download(context, dC, m * ldc);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < ldc; j++) {
                    if (j >= n) {
                        assertTrue(out[i * ldc + j] == c0[i * ldc + j], "wrote outside C's columns at " + i + "," + j);
                        continue;
                    }
                    double ref = 0, mag = 0;
                    for (int p = 0; p < k; p++) {
                        double t = (double) a[1 + i * lda + p] * b[p * n + j];
                        ref += t;
                        mag += Math.abs(t);
                    }
                    double expected = alpha * ref + beta * c0[i * ldc + j];
                    double bound = (k + 3) * 0x1p-24 * (Math.abs(alpha) * mag + Math.abs(beta * c0[i * ldc + j])) + 1e-30;
                    if (Math.abs(out[i * ldc + j] - expected) > bound) {
                        fail("C[" + i + "," + j + "] = " + out[i * ldc + j] + ", expected " + expected + " +- " + bound);
                    }
                }
            }
            context.free(dA);
            context.free(dB);
            context.free(dC);
        }
    }

    /** Random operands of one product, stored as the layout stores them, and the float64 reference. */
    private static final class Case {
        final Layout layout;
        final int m, n, k;
        final float[] a, b;

        Case(Random random, Layout layout, int m, int n, int k) {
            this.layout = layout;
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = GpuTests.randomFloats(random, m * k, 1);
            this.b = GpuTests.randomFloats(random, k * n, 1);
        }

        /** A as the product uses it: element (i, p) of op(A). */
        float opA(int i, int p) {
            return layout == Layout.TN ? a[p * m + i] : a[i * k + p];
        }

        float opB(int p, int j) {
            return layout == Layout.NT ? b[j * k + p] : b[p * n + j];
        }

        float[] run(CudaContext context, DeviceMemoryPool pool, CudaMatmul matmul, Epilogue epilogue, long bias) {
            try (DeviceBlock dA = pool.acquireFloats(a.length); DeviceBlock dB = pool.acquireFloats(b.length);
                 DeviceBlock dC = pool.acquireFloats((long) m * n + PAD)) {
                context.copyToDevice(a, dA.address());
                context.copyToDevice(b, dB.address());
                context.fill32(dC.address(), GpuTests.POISON, (long) m * n + PAD);
                if (epilogue == Epilogue.NONE) {
                    matmul.multiply(layout, m, n, k, dA.address(), dB.address(), dC.address());
                } else {
                    matmul.multiply(layout, epilogue, m, n, k, dA.address(), dB.address(), bias, dC.address());
                }
                float[] out = GpuTests.download(context, dC.address(), m * n + PAD);
                for (int i = m * n; i < m * n + PAD; i++) {
                    assertTrue(GpuTests.isPoison(out[i]), "wrote past C at " + i);
                }
                return java.util.Arrays.copyOf(out, m * n);
            }
        }

        void check(float[] out, Epilogue epilogue, float[] bias) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double ref = 0, mag = 0;
                    for (int p = 0; p < k; p++) {
                        double t = (double) opA(i, p) * opB(p, j);
                        ref += t;
                        mag += Math.abs(t);
                    }
                    double bound = (k + 2) * 0x1p-24 * mag;
                    if (bias != null) {
                        ref += bias[j];
                        bound += 0x1p-24 * (Math.abs(ref) + Math.abs(bias[j]));
                    }
                    double expected = activate(epilogue, ref);
                    // activations are 1-Lipschitz here; add their own few-ulp rounding
                    bound += 4 * Math.ulp((float) expected) + 1e-30;
                    float got = out[i * n + j];
                    if (GpuTests.isPoison(got)) fail(layout + " " + epilogue + ": C[" + i + "," + j + "] never written");
                    if (!(Math.abs(got - expected) <= bound)) {
                        fail(layout + " " + epilogue + " m=" + m + " n=" + n + " k=" + k + ": C[" + i + "," + j + "] = "
                                + got + ", expected " + expected + " +- " + bound);
                    }
                }
            }
        }

        private static double activate(Epilogue epilogue, double v) {
            return switch (epilogue) {
                case NONE, BIAS -> v;
                case BIAS_RELU -> Math.max(v, 0);
                case BIAS_TANH -> Math.tanh(v);
                case BIAS_SIGMOID -> 1 / (1 + Math.exp(-v));
            };
        }
    }
}
