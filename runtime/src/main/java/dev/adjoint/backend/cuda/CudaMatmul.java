package dev.adjoint.backend.cuda;

import dev.adjoint.backend.cuda.KernelArgs.Param;
import dev.adjoint.cuda.KernelModule;

/**
 * Float32 matrix products on row-major device matrices ({@code matmul.cu}):
 * {@code C = act(alpha * op(A) . op(B) + beta * C + bias)}, where C is {@code m x n}.
 *
 * <p>Deterministic: the same inputs give the same bits (fixed summation order over k, no atomics;
 * a split product's slices are fixed by its shape and added in order).
 * C must not overlap A, B or the bias. Launches are queued on the context's stream.
 */
public final class CudaMatmul {
    /** Which operands are used transposed. */
    public enum Layout {
        /** A is {@code m x k}, B is {@code k x n}. */
        NN("nn"),
        /** A is stored {@code k x m} and used as its transpose (weight gradients: {@code X^T . dY}). */
        TN("tn"),
        /** B is stored {@code n x k} and used as its transpose (input gradients: {@code dY . W^T}). */
        NT("nt");

        private final String code;

        Layout(String code) {
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    /** What is applied to each element of the product before it is written. */
    public enum Epilogue {
        NONE("none"), BIAS("bias"), BIAS_RELU("bias_relu"), BIAS_TANH("bias_tanh"), BIAS_SIGMOID("bias_sigmoid");

        private final String code;

        Epilogue(String code) {
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    private final CudaContext context;
    private final KernelArgs args = new KernelArgs(Param.INT, Param.INT, Param.INT, Param.FLOAT, Param.POINTER,
            Param.INT, Param.POINTER, Param.INT, Param.FLOAT, Param.POINTER, Param.INT, Param.POINTER);

    private final KernelArgs sumArgs = new KernelArgs(Param.LONG, Param.INT, Param.LONG, Param.POINTER, Param.POINTER,
            Param.POINTER, Param.INT);
    static final String SUM_SLICES = "sum_slices_f32";

    public CudaMatmul(CudaContext context) {
        this.context = context;
    }

    /** {@code C = op(A) . op(B)} for packed matrices (leading dimension = row length). */
    public void multiply(Layout layout, int m, int n, int k, long a, long b, long c) {
        run(layout, Epilogue.NONE, m, n, k, 1f, a, packedLda(layout, m, k), b, packedLdb(layout, n, k), 0f, c, n, 0);
    }

    /**
     * Split k: {@code splits} partial products {@code op(A) . op(B)} over consecutive k-slices
     * (of {@code ceil(ceil(k / splits) / 8) * 8}), packed, written to {@code partials} ({@code
     * splits x m x n} floats) for {@link #sumSlices} to add; packed operands, no epilogue.
     */
    public void multiplySplit(Layout layout, int m, int n, int k, long a, long b, long partials, int splits) {
        if (splits < 1) throw new IllegalArgumentException("matmul: splits must be >= 1, got " + splits);
        launch(layout, Epilogue.NONE, m, n, k, 1f, a, packedLda(layout, m, k), b, packedLdb(layout, n, k), 0f,
                partials, n, 0, splits);
    }

    /**
     * {@code out = sum of the slices in order (+ bias by column)}: the {@code slices} partial
     * products of a split product, {@code count} floats each and {@code count} apart, with an
     * optional bias of {@code columns} floats added to each row (0: none).
     */
    public void sumSlices(long count, int slices, long partials, long out, long bias, int columns) {
        if (count == 0) return;
        sumArgs.int64(0, count).int32(1, slices).int64(2, count).pointer(3, partials).pointer(4, out).pointer(5, bias)
                .int32(6, columns);
        context.launch(context.function(KernelModule.MATMUL, SUM_SLICES), context.gridStrideBlocks(Math.max(1, count / 4), 256),
                1, 1, 256, 1, 1, 0, sumArgs);
    }

    /** {@code C = act(op(A) . op(B) + bias)} for packed matrices; {@code bias} holds n floats. */
    public void multiply(Layout layout, Epilogue epilogue, int m, int n, int k, long a, long b, long bias, long c) {
        run(layout, epilogue, m, n, k, 1f, a, packedLda(layout, m, k), b, packedLdb(layout, n, k), 0f, c, n, bias);
    }

    /**
     * The general form. {@code lda, ldb, ldc} are the row lengths of A, B, C as stored;
     * {@code beta == 0} never reads C; {@code bias} is 0 exactly when {@code epilogue} is NONE.
     */
    public void run(Layout layout, Epilogue epilogue, int m, int n, int k, float alpha, long a, int lda,
                    long b, int ldb, float beta, long c, int ldc, long bias) {
        launch(layout, epilogue, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias, 1);
    }

    private void launch(Layout layout, Epilogue epilogue, int m, int n, int k, float alpha, long a, int lda,
                        long b, int ldb, float beta, long c, int ldc, long bias, int splits) {
        MatmulPlan plan = MatmulPlan.choose(layout, epilogue, m, n, k, a, lda, b, ldb, c, ldc, bias,
                context.device().multiprocessors());
        if (m == 0 || n == 0) return;
        args.int32(0, m).int32(1, n).int32(2, k).float32(3, alpha).pointer(4, a).int32(5, lda)
                .pointer(6, b).int32(7, ldb).float32(8, beta).pointer(9, c).int32(10, ldc).pointer(11, bias);
        context.launch(context.function(KernelModule.MATMUL, plan.kernel()), plan.gridX(), plan.gridY(), splits,
                plan.threads(), 1, 1, 0, args);
    }

    static int packedLda(Layout layout, int m, int k) {
        return Math.max(1, layout == Layout.TN ? m : k);
    }

    static int packedLdb(Layout layout, int n, int k) {
        return Math.max(1, layout == Layout.NT ? k : n);
    }
}
