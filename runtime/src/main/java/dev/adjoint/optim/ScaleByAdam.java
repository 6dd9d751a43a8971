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
    Leaves r = steps(null, updates, state, 0, null);
    return new LeafUpdate(r.results(), r.state());
  }

  /**
   * This step, {@code decay}'s decoupled weight decay (null: none), {@code scale(factor)} and
   * adding the result to {@code params}, fused per leaf ({@link AdamKernel#stepAndApply}) or for
   * all leaves on a GPU; {@link Chain} uses it for {@code adam(lr)} and {@code adamw(lr, ...)}.
   */
  LeafStep applyScaled(Tensor[] params, Tensor[] grads, TransformState state, double factor, AddDecayedWeights decay) {
    Leaves r = steps(params, grads, state, factor, decay);
    return new LeafStep(r.results(), r.state());
  }

  /** Per leaf: the update direction, or the moved parameter where {@code params} is given. */
  private record Leaves(Tensor[] results, AdamState state) {}

  private Leaves steps(Tensor[] params, Tensor[] grads, TransformState state, double factor,
      AddDecayedWeights decay) {
    AdamState s = checkedState(grads, state);
    double[] decays = params != null && decay != null ? new double[grads.length] : null;  // null: no leaf decays
    if (decays != null) {
      for (int i = 0; i < decays.length; i++) {
        decays[i] = decay.decayOf(params[i]);
      }
    }
    long count = Math.addExact(s.count, 1);
    AdamKernel.StepConstants constants = new AdamKernel.StepConstants(b1, b2, eps, count);
    Tensor[] results = new Tensor[grads.length];
    Tensor[] mu = new Tensor[grads.length];
    Tensor[] nu = new Tensor[grads.length];
    AdamKernel.Result[] fused = params == null ? null
        : AdamKernel.applyFusedOnDevice(params, grads, s.mu, s.nu, constants, factor, decays);
    for (int i = 0; i < results.length; i++) {
      AdamKernel.Result r;
      try {
        r = fused != null && fused[i] != null ? fused[i] : params == null
            ? AdamKernel.step(grads[i], s.mu[i], s.nu[i], constants, AdamKernel.onCpu(grads[i], s.mu[i], s.nu[i]))
            : AdamKernel.stepAndApply(params[i], grads[i], s.mu[i], s.nu[i], constants, factor,
                decays == null ? 0 : decays[i],
                AdamKernel.onCpu(params[i], grads[i], s.mu[i], s.nu[i]));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name() + ": leaf " + i + ": " + e.getMessage(), e);
      }
      results[i] = r.update();
      mu[i] = r.mu();
      nu[i] = r.nu();
    }
    return new Leaves(results, new AdamState(count, mu, nu));
  }

  private AdamState checkedState(Tensor[] updates, TransformState state) {
    AdamState s = Checks.state(name(), state, AdamState.class);
    Checks.leafCount(name(), updates, s.mu);
    Trees.requireSameShapes(name(), updates, s.mu, "the updates", "the state");
    return s;
  }

  @Override
  public String name() {
    return "scaleByAdam";
  }
}
