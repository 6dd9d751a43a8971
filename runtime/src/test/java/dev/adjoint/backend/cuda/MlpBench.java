package dev.adjoint.backend.cuda;

import dev.adjoint.Differentiable;
import dev.adjoint.optim.GradientTransformation;
import dev.adjoint.optim.OptState;
import dev.adjoint.optim.Step;
import dev.adjoint.random.RandomArrays;
import dev.adjoint.random.RandomKey;
import dev.adjoint.tensor.Tensor;

/**
 * The benchmark's model: a 784-512-512-10 ReLU MLP with a mean softmax cross-entropy (optax's
 * {@code softmax_cross_entropy(logits, labels).mean()}: the JAX side's loss in one operation),
 * weights stored {@code [in, out]} as in the JAX version ({@code cuda-kernels/bench/jax_mlp.py}). The loss
 * returns a rank-0 tensor, so a training step reads nothing back until its end.
 */
final class MlpBench {
    static final int[] SIZES = {784, 512, 512, 10};

    private MlpBench() {}

    record Params(Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor w3, Tensor b3) {
        Tensor[] leaves() {
            return new Tensor[] {w1, b1, w2, b2, w3, b3};
        }

        static Params of(Tensor[] leaves) {
            return new Params(leaves[0], leaves[1], leaves[2], leaves[3], leaves[4], leaves[5]);
        }
    }

    @Differentiable(wrt = "p")
    static Tensor loss(Params p, Tensor x, Tensor labels) {
        Tensor h1 = x.matmul(p.w1()).add(p.b1()).relu();
        Tensor h2 = h1.matmul(p.w2()).add(p.b2()).relu();
        Tensor logits = h2.matmul(p.w3()).add(p.b3());
        return logits.softmaxCrossEntropy(labels, 1).mean();
    }

    /** What one training step leaves: the moved parameters, the optimizer's next state, the loss before the step. */
    record Trained(Params params, OptState<Params> state, Tensor loss) {}

    /**
     * One training step as a GPU loop runs it: a {@link DeviceScope} adopts the previous
     * parameters and optimizer state ({@code OptState.tensors()}), the generated gradient and the
     * optimizer run inside it, and only the new parameters, state and the loss outlive it.
     */
    static Trained step(GradientTransformation optimizer, Params params, OptState<Params> state, Tensor x, Tensor labels) {
        try (DeviceScope scope = DeviceScope.open()) {
            scope.adopt(params.leaves());
            scope.adoptAll(state.tensors());
            MlpBenchGrad.LossValueAndGrad vg = MlpBenchGrad.lossValueAndGrad(params, x, labels);
            Step<Params> next = optimizer.apply(params, vg.grad(), state);
            scope.keep(next.params().leaves());
            scope.keepAll(next.state().tensors());
            return new Trained(next.params(), next.state(), scope.keep(vg.value()));
        }
    }

    /** He-normal weights, zero biases (float32, on the CPU). */
    static Params init(RandomKey key) {
        RandomKey[] k = key.split(3);
        Tensor[] leaves = new Tensor[6];
        for (int l = 0; l < 3; l++) {
            int in = SIZES[l], out = SIZES[l + 1];
            leaves[2 * l] = Tensor.of(RandomArrays.normal(k[l], in, out), in, out).mul(Math.sqrt(2.0 / in));
            leaves[2 * l + 1] = Tensor.zeros(out);
        }
        return Params.of(leaves);
    }
}
