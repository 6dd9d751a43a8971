package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;
import dev.adjoint.tree.Trees;

/**
 * Scales all updates down together when their global norm exceeds {@code maxNorm} (optax's
 * {@code clip_by_global_norm}): unchanged if the norm is below {@code maxNorm}, else {@code (u /
 * norm) * maxNorm}, which keeps the direction and makes the norm {@code maxNorm}.
 */
final class ClipByGlobalNorm implements GradientTransformation {
  private final double maxNorm;

  ClipByGlobalNorm(double maxNorm) {
    if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
      throw new IllegalArgumentException("clipByGlobalNorm: maxNorm must be positive and finite, got " + maxNorm);
    }
    this.maxNorm = maxNorm;
  }

  @Override
  public TransformState initLeaves(Tensor[] params) {
    return EmptyState.INSTANCE;
  }

  @Override
  public LeafUpdate updateLeaves(Tensor[] updates, TransformState state, Tensor[] params) {
    Checks.state(name(), state, EmptyState.class);
    double norm = Trees.globalNorm(updates);
    if (norm < maxNorm) {
      return new LeafUpdate(updates.clone(), state);
    }
    Tensor[] out = new Tensor[updates.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = updates[i].div(norm).mul(maxNorm);
    }
    return new LeafUpdate(out, state);
  }

  @Override
  public String name() {
    return "clipByGlobalNorm";
  }
}
