package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;

/** Leaves the updates as they are (optax's {@code identity}). */
final class Identity implements GradientTransformation {
  static final Identity INSTANCE = new Identity();

  private Identity() {}

  @Override
  public TransformState initLeaves(Tensor[] params) {
    return EmptyState.INSTANCE;
  }

  @Override
  public LeafUpdate updateLeaves(Tensor[] updates, TransformState state, Tensor[] params) {
    Checks.state(name(), state, EmptyState.class);
    return new LeafUpdate(updates.clone(), state);
  }

  @Override
  public String name() {
    return "identity";
  }
}
