package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;

/** Multiplies the updates by a constant (optax's {@code scale}); {@code -lr} for a fixed learning rate. */
final class Scale implements GradientTransformation {
  private final double factor;

  Scale(double factor) {
    this.factor = Checks.finite("scale", "the factor", factor);
  }

  @Override
  public TransformState initLeaves(Tensor[] params) {
    return EmptyState.INSTANCE;
  }

  @Override
  public LeafUpdate updateLeaves(Tensor[] updates, TransformState state, Tensor[] params) {
    Checks.state(name(), state, EmptyState.class);
    Tensor[] out = new Tensor[updates.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = updates[i].mul(factor);
    }
    return new LeafUpdate(out, state);
  }

  double factor() {
    return factor;
  }

  @Override
  public String name() {
    return "scale";
  }
}
