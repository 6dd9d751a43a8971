package dev.adjoint.backend.cuda;

import dev.adjoint.backend.cuda.KernelArgs.Param;
import dev.adjoint.cuda.KernelModule;

/**
 * Softmax, log-softmax and the softmax cross-entropy over the rows of a {@code [rows, cols]}
 * float32 matrix, and their backward passes ({@code softmax.cu}). Outputs must not overlap inputs.
 */
public final class CudaSoftmax {
    private final CudaContext context;
    private final KernelArgs forwardArgs = new KernelArgs(Param.INT, Param.INT, Param.POINTER, Param.POINTER);
    private final KernelArgs backwardArgs = new KernelArgs(Param.INT, Param.INT, Param.POINTER, Param.POINTER, Param.POINTER);
    private final KernelArgs crossEntropyBackwardArgs = new KernelArgs(Param.INT, Param.INT, Param.POINTER, Param.POINTER,
            Param.POINTER, Param.POINTER);
    static final String CROSS_ENTROPY = "softmax_cross_entropy_rows_f32";
    static final String CROSS_ENTROPY_BACKWARD = "softmax_cross_entropy_rows_backward_f32";

    public CudaSoftmax(CudaContext context) {
        this.context = context;
    }

    /** {@code y = softmax(x)} per row. */
    public void softmax(int rows, int cols, long x, long y) {
        forward("softmax_rows_f32", "softmax", rows, cols, x, y);
    }

    /** {@code y = log_softmax(x)} per row. */
    public void logSoftmax(int rows, int cols, long x, long y) {
        forward("log_softmax_rows_f32", "log_softmax", rows, cols, x, y);
    }

    /** {@code dx = y * (dy - sum(dy * y))} per row, y the softmax output. */
    public void softmaxBackward(int rows, int cols, long y, long dy, long dx) {
        backward("softmax_rows_backward_f32", "softmax backward", rows, cols, y, dy, dx);
    }

    /** {@code dx = dy - exp(y) * sum(dy)} per row, y the log-softmax output. */
    public void logSoftmaxBackward(int rows, int cols, long y, long dy, long dx) {
        backward("log_softmax_rows_backward_f32", "log_softmax backward", rows, cols, y, dy, dx);
    }

    /** {@code out[r] = -sum(labels * log_softmax(x))} over row r: optax's softmax cross-entropy. */
    public void crossEntropy(int rows, int cols, long x, long labels, long out) {
        backward(CROSS_ENTROPY, "softmax cross-entropy", rows, cols, x, labels, out);
    }

    /** {@code dx = g[r] * (softmax(x) * sum(labels) - labels)} over row r: the cross-entropy's adjoint. */
    public void crossEntropyBackward(int rows, int cols, long x, long labels, long g, long dx) {
        if (!check("softmax cross-entropy backward", rows, cols)) return;
        crossEntropyBackwardArgs.int32(0, rows).int32(1, cols).pointer(2, x).pointer(3, labels).pointer(4, g).pointer(5, dx);
        context.launch(context.function(KernelModule.SOFTMAX, CROSS_ENTROPY_BACKWARD), (rows + 7) / 8, 1, 1, 256, 1, 1, 0,
                crossEntropyBackwardArgs);
    }

    private void forward(String kernel, String op, int rows, int cols, long x, long y) {
        if (!check(op, rows, cols)) return;
        forwardArgs.int32(0, rows).int32(1, cols).pointer(2, x).pointer(3, y);
        context.launch(context.function(KernelModule.SOFTMAX, kernel), (rows + 7) / 8, 1, 1, 256, 1, 1, 0, forwardArgs);
    }

    private void backward(String kernel, String op, int rows, int cols, long y, long dy, long dx) {
        if (!check(op, rows, cols)) return;
        backwardArgs.int32(0, rows).int32(1, cols).pointer(2, y).pointer(3, dy).pointer(4, dx);
        context.launch(context.function(KernelModule.SOFTMAX, kernel), (rows + 7) / 8, 1, 1, 256, 1, 1, 0, backwardArgs);
    }

    private static boolean check(String op, int rows, int cols) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException(op + ": shape [" + rows + ", " + cols + "] has a negative size");
        if (rows > 0 && cols == 0) throw new IllegalArgumentException(op + ": shape [" + rows + ", 0]: rows of length 0");
        return rows > 0;
    }
}
