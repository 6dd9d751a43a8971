package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;
import dev.adjoint.tree.Trees;

/**
 * Rescales updates as Adam does (optax's {@code scale_by_adam} with {@code eps_root = 0}): the
 * bias-corrected first moment over the root of the bias-corrected second moment plus {@code eps}.
 * The learning rate is a separate stage ({@link Optimizers#adam} chains the two).
 */
final class ScaleByAdam implements GradientTransformation {
  private final double b1;
  private final double b2;
  private final double eps;

  ScaleByAdam(double b1, double b2, double eps) {
    this.b1 = Checks.decay("scaleByAdam", "b1", b1);
    this.b2 = Checks.decay("scaleByAdam", "b2", b2);
    this.eps = Checks.nonNegative("scaleByAdam", "eps", eps);
  }

  @Override
  public TransformState initLeaves(Tensor[] params) {
    Tensor[] mu = new Tensor[params.length];
    Tensor[] nu = new Tensor[params.length];
    for (int i = 0; i < mu.length; i++) {
      mu[i] = Tensor.zerosLike(params[i]);
      nu[i] = mu[i];
    }
    return new AdamState(0, mu, nu);
  }

  @Override
  public LeafUpdate updateLeaves(Tensor[] updates, TransformState state, Tensor[] params) {
    AdamState s = Checks.state(name(), state, AdamState.class);
    Checks.leafCount(name(), updates, s.mu);
    Trees.requireSameShapes(name(), updates, s.mu, "the updates", "the state");
    long count = Math.addExact(s.count, 1);
    Tensor[] out = new Tensor[updates.length];
    Tensor[] mu = new Tensor[updates.length];
    Tensor[] nu = new Tensor[updates.length];
    for (int i = 0; i < out.length; i++) {
      AdamKernel.Result r;
      try {
        r = AdamKernel.step(updates[i], s.mu[i], s.nu[i], b1, b2, eps, count);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name() + ": leaf " + i + ": " + e.getMessage(), e);
      }
      out[i] = r.update();
      mu[i] = r.mu();
      nu[i] = r.nu();
    }
    return new LeafUpdate(out, new AdamState(count, mu, nu));
  }

  @Override
  public String name() {
    return "scaleByAdam";
  }
}
