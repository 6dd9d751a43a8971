package dev.adjoint.backend.cuda;

import dev.adjoint.Differentiable;
import dev.adjoint.random.RandomArrays;
import dev.adjoint.random.RandomKey;
import dev.adjoint.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * A small ReLU classifier whose loss the annotation processor differentiates (the runtime's test
 * sources go through it like its main sources): the model the device training tests run on the
 * CPU and on a CUDA backend.
 */
final class TinyMlp {
    private TinyMlp() {}

    /** Two dense layers, weights stored {@code [in, out]}. */
    record Params(Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
        Params map(UnaryOperator<Tensor> f) {
            return new Params(f.apply(w1), f.apply(b1), f.apply(w2), f.apply(b2));
        }

        Tensor[] leaves() {
            return new Tensor[] {w1, b1, w2, b2};
        }
    }

    /** Mean softmax cross-entropy of the network's logits against one-hot labels. */
    @Differentiable(wrt = "p")
    static double loss(Params p, Tensor x, Tensor labels) {
        Tensor hidden = x.matmul(p.w1()).add(p.b1()).relu();
        Tensor logits = hidden.matmul(p.w2()).add(p.b2());
        return logits.logSoftmax(1).mul(labels).sum(1).mean().neg().item();
    }

    static Params init(RandomKey key, int in, int hidden, int out) {
        RandomKey[] k = key.split(4);
        return new Params(
                Tensor.of(RandomArrays.normal(k[0], in, hidden), in, hidden).mul(Math.sqrt(2.0 / in)),
                Tensor.of(RandomArrays.normal(k[1], hidden), hidden).mul(0.01),
                Tensor.of(RandomArrays.normal(k[2], hidden, out), hidden, out).mul(Math.sqrt(1.0 / hidden)),
                Tensor.of(RandomArrays.normal(k[3], out), out).mul(0.01));
    }
}
