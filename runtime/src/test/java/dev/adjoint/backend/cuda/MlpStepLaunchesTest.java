package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.optim.GradientTransformation;
import dev.adjoint.optim.OptState;
import dev.adjoint.optim.Optimizers;
import dev.adjoint.random.RandomArrays;
import dev.adjoint.random.RandomKey;
import dev.adjoint.tensor.Tensor;
import dev.adjoint.tensor.TensorsOn;
import org.junit.jupiter.api.Test;

/**
 * How many kernels one training step of the benchmark MLP ({@link MlpStepBenchmark}: forward,
 * generated backward, {@code adam(lr).apply}, batch 1024) launches on the (emulated) GPU. A small
 * step is launch-bound, so its time is about this count times the launch cost; the count is
 * pinned here so that a change adding launches to the step shows up as a failing test, not only
 * as a slower benchmark on a machine this build may never see. Counted are the backend's kernel
 * calls ({@link CudaOps}); a two-pass reduction (the mean, the bias gradients' column sums) is one
 * call here and two launches on a GPU. The products' arithmetic is skipped (only their launches
 * matter here), so the full batch runs in a unit test.
 */
class MlpStepLaunchesTest {
    static final int BATCH = 1024;
    /**
     * {@code MlpBench.loss} called as written: three matrix products (split along k into 3, 2 and 2
     * slices: each a product launch and a sum of the slices), three bias adds, two ReLUs, the
     * softmax cross-entropy, the mean (sum, scale). With the loss spelled out as {@code
     * logSoftmax(1).mul(labels).sum(1).mean().neg()}: 17.
     */
    static final int FORWARD_AS_WRITTEN = 14;
    /**
     * The generated gradient's forward sweep adds each bias in its product's slice sum ({@code
     * x.matmul(w).add(b)} compiles to {@code matmulAdd}): 11 calls, three fewer than as written;
     * its backward sweep 17 (the mean's 2, the cross-entropy's 1, four of its five products split,
     * each one more call); Adam 1 (84 without the fused step: fourteen tensor operations per leaf).
     * With the loss spelled out ({@code logSoftmax(1).mul(labels).sum(1).mean().neg()}): 36.
     */
    static final int LAUNCHES_PER_STEP = 29;

    @Test
    void oneTrainingStepLaunchesAPinnedNumberOfKernels() {
        EmulatedCuda.Parts parts = EmulatedCuda.open(1L << 31, System::gc);
        parts.ops().countOnly = true;
        RandomKey[] k = RandomKey.of(0).split(3);
        MlpBench.Params params = MlpBench.Params.of(on(parts, MlpBench.init(k[0]).leaves()));
        Tensor x = TensorsOn.backend(parts.backend(), Tensor.of(RandomArrays.normal(k[1], BATCH, 784), BATCH, 784));
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) labels[i] = i % 10;
        Tensor y = TensorsOn.backend(parts.backend(), Tensor.oneHot(labels, 10));
        GradientTransformation adam = Optimizers.adam(1e-3);
        OptState<MlpBench.Params> state = adam.init(params);
        long beforeForward = parts.ops().launches;
        MlpBench.loss(params, x, y);
        assertEquals(FORWARD_AS_WRITTEN, parts.ops().launches - beforeForward, "kernel calls of the loss as written");
        for (int step = 0; step < 2; step++) {
            long before = parts.ops().launches;
            MlpBench.Trained trained = MlpBench.step(adam, params, state, x, y);
            params = trained.params();
            state = trained.state();
            assertEquals(LAUNCHES_PER_STEP, parts.ops().launches - before, "kernel launches in step " + step);
        }
        parts.backend().close();
    }

    private static Tensor[] on(EmulatedCuda.Parts parts, Tensor[] leaves) {
        Tensor[] out = new Tensor[leaves.length];
        for (int i = 0; i < out.length; i++) out[i] = TensorsOn.backend(parts.backend(), leaves[i]);
        return out;
    }
}
