package dev.adjoint.backend.cuda;

import dev.adjoint.backend.cuda.KernelArgs.Param;
import dev.adjoint.cuda.KernelModule;

/**
 * Float32 matrix products on row-major device matrices ({@code matmul.cu}):
 * {@code C = act(alpha * op(A) . op(B) + beta * C + bias)}, where C is {@code m x n}.
 *
 * <p>Deterministic: the same inputs give the same bits (fixed summation order over k, no atomics).
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

    public CudaMatmul(CudaContext context) {
        this.context = context;
    }

    /** {@code C = op(A) . op(B)} for packed matrices (leading dimension = row length). */
    public void multiply(Layout layout, int m, int n, int k, long a, long b, long c) {
        run(layout, Epilogue.NONE, m, n, k, 1f, a, packedLda(layout, m, k), b, packedLdb(layout, n, k), 0f, c, n, 0);
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
        MatmulPlan plan = MatmulPlan.choose(layout, epilogue, m, n, k, a, lda, b, ldb, c, ldc, bias,
                context.device().multiprocessors());
        if (m == 0 || n == 0) return;
        args.int32(0, m).int32(1, n).int32(2, k).float32(3, alpha).pointer(4, a).int32(5, lda)
                .pointer(6, b).int32(7, ldb).float32(8, beta).pointer(9, c).int32(10, ldc).pointer(11, bias);
        context.launch(context.function(KernelModule.MATMUL, plan.kernel()), plan.gridX(), plan.gridY(), 1,
                plan.threads(), 1, 1, 0, args);
    }

    static int packedLda(Layout layout, int m, int k) {
        return Math.max(1, layout == Layout.TN ? m : k);
    }

    static int packedLdb(Layout layout, int n, int k) {
        return Math.max(1, layout == Layout.NT ? k : n);
    }
}
