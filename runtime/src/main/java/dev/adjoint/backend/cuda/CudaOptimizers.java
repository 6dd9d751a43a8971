package dev.adjoint.backend.cuda;

import dev.adjoint.backend.cuda.KernelArgs.Param;
import dev.adjoint.cuda.KernelModule;

/**
 * Fused optimizer updates over one flat float32 parameter buffer ({@code optimizers.cu}): one
 * launch updates every parameter of a model in place, reading the gradient and the state once.
 * The formulas are spelled out in optimizers.cu; the results match a Java loop that performs the
 * same float operations bit for bit.
 */
public final class CudaOptimizers {
    private static final int THREADS = 256;
    private final CudaContext context;
    private final KernelArgs adamArgs = new KernelArgs(Param.LONG, Param.POINTER, Param.POINTER, Param.POINTER,
            Param.POINTER, Param.struct(10));
    private final KernelArgs sgdArgs = new KernelArgs(Param.LONG, Param.POINTER, Param.POINTER, Param.POINTER,
            Param.FLOAT, Param.FLOAT, Param.FLOAT, Param.INT);

    private final KernelArgs adamLeavesArgs = new KernelArgs(Param.INT, Param.struct(9),
            Param.struct(LeafTable.MAX_LEAVES * LeafTable.AdamField.values().length * 2));
    private final KernelArgs sgdLeavesArgs = new KernelArgs(Param.INT, Param.struct(4),
            Param.struct(LeafTable.MAX_LEAVES * LeafTable.SgdField.values().length * 2));
    static final String ADAM_APPLY_LEAVES = "adam_apply_leaves_f32";
    static final String SGD_APPLY_LEAVES = "sgd_apply_leaves_f32";

    public CudaOptimizers(CudaContext context) {
        this.context = context;
    }

    /** Adam or AdamW over {@code n} parameters: updates {@code params}, {@code m} and {@code v} in place. */
    public void adam(long n, long params, long grads, long m, long v, AdamStep step) {
        if (n < 0) throw new IllegalArgumentException("adam: parameter count must be >= 0, got " + n);
        if (n == 0) return;
        adamArgs.int64(0, n).pointer(1, params).pointer(2, grads).pointer(3, m).pointer(4, v).struct(5, step.structWords());
        context.launch(context.function(KernelModule.OPTIMIZERS, "adam_update_f32"),
                context.gridStrideBlocks(Math.max(1, n / 4), THREADS), 1, 1, THREADS, 1, 1, 0, adamArgs);
    }

    /**
     * SGD over {@code n} parameters, with momentum (heavy-ball, or Nesterov) when {@code momentum != 0}
     * (then {@code velocity} holds n floats, updated in place; else it may be 0).
     */
    public void sgd(long n, long params, long grads, long velocity, float learningRate, float momentum,
                    float weightDecay, boolean nesterov) {
        if (n < 0) throw new IllegalArgumentException("sgd: parameter count must be >= 0, got " + n);
        if (momentum != 0f && velocity == 0) throw new IllegalArgumentException("sgd: momentum " + momentum + " needs a velocity buffer");
        if (nesterov && momentum == 0f) throw new IllegalArgumentException("sgd: Nesterov needs momentum > 0");
        if (n == 0) return;
        sgdArgs.int64(0, n).pointer(1, params).pointer(2, grads).pointer(3, velocity).float32(4, learningRate)
                .float32(5, momentum).float32(6, weightDecay).int32(7, nesterov ? 1 : 0);
        context.launch(context.function(KernelModule.OPTIMIZERS, "sgd_update_f32"),
                context.gridStrideBlocks(Math.max(1, n / 4), THREADS), 1, 1, THREADS, 1, 1, 0, sgdArgs);
    }

    /**
     * optax's {@code adam(lr)} over every leaf of the table ({@link LeafTable.AdamField}) in one
     * launch, out of place (or in place where a leaf's output is its input): the grid strides
     * along x over the longest leaf's float4 groups, and y picks the leaf.
     */
    void adamApplyLeaves(LeafTable table) {
        applyLeaves(ADAM_APPLY_LEAVES, adamLeavesArgs, table);
    }

    /** optax's {@code sgd} over every leaf of the table ({@link LeafTable.SgdField}) in one launch, as {@link #adamApplyLeaves}. */
    void sgdApplyLeaves(LeafTable table) {
        applyLeaves(SGD_APPLY_LEAVES, sgdLeavesArgs, table);
    }

    private void applyLeaves(String kernel, KernelArgs args, LeafTable table) {
        if (table.count() == 0) return;
        args.int32(0, table.count()).struct(1, table.constants()).struct(2, table.words());
        context.launch(context.function(KernelModule.OPTIMIZERS, kernel),
                context.gridStrideBlocks(Math.max(1, table.longest() / 4), THREADS), table.count(), 1, THREADS, 1, 1, 0,
                args);
    }
}
