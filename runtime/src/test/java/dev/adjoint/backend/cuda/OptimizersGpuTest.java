package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Adam, AdamW and SGD (plain, momentum, Nesterov, weight decay) over several steps, bit for bit
 * against a Java loop doing the same float operations in the same order as optimizers.cu, on
 * aligned (float4) and one-float-off (scalar) buffers.
 */
@Tag("gpu")
class OptimizersGpuTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 17, 1023, 100_001})
    void adamAndAdamWMatchTheJavaLoop(int n) {
        for (boolean decoupled : new boolean[] {false, true}) {
            for (int offset : new int[] {0, 1}) {
                runAdam(n, decoupled, offset);
            }
        }
    }

    private static void runAdam(int n, boolean decoupled, int offset) {
        try (CudaContext context = GpuTests.openOrSkip(); DeviceMemoryPool pool = new DeviceMemoryPool(context)) {
            CudaOptimizers optimizers = new CudaOptimizers(context);
            Random random = new Random();
            float[] p = GpuTests.randomFloats(random, n, 1), m = new float[n], v = new float[n];
            long[] d = new long[4];
            DeviceBlock[] blocks = new DeviceBlock[4];
            for (int i = 0; i < 4; i++) {
                blocks[i] = pool.acquireFloats(n + 1);
                d[i] = blocks[i].address() + 4L * offset;
            }
            context.copyToDevice(p, 0, d[0], n);
            context.copyToDevice(m, 0, d[2], n);
            context.copyToDevice(v, 0, d[3], n);
            for (int t = 1; t <= 5; t++) {
                float[] g = GpuTests.randomFloats(random, n, 1);
                context.copyToDevice(g, 0, d[1], n);
                AdamStep step = new AdamStep(1e-2f, 0.9f, 0.999f, 1e-8f, 0.05f, decoupled, t);
                optimizers.adam(n, d[0], d[1], d[2], d[3], step);
                adamReference(step, p, g, m, v);
            }
            assertBits("adam p", p, context, d[0]);
            assertBits("adam m", m, context, d[2]);
            assertBits("adam v", v, context, d[3]);
            for (DeviceBlock b : blocks) b.close();
        }
    }

    /** optimizers.cu's adam_one, in Java float arithmetic. */
    private static void adamReference(AdamStep s, float[] p, float[] g, float[] m, float[] v) {
        int[] w = s.structWords();
        float lr = f(w, 0), b1 = f(w, 1), b2 = f(w, 2), omb1 = f(w, 3), omb2 = f(w, 4), eps = f(w, 5);
        float bias1 = f(w, 6), bias2 = f(w, 7), l2 = f(w, 8), decoupled = f(w, 9);
        for (int i = 0; i < p.length; i++) {
            float gi = g[i] + l2 * p[i];
            m[i] = b1 * m[i] + omb1 * gi;
            v[i] = b2 * v[i] + omb2 * (gi * gi);
            float update = (m[i] / bias1) / ((float) Math.sqrt(v[i] / bias2) + eps) + decoupled * p[i];
            p[i] = p[i] - lr * update;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 17, 1023, 100_001})
    void sgdVariantsMatchTheJavaLoop(int n) {
        float[][] settings = {{0f, 0f, 0}, {0.9f, 0f, 0}, {0.9f, 1e-3f, 1}, {0f, 1e-2f, 0}};
        for (float[] s : settings) {
            for (int offset : new int[] {0, 1}) {
                runSgd(n, s[0], s[1], s[2] != 0, offset);
            }
        }
    }

    private static void runSgd(int n, float momentum, float wd, boolean nesterov, int offset) {
        try (CudaContext context = GpuTests.openOrSkip(); DeviceMemoryPool pool = new DeviceMemoryPool(context)) {
            CudaOptimizers optimizers = new CudaOptimizers(context);
            Random random = new Random();
            float lr = 0.05f;
            float[] p = GpuTests.randomFloats(random, n, 1), vel = new float[n];
            try (DeviceBlock bp = pool.acquireFloats(n + 1); DeviceBlock bg = pool.acquireFloats(n + 1);
                 DeviceBlock bv = pool.acquireFloats(n + 1)) {
                long dp = bp.address() + 4L * offset, dg = bg.address() + 4L * offset, dv = bv.address() + 4L * offset;
                context.copyToDevice(p, 0, dp, n);
                context.copyToDevice(vel, 0, dv, n);
                for (int t = 0; t < 4; t++) {
                    float[] g = GpuTests.randomFloats(random, n, 1);
                    context.copyToDevice(g, 0, dg, n);
                    optimizers.sgd(n, dp, dg, momentum == 0f ? 0 : dv, lr, momentum, wd, nesterov);
                    for (int i = 0; i < n; i++) {
                        float gi = g[i] + wd * p[i];
                        if (momentum == 0f) {
                            p[i] = p[i] - lr * gi;
                        } else {
                            vel[i] = momentum * vel[i] + gi;
                            p[i] = p[i] - lr * (nesterov ? gi + momentum * vel[i] : vel[i]);
                        }
                    }
                }
                String what = "sgd momentum=" + momentum + " wd=" + wd + " nesterov=" + nesterov + " offset=" + offset;
                assertBits(what + " p", p, context, dp);
                if (momentum != 0f) assertBits(what + " velocity", vel, context, dv);
            }
        }
    }

    private static float f(int[] words, int i) {
        return Float.intBitsToFloat(words[i]);
    }

    private static void assertBits(String what, float[] expected, CudaContext context, long address) {
        float[] got = new float[expected.length];
        context.copyToHost(address, got);
        for (int i = 0; i < expected.length; i++) {
            final int at = i;
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]),
                    () -> what + " n=" + expected.length + " at " + at + ": " + got[at] + " vs " + expected[at]);
        }
    }
}
