package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.backend.Backend;
import dev.adjoint.backend.BinaryOp;
import dev.adjoint.backend.MatmulSpec;
import dev.adjoint.backend.ReduceOp;
import dev.adjoint.backend.ScalarOp;
import dev.adjoint.backend.Storage;
import dev.adjoint.backend.UnaryOp;
import dev.adjoint.backend.cpu.CpuBackend;
import dev.adjoint.tensor.DType;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every {@link Backend} method of a CUDA backend against the CPU backend, on fresh random inputs
 * of odd shapes (1, 17, 1023, non-square): relative error ({@code ||out - ref|| / ||ref||},
 * reference in float64 on the CPU) under {@value #ELEMENTWISE} for elementwise work and
 * reductions (sums of positive terms, so that the error is relative to a sum that does not
 * cancel), {@value #BACKWARD} for fused backward rules, {@value #MATMUL} for matrix products
 * (the issue asks for 1e-5 and 1e-4); the same bits as the CPU's float32 where
 * both round exactly (+ - * /, copies, layout, scatter-adds); every result element written (the
 * backend under test poisons its results first, so an unwritten element is a NaN); the same bits
 * when repeated. Subclasses supply the backend: the emulated device everywhere, the GPU where one is.
 */
abstract class BackendConformance {
    static final double ELEMENTWISE = 2e-6;
    /**
     * The fused backward rules compute {@code 1 - s} from a rounded {@code s} (sigmoid, tanh), as
     * the CPU backend's float32 path does too, so their error grows where s nears 1; on inputs in
     * [-2, 2] that stays within 1e-5.
     */
    static final double BACKWARD = 1e-5;
    static final double MATMUL = 1e-5;
    private static final CpuBackend CPU = CpuBackend.INSTANCE;
    private final Random random = new Random();

    /** The CUDA backend under test, poisoning its results. */
    abstract Backend device();

    /** One operation, applied to inputs on some backend. */
    interface Op {
        Storage apply(Backend backend, Storage[] inputs);
    }

    // ---- the check

    /**
     * Runs {@code op} on the device (twice: same bits), on the CPU in float32 and in float64; the
     * device's result must be within {@code tolerance} of the float64 one, and equal the float32
     * one bit for bit when {@code exact}.
     */
    void check(String what, float[][] inputs, Op op, double tolerance, boolean exact) {
        Backend device = device();
        Storage[] onDevice = new Storage[inputs.length];
        Storage[] single = new Storage[inputs.length];
        Storage[] dbl = new Storage[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            onDevice[i] = device.fromArray(inputs[i].clone());
            single[i] = CPU.fromArray(inputs[i].clone());
            dbl[i] = CPU.fromArray(widen(inputs[i]));
        }
        float[] got = device.toFloatArray(op.apply(device, onDevice));
        float[] again = device.toFloatArray(op.apply(device, onDevice));
        float[] cpu32 = CPU.toFloatArray(op.apply(CPU, single));
        double[] ref = CPU.toDoubleArray(op.apply(CPU, dbl));
        assertEquals(ref.length, got.length, what + ": result size");
        for (int i = 0; i < got.length; i++) {
            if (Float.floatToRawIntBits(got[i]) == CudaBackend.POISON) fail(what + ": element " + i + " was never written");
            if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(again[i])) {
                fail(what + ": element " + i + " differs on repeat: " + got[i] + " then " + again[i]);
            }
            if (Double.isNaN(got[i]) != Double.isNaN(ref[i])) fail(what + ": element " + i + " is " + got[i] + ", expected " + ref[i]);
        }
        if (exact) {
            for (int i = 0; i < got.length; i++) {
                if (Float.floatToIntBits(got[i]) != Float.floatToIntBits(cpu32[i])) {
                    fail(what + ": element " + i + " is " + got[i] + ", the CPU's float32 result is " + cpu32[i]);
                }
            }
        }
        double error = relativeError(got, ref);
        assertTrue(error <= tolerance, what + ": relative error " + error + " > " + tolerance);
    }

    static double relativeError(float[] got, double[] ref) {
        double num = 0, den = 0;
        for (int i = 0; i < got.length; i++) {
            if (Double.isNaN(ref[i])) continue;
            if (Double.isInfinite(ref[i])) {
                if (got[i] != ref[i]) return Double.POSITIVE_INFINITY;
                continue;
            }
            num += (got[i] - ref[i]) * (got[i] - ref[i]);
            den += ref[i] * ref[i];
        }
        return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
    }

    float[] random(int n, float scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (random.nextFloat() * 2 - 1) * scale;
        return x;
    }

    float[] positive(int n) {
        float[] x = random(n, 3);
        for (int i = 0; i < n; i++) x[i] = Math.abs(x[i]) + 0.05f;
        return x;
    }

    private static double[] widen(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    static int size(int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    private static final int[] LENGTHS = {1, 17, 1023};

    // ---- data in and out

    @Test
    void roundTripFullElementAndCopies() {
        for (int n : new int[] {0, 1, 17, 1023}) {
            float[] x = random(n, 5);
            Storage s = device().fromArray(x.clone());
            assertEquals(n, s.size());
            assertTrue(Arrays.equals(x, device().toFloatArray(s)), "round trip of " + n);
            check("astype n=" + n, new float[][] {x}, (b, in) -> b.astype(in[0], DType.FLOAT32), 0, true);
            check("transfer n=" + n, new float[][] {x}, (b, in) -> b.transferFrom(in[0]), 0, true);
            check("full n=" + n, new float[0][], (b, in) -> b.full(DType.FLOAT32, n, -2.5), 0, true);
        }
        float[] x = random(1023, 5);
        Storage s = device().fromArray(x.clone());
        for (int i : new int[] {0, 1, 500, 1022}) assertEquals(x[i], device().element(s, i), 0.0, "element " + i);
        double[] wide = device().toDoubleArray(s);
        for (int i = 0; i < x.length; i++) assertEquals(x[i], wide[i], 0.0);
        assertEquals(x.length, device().transferFrom(CPU.fromArray(x.clone())).size());
    }

    @Test
    void float64IsRefusedWithTheFix() {
        Backend d = device();
        for (Runnable r : new Runnable[] {
                () -> d.fromArray(new double[] {1, 2}),
                () -> d.full(DType.FLOAT64, 3, 1),
                () -> d.astype(d.fromArray(new float[] {1}), DType.FLOAT64),
                () -> d.transferFrom(CPU.fromArray(new double[] {1, 2}))}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
            assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("cuda:0"), e.getMessage());
        }
    }

    @Test
    void allFiniteFindsAnyNanOrInfinity() {
        for (int n : LENGTHS) {
            float[] x = random(n, 3);
            assertTrue(device().allFinite(device().fromArray(x.clone())), "finite n=" + n);
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                float[] y = x.clone();
                y[random.nextInt(n)] = bad;
                assertFalse(device().allFinite(device().fromArray(y)), bad + " in n=" + n);
            }
        }
        assertTrue(device().allFinite(device().fromArray(new float[0])));
    }

    // ---- elementwise

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unary(UnaryOp op) {
        boolean exact = switch (op) {
            case NEG, ABS, SQRT, SQUARE -> true;
            default -> false;
        };
        for (int n : LENGTHS) {
            float[] x = op == UnaryOp.LOG || op == UnaryOp.SQRT ? positive(n) : random(n, 4);
            check(op + " n=" + n, new float[][] {x}, (b, in) -> b.unary(op, in[0]), ELEMENTWISE, exact);
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryBackward(UnaryOp op) {
        boolean exact = switch (op) {
            case NEG, LOG, RELU, ABS, SQUARE -> true;
            default -> false;
        };
        for (int n : LENGTHS) {
            float[] x = op == UnaryOp.LOG || op == UnaryOp.SQRT ? positive(n) : random(n, 2);
            check(op + " backward n=" + n, new float[][] {x, random(n, 2)}, (b, in) -> b.unaryBackward(op, in[0], in[1]),
                    BACKWARD, exact);
        }
    }

    @ParameterizedTest
    @EnumSource(ScalarOp.class)
    void scalar(ScalarOp op) {
        double[] constants = op == ScalarOp.POW ? new double[] {2, 1, 0.5, -1, 1.75, 3} : new double[] {-1.25, 0.3, 7};
        for (int n : LENGTHS) {
            for (double c : constants) {
                boolean exact = op != ScalarOp.POW || c == 2 || c == 1 || c == 0.5 || c == -1;
                float[] x = op == ScalarOp.POW || op == ScalarOp.RDIV ? positive(n) : random(n, 4);
                check(op + " " + c + " n=" + n, new float[][] {x}, (b, in) -> b.scalar(op, in[0], c), ELEMENTWISE, exact);
            }
        }
    }

    /** Equal shapes, a bias row, a scalar, the smaller operand first, general broadcasts, a rank-7 case that merges. */
    private static final int[][][] BROADCASTS = {
        {{17}, {17}}, {{1023}, {1023}}, {{33, 17}, {17}}, {{33, 17}, {1}}, {{17}, {33, 17}},
        {{1}, {1023}}, {{}, {5, 3}}, {{5, 3}, {}}, {{3, 1, 5}, {4, 1}}, {{7, 1}, {1, 9}},
        {{2, 3, 1, 4}, {3, 5, 1}}, {{1, 6, 1}, {2, 1, 3}}, {{2, 1, 2, 1, 2, 1, 2}, {1, 3, 1, 3, 1, 3, 1}},
        {{2, 2, 2, 2, 2, 2, 3}, {2, 2, 2, 2, 2, 2, 1}},
    };

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binary(BinaryOp op) {
        for (int[][] shapes : BROADCASTS) {
            int[] a = shapes[0], b = shapes[1];
            int[] out = dev.adjoint.tensor.Broadcast.shape("test", a, b);
            float[] bv = op == BinaryOp.DIV ? positive(size(b)) : random(size(b), 3);
            check(op + " " + Arrays.toString(a) + " with " + Arrays.toString(b), new float[][] {random(size(a), 3), bv},
                    (be, in) -> be.binary(op, in[0], a, in[1], b, out), ELEMENTWISE, true);
        }
    }

    // ---- reductions

    /** Shapes with masks: all, rows, columns, a middle axis, interleaved axes, none, length-1 axes, an empty axis. */
    private static final Object[][] REDUCTIONS = {
        {new int[] {1023}, new boolean[] {true}},
        {new int[] {17, 33}, new boolean[] {false, true}},
        {new int[] {17, 33}, new boolean[] {true, false}},
        {new int[] {1, 1023}, new boolean[] {false, true}},
        {new int[] {4, 17, 3}, new boolean[] {false, true, false}},
        {new int[] {2, 3, 4, 5}, new boolean[] {true, false, true, false}},
        {new int[] {2, 3, 4, 5}, new boolean[] {false, true, false, true}},
        {new int[] {3, 1, 5}, new boolean[] {false, true, false}},
        {new int[] {3, 5}, new boolean[] {false, false}},
        {new int[] {2, 1, 7, 1}, new boolean[] {true, true, false, true}},
        {new int[] {3, 0}, new boolean[] {false, true}},
        {new int[] {0, 4}, new boolean[] {false, true}},
    };

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void reduce(ReduceOp op) {
        for (Object[] c : REDUCTIONS) {
            int[] shape = (int[]) c[0];
            boolean[] mask = (boolean[]) c[1];
            if (op == ReduceOp.MAX && size(shape) == 0) continue;  // the tensor layer refuses a max over nothing
            float[] x = op == ReduceOp.SUM ? positive(size(shape)) : random(size(shape), 3);
            check(op + " " + Arrays.toString(shape) + " over " + Arrays.toString(mask), new float[][] {x},
                    (b, in) -> b.reduce(op, in[0], shape, mask), ELEMENTWISE, op == ReduceOp.MAX);
        }
    }

    @Test
    void maxBackwardSharesAmongTies() {
        for (Object[] c : REDUCTIONS) {
            int[] shape = (int[]) c[0];
            boolean[] mask = (boolean[]) c[1];
            if (size(shape) == 0) continue;
            float[] x = random(size(shape), 3);
            for (int i = 0; i < x.length; i++) x[i] = Math.round(x[i] * 2) / 2f;  // coarse values: many ties
            int kept = 1;
            for (int d = 0; d < shape.length; d++) if (!mask[d]) kept *= shape[d];
            check("maxBackward " + Arrays.toString(shape) + " over " + Arrays.toString(mask),
                    new float[][] {x, random(kept, 2)}, (b, in) -> b.maxBackward(in[0], shape, mask, in[1]), ELEMENTWISE, false);
        }
    }

    // ---- layout

    @Test
    void broadcastTo() {
        int[][][] cases = {{{17}, {33, 17}}, {{33, 1}, {33, 17}}, {{}, {4, 5}}, {{1, 3, 1}, {2, 3, 4}}, {{3}, {3}}, {{2, 1}, {0, 2, 5}}};
        for (int[][] c : cases) {
            check("broadcastTo " + Arrays.toString(c[0]) + " -> " + Arrays.toString(c[1]), new float[][] {random(size(c[0]), 3)},
                    (b, in) -> b.broadcastTo(in[0], c[0], c[1]), 0, true);
        }
    }

    @Test
    void transpose() {
        int[][][] cases = {{{33, 17}, {1, 0}}, {{1023, 1}, {1, 0}}, {{2, 3, 4}, {2, 0, 1}}, {{2, 3, 4}, {0, 2, 1}},
                           {{2, 3, 4, 5}, {3, 1, 0, 2}}, {{4, 5}, {0, 1}}, {{2, 2, 2, 2, 2, 2, 2}, {6, 5, 4, 3, 2, 1, 0}}};
        for (int[][] c : cases) {
            check("transpose " + Arrays.toString(c[0]) + " by " + Arrays.toString(c[1]), new float[][] {random(size(c[0]), 3)},
                    (b, in) -> b.transpose(in[0], c[0], c[1]), 0, true);
        }
    }

    @Test
    void gatherAndScatterRows() {
        for (int rowLength : new int[] {1, 17, 64}) {
            int sourceRows = 13;
            int[] rows = new int[29];
            for (int i = 0; i < rows.length; i++) rows[i] = random.nextInt(sourceRows);  // repeats, any order
            check("gatherRows length " + rowLength, new float[][] {random(sourceRows * rowLength, 3)},
                    (b, in) -> b.gatherRows(in[0], rowLength, rows), 0, true);
            check("scatterAddRows length " + rowLength, new float[][] {random(rows.length * rowLength, 3)},
                    (b, in) -> b.scatterAddRows(in[0], rowLength, rows, sourceRows), ELEMENTWISE, true);
        }
        check("gatherRows of none", new float[][] {random(12, 3)}, (b, in) -> b.gatherRows(in[0], 4, new int[0]), 0, true);
        check("scatterAddRows of none", new float[][] {new float[0]}, (b, in) -> b.scatterAddRows(in[0], 4, new int[0], 3), 0, true);
    }

    @Test
    void concatAndSlice() {
        check("concat axis 0", new float[][] {random(17 * 3, 2), random(5 * 3, 2)},
                (b, in) -> b.concat(in, 1, new int[] {17 * 3, 5 * 3}), 0, true);
        check("concat axis 1 of [4, x, 3]", new float[][] {random(4 * 2 * 3, 2), random(4 * 5 * 3, 2), random(0, 2)},
                (b, in) -> b.concat(in, 4, new int[] {2 * 3, 5 * 3, 0}), 0, true);
        check("slice axis 0", new float[][] {random(17 * 3, 2)}, (b, in) -> b.slice(in[0], 1, 17 * 3, 6, 9), 0, true);
        check("slice axis 1 of [33, 17]", new float[][] {random(33 * 17, 2)}, (b, in) -> b.slice(in[0], 33, 17, 5, 7), 0, true);
        check("empty slice", new float[][] {random(6, 2)}, (b, in) -> b.slice(in[0], 2, 3, 1, 0), 0, true);
    }

    // ---- linear algebra

    /** {m, n, k}: ones, odd sizes, non-square, a long thin product, and long k's split into 3 and 2 slices. */
    private static final int[][] PRODUCTS = {{1, 1, 1}, {17, 1, 23}, {1, 17, 5}, {33, 17, 65}, {1023, 3, 17}, {5, 1023, 9},
        {8, 8, 0}, {17, 9, 1023}, {65, 33, 600}};

    @Test
    void matmulInEveryLayout() {
        for (int[] p : PRODUCTS) {
            int m = p[0], n = p[1], k = p[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    MatmulSpec spec = new MatmulSpec(1, m, n, k, ta, tb, 0, 0);
                    check("matmul " + Arrays.toString(p) + " ta=" + ta + " tb=" + tb, new float[][] {random(m * k, 1), random(k * n, 1)},
                            (b, in) -> b.matmul(in[0], in[1], spec), MATMUL, false);
                }
            }
        }
    }

    @Test
    void batchedMatmulWithSharedAndStridedOperands() {
        for (int k : new int[] {13, 520}) {  // 520: each product of the batch split into two slices
            batchedMatmul(3, 17, 9, k);
        }
    }

    private void batchedMatmul(int batch, int m, int n, int k) {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int[] strides : new int[][] {{m * k, k * n}, {0, k * n}, {m * k, 0}}) {
                    MatmulSpec spec = new MatmulSpec(batch, m, n, k, ta, tb, strides[0], strides[1]);
                    float[] a = random((strides[0] == 0 ? 1 : batch) * m * k, 1), b = random((strides[1] == 0 ? 1 : batch) * k * n, 1);
                    check("batched matmul k=" + k + " ta=" + ta + " tb=" + tb + " strides " + Arrays.toString(strides), new float[][] {a, b},
                            (be, in) -> be.matmul(in[0], in[1], spec), MATMUL, false);
                }
            }
        }
    }

    /**
     * The bias added in the product's epilogue (nn, nt; tn adds it separately; both transposed
     * copies A first; a split product adds it with its slices): near the float64 result, and on
     * this device the very bits of the product followed by a row add, batched and with an empty
     * sum too.
     */
    @Test
    void matmulBiasHasTheBitsOfTheProductThenTheAdd() {
        Backend device = device();
        int[][] products = {{1, 1, 1}, {17, 1, 23}, {33, 17, 65}, {5, 1023, 9}, {8, 8, 0}, {17, 9, 1023}};
        for (int batch : new int[] {1, 3}) {
            for (int[] p : products) {
                int m = p[0], n = p[1], k = p[2];
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        MatmulSpec spec = new MatmulSpec(batch, m, n, k, ta, tb, m * k, 0);
                        String what = "matmulBias batch " + batch + " " + Arrays.toString(p) + " ta=" + ta + " tb=" + tb;
                        float[][] inputs = {random(batch * m * k, 1), random(k * n, 1), random(n, 1)};
                        check(what, inputs, (b, in) -> b.matmulBias(in[0], in[1], spec, in[2]), MATMUL, false);
                        Storage a = device.fromArray(inputs[0]), w = device.fromArray(inputs[1]), bias = device.fromArray(inputs[2]);
                        int[] shape = {batch * m, n};
                        float[] fused = device.toFloatArray(device.matmulBias(a, w, spec, bias));
                        float[] separate = device.toFloatArray(device.binary(BinaryOp.ADD, device.matmul(a, w, spec), shape,
                                bias, new int[] {n}, shape));
                        for (int i = 0; i < fused.length; i++) {
                            assertEquals(Float.floatToRawIntBits(separate[i]), Float.floatToRawIntBits(fused[i]),
                                    what + ": element " + i + " differs from matmul then add");
                        }
                    }
                }
            }
        }
    }

    /** Soft labels; along the last axis (the kernels) and another one (the default's operations). */
    @Test
    void softmaxCrossEntropyAndItsAdjoint() {
        int[][] views = {{1, 1, 1}, {17, 10, 1}, {3, 1023, 1}, {3, 7, 5}};  // {outer, axis, inner}
        for (int[] v : views) {
            int n = v[0] * v[1] * v[2];
            float[] labels = positive(n);
            check("softmaxCrossEntropy " + Arrays.toString(v), new float[][] {random(n, 6), labels},
                    (b, in) -> b.softmaxCrossEntropy(in[0], in[1], v[0], v[1], v[2]), 1e-5, false);
            check("softmaxCrossEntropyBackward " + Arrays.toString(v), new float[][] {random(n, 6), labels, random(v[0] * v[2], 1)},
                    (b, in) -> b.softmaxCrossEntropyBackward(in[0], in[1], in[2], v[0], v[1], v[2]), 1e-5, false);
        }
    }

    // ---- softmax

    @Test
    void softmaxFamilyAlongAnyAxis() {
        int[][] views = {{1, 1, 1}, {17, 10, 1}, {1, 1023, 1}, {3, 7, 5}, {1, 4, 17}};  // {outer, axis, inner}
        for (int[] v : views) {
            int n = v[0] * v[1] * v[2];
            for (boolean log : new boolean[] {false, true}) {
                check((log ? "logSoftmax " : "softmax ") + Arrays.toString(v), new float[][] {random(n, 6)},
                        (b, in) -> b.softmax(in[0], v[0], v[1], v[2], log), ELEMENTWISE, false);
                check((log ? "logSoftmaxBackward " : "softmaxBackward ") + Arrays.toString(v), new float[][] {random(n, 6), random(n, 1)},
                        (b, in) -> b.softmaxBackward(in[0], in[1], v[0], v[1], v[2], log), 1e-5, false);
            }
        }
    }
}
