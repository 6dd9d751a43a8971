package dev.adjoint.backend.cuda;

import dev.adjoint.backend.cuda.KernelArgs.Param;
import dev.adjoint.cuda.KernelModule;

/**
 * Elementwise float32 maps on device vectors ({@code elementwise.cu}). Outputs must not overlap
 * inputs. Arithmetic ops round like Java's float operators (bit-identical to the CPU backend);
 * exp, log, tanh, sigmoid and pow are within a few ulps of Java's.
 */
public final class CudaElementwise {
    private static final int THREADS = 256;

    /**
     * {@code out = f(x)}; AFFINE is {@code p0 * x + p1} (two roundings), POW is {@code x ^ p0},
     * SOFTPLUS is {@code log(1 + e^x)} computed as {@code max(x, 0) + log1p(e^-|x|)}.
     */
    public enum UnaryOp {
        NEG, ABS, EXP, LOG, SQRT, TANH, SIGMOID, RELU, SQUARE, RECIPROCAL, AFFINE, POW, SOFTPLUS;

        private final String name = name().toLowerCase(java.util.Locale.ROOT);
        private final String kernel = "ew_" + name + "_f32";

        String kernel() {
            return kernel;
        }

        String displayName() {
            return name;
        }
    }

    /**
     * {@code out = f(a, b)}. MAX/MIN propagate NaN. The gradient ops take the incoming gradient as
     * a and the saved value as b: RELU_GRAD {@code b > 0 ? a : 0} (b the input), TANH_GRAD
     * {@code a * (1 - b*b)} and SIGMOID_GRAD {@code a * (b * (1 - b))} (b the output), ABS_GRAD
     * {@code a * signum(b)} (b the input; Java's {@code Math.signum}, so 0 at 0 and NaN at NaN).
     */
    public enum BinaryOp {
        ADD, SUB, MUL, DIV, MAX, MIN, RELU_GRAD, TANH_GRAD, SIGMOID_GRAD, ABS_GRAD;

        private final String name = name().toLowerCase(java.util.Locale.ROOT);
        private final String plain = "ew_" + name + "_f32";
        private final String rowVector = "ew_" + name + "_rowvec_f32";
        private final String broadcast = "ew_" + name + "_bcast_f32";

        String kernel(String form) {
            return switch (form) {
                case "" -> plain;
                case "_rowvec" -> rowVector;
                case "_bcast" -> broadcast;
                default -> throw new IllegalArgumentException("no elementwise kernel form " + form);
            };
        }

        String displayName() {
            return name;
        }
    }

    private final CudaContext context;
    private final KernelArgs unaryArgs = new KernelArgs(Param.LONG, Param.POINTER, Param.POINTER, Param.FLOAT, Param.FLOAT);
    private final KernelArgs binaryArgs = new KernelArgs(Param.LONG, Param.POINTER, Param.POINTER, Param.POINTER);
    private final KernelArgs rowArgs = new KernelArgs(Param.LONG, Param.INT, Param.POINTER, Param.POINTER, Param.POINTER);
    private final KernelArgs broadcastArgs = new KernelArgs(Param.INT, Param.struct(Broadcast.STRUCT_WORDS),
            Param.POINTER, Param.POINTER, Param.POINTER);

    public CudaElementwise(CudaContext context) {
        this.context = context;
    }

    public void unary(UnaryOp op, long n, long x, long out) {
        unary(op, n, x, out, 0f, 0f);
    }

    public void unary(UnaryOp op, long n, long x, long out, float p0, float p1) {
        requireCount(op.displayName(), n);
        if (n == 0) return;
        unaryArgs.int64(0, n).pointer(1, x).pointer(2, out).float32(3, p0).float32(4, p1);
        launch(op.kernel(), n, unaryArgs);
    }

    /** Equal shapes: {@code out[i] = f(a[i], b[i])} for {@code i < n}. */
    public void binary(BinaryOp op, long n, long a, long b, long out) {
        requireCount(op.displayName(), n);
        if (n == 0) return;
        binaryArgs.int64(0, n).pointer(1, a).pointer(2, b).pointer(3, out);
        launch(op.kernel(""), n, binaryArgs);
    }

    /** {@code out[r, c] = f(a[r, c], b[c])}: a {@code [rows, cols]} matrix with a row vector (bias add). */
    public void binaryRowVector(BinaryOp op, long rows, int cols, long a, long b, long out) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(op.displayName() + ": shape [" + rows + ", " + cols
                    + "] with a row vector [" + cols + "] has a negative size");
        }
        if (rows == 0 || cols == 0) return;
        rowArgs.int64(0, rows).int32(1, cols).pointer(2, a).pointer(3, b).pointer(4, out);
        launch(op.kernel("_rowvec"), rows * cols, rowArgs);
    }

    /**
     * NumPy broadcasting of {@code a} (shape {@code aShape}) with {@code b}; {@code out} holds the
     * broadcast shape, which is returned. Up to 6 dimensions and 2^31-1 elements.
     */
    public int[] binaryBroadcast(BinaryOp op, int[] aShape, long a, int[] bShape, long b, long out) {
        Broadcast plan = Broadcast.of(op.displayName(), aShape, bShape);
        long n = plan.elements();
        if (n > 0) {
            broadcastArgs.int32(0, (int) n).struct(1, plan.structWords()).pointer(2, a).pointer(3, b).pointer(4, out);
            launch(op.kernel("_bcast"), n, broadcastArgs);
        }
        return plan.shape();
    }

    /** The broadcast shape of two shapes, or an error naming both (no launch). */
    public static int[] broadcastShape(String op, int[] aShape, int[] bShape) {
        return Broadcast.of(op, aShape, bShape).shape();
    }

    private void launch(String kernel, long n, KernelArgs args) {
        context.launch(context.function(KernelModule.ELEMENTWISE, kernel),
                context.gridStrideBlocks(Math.max(1, n / 4), THREADS), 1, 1, THREADS, 1, 1, 0, args);
    }

    private static void requireCount(String op, long n) {
        if (n < 0) throw new IllegalArgumentException(op + ": element count must be >= 0, got " + n);
    }
}
