package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.backend.cuda.CudaElementwise.BinaryOp;
import dev.adjoint.backend.cuda.CudaElementwise.UnaryOp;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each op against Java's float arithmetic on fresh random inputs: bit for bit where both sides
 * round correctly (+ - * /, sqrt, max/min, the gradient rules), within a few ulps for the
 * transcendental functions. Lengths 1, 17, 1023 and 100003, aligned (float4 path) and one float
 * off (scalar path); outputs poisoned, the element after them checked untouched.
 */
@Tag("gpu")
class ElementwiseGpuTest {
    private static final int[] LENGTHS = {1, 17, 1023, 100_003};
    private static final float P0 = 1.75f, P1 = -0.5f;

    static float unaryReference(UnaryOp op, float x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case TANH -> (float) Math.tanh(x);
            case SIGMOID -> (float) (1 / (1 + Math.exp(-x)));
            case RELU -> x < 0f ? 0f : x;
            case SQUARE -> x * x;
            case RECIPROCAL -> 1f / x;
            case AFFINE -> P0 * x + P1;
            case POW -> (float) Math.pow(x, P0);
            case SOFTPLUS -> (float) (Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))));
        };
    }

    /** Ulps allowed: 0 where CUDA and Java both round correctly. */
    static int unaryUlps(UnaryOp op) {
        return switch (op) {
            // CUDA's documented maximum errors (expf, tanhf 2 ulps; logf 1; powf 4; sigmoid composes
            // expf with an add and a division), plus half an ulp for rounding the float64 reference
            case EXP, LOG, TANH -> 3;
            case SIGMOID -> 5;
            // expf, log1pf (1 ulp each) and an add
            case SOFTPLUS -> 4;
            case POW -> 8;
            default -> 0;
        };
    }

    static float binaryReference(BinaryOp op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case RELU_GRAD -> b > 0f ? a : 0f;
            case TANH_GRAD -> a * (1f - b * b);
            case SIGMOID_GRAD -> a * (b * (1f - b));
            case ABS_GRAD -> a * Math.signum(b);
        };
    }

    private static float[] inputs(Random random, UnaryOp op, int n) {
        float[] x = GpuTests.randomFloats(random, n, 4);
        if (op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.POW) {
            for (int i = 0; i < n; i++) x[i] = Math.abs(x[i]) + 1e-3f;
        }
        return x;
    }

    private static void assertClose(String what, float expected, float got, int ulps) {
        if (GpuTests.isPoison(got)) fail(what + ": never written");
        if (ulps == 0) {
            if (Float.floatToIntBits(expected) != Float.floatToIntBits(got)) fail(what + ": " + got + " != " + expected);
        } else if (!(Math.abs(got - expected) <= ulps * Math.ulp(expected))) {
            fail(what + ": " + got + " vs " + expected + " (more than " + ulps + " ulps)");
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unary(UnaryOp op) {
        try (CudaContext context = GpuTests.openOrSkip(); DeviceMemoryPool pool = new DeviceMemoryPool(context)) {
            CudaElementwise ew = new CudaElementwise(context);
            Random random = new Random();
            for (int n : LENGTHS) {
                for (int offset : new int[] {0, 1}) {
                    float[] x = inputs(random, op, n);
                    try (DeviceBlock dx = pool.acquireFloats(n + 1); DeviceBlock dout = pool.acquireFloats(n + 2)) {
                        context.copyToDevice(x, 0, dx.address() + 4L * offset, n);
                        context.fill32(dout.address(), GpuTests.POISON, n + 2);
                        ew.unary(op, n, dx.address() + 4L * offset, dout.address() + 4L * offset, P0, P1);
                        float[] out = GpuTests.download(context, dout.address(), n + 2);
                        for (int i = 0; i < n; i++) {
                            assertClose(op + " n=" + n + " offset=" + offset + " at " + i + " x=" + x[i],
                                    unaryReference(op, x[i]), out[i + offset], unaryUlps(op));
                        }
                        assertTrue(GpuTests.isPoison(out[n + offset]), op + " wrote past n");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryEqualShapesAndRowVector(BinaryOp op) {
        try (CudaContext context = GpuTests.openOrSkip(); DeviceMemoryPool pool = new DeviceMemoryPool(context)) {
            CudaElementwise ew = new CudaElementwise(context);
            Random random = new Random();
            for (int n : LENGTHS) {
                for (int offset : new int[] {0, 1}) {
                    float[] a = GpuTests.randomFloats(random, n, 3), b = GpuTests.randomFloats(random, n, 3);
                    float[] out = runBinary(context, pool, n, offset, a, b,
                            (da, db, dout) -> ew.binary(op, n, da, db, dout));
                    for (int i = 0; i < n; i++) {
                        assertClose(op + " n=" + n + " offset=" + offset + " at " + i, binaryReference(op, a[i], b[i]),
                                out[i], 0);
                    }
                }
            }
            for (int[] rc : new int[][] {{1, 1}, {17, 1}, {3, 17}, {1023, 16}, {64, 1024}, {5, 1023}}) {
                int rows = rc[0], cols = rc[1], n = rows * cols;
                float[] a = GpuTests.randomFloats(random, n, 3), b = GpuTests.randomFloats(random, cols, 3);
                float[] out = runBinary(context, pool, n, 0, a, b,
                        (da, db, dout) -> ew.binaryRowVector(op, rows, cols, da, db, dout));
                for (int i = 0; i < n; i++) {
                    assertClose(op + " rowvec [" + rows + "," + cols + "] at " + i, binaryReference(op, a[i], b[i % cols]),
                            out[i], 0);
                }
            }
        }
    }

    @Test
    void generalBroadcastFollowsNumpy() {
        try (CudaContext context = GpuTests.openOrSkip(); DeviceMemoryPool pool = new DeviceMemoryPool(context)) {
            CudaElementwise ew = new CudaElementwise(context);
            Random random = new Random();
            int[][][] pairs = {{{3, 1, 5}, {4, 1}}, {{2, 3}, {}}, {{1}, {7}}, {{17, 1}, {1, 1023}}, {{2, 1, 3, 1, 2, 1}, {5, 1, 4, 1}}};
            for (int[][] pair : pairs) {
                int[] as = pair[0], bs = pair[1];
                int[] shape = CudaElementwise.broadcastShape("sub", as, bs);
                int n = 1;
                for (int s : shape) n *= s;
                float[] a = GpuTests.randomFloats(random, size(as), 3), b = GpuTests.randomFloats(random, size(bs), 3);
                float[] out = runBinary(context, pool, n, 0, a, b, (da, db, dout) -> {
                    int[] got = ew.binaryBroadcast(BinaryOp.SUB, as, da, bs, db, dout);
                    assertArrayEquals(shape, got);
                });
                int[] index = new int[shape.length];
                for (int i = 0; i < n; i++) {
                    int rest = i;
                    for (int d = shape.length - 1; d >= 0; d--) {
                        index[d] = rest % shape[d];
                        rest /= shape[d];
                    }
                    float expected = a[offsetOf(as, index)] - b[offsetOf(bs, index)];
                    assertClose("broadcast " + java.util.Arrays.toString(as) + " - " + java.util.Arrays.toString(bs)
                            + " at " + i, expected, out[i], 0);
                }
            }
        }
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    /** Row-major offset into `shape` of the broadcast index (right-aligned, size-1 dims pinned to 0). */
    private static int offsetOf(int[] shape, int[] index) {
        int offset = 0, skip = index.length - shape.length;
        for (int d = 0; d < shape.length; d++) {
            offset = offset * shape[d] + (shape[d] == 1 ? 0 : index[skip + d]);
        }
        return offset;
    }

    private interface Launch {
        void run(long a, long b, long out);
    }

    /** Uploads a and b (a at `offset` floats in), poisons out, runs, returns out's n elements. */
    private static float[] runBinary(CudaContext context, DeviceMemoryPool pool, int n, int offset, float[] a, float[] b,
                                     Launch launch) {
        try (DeviceBlock da = pool.acquireFloats(a.length + 1); DeviceBlock db = pool.acquireFloats(b.length + 1);
             DeviceBlock dout = pool.acquireFloats(n + 2)) {
            context.copyToDevice(a, 0, da.address() + 4L * offset, a.length);
            context.copyToDevice(b, 0, db.address() + 4L * offset, b.length);
            context.fill32(dout.address(), GpuTests.POISON, n + 2);
            launch.run(da.address() + 4L * offset, db.address() + 4L * offset, dout.address() + 4L * offset);
            float[] all = GpuTests.download(context, dout.address(), n + 2);
            assertTrue(GpuTests.isPoison(all[n + offset]), "wrote past n");
            return java.util.Arrays.copyOfRange(all, offset, offset + n);
        }
    }
}
