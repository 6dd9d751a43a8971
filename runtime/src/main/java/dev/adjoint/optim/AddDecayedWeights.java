package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;
import java.util.function.Predicate;

/**
 * Adds {@code weightDecay * p} to the update of each parameter leaf the mask accepts (optax's
 * {@code add_decayed_weights}): decoupled weight decay when it comes before the learning rate, as
 * in AdamW.
 */
final class AddDecayedWeights implements GradientTransformation {
  private final double weightDecay;
  private final Predicate<Tensor> mask;

  AddDecayedWeights(double weightDecay, Predicate<Tensor> mask) {
    this.weightDecay = Checks.finite("addDecayedWeights", "the weight decay", weightDecay);
    if (mask == null) {
      throw new IllegalArgumentException("addDecayedWeights: the mask is null");
    }
    this.mask = mask;
  }

  @Override
  public TransformState initLeaves(Tensor[] params) {
    return EmptyState.INSTANCE;
  }

  @Override
  public LeafUpdate updateLeaves(Tensor[] updates, TransformState state, Tensor[] params) {
    Checks.state(name(), state, EmptyState.class);
    Tensor[] p = Checks.requireParams(name(), params);
    Tensor[] out = new Tensor[updates.length];
    for (int i = 0; i < out.length; i++) {
      double decay = decayOf(p[i]);
      out[i] = decay != 0 ? updates[i].add(p[i].mul(decay)) : updates[i];
    }
    return new LeafUpdate(out, state);
  }

  /** The decay leaf {@code p} takes: the weight decay where the mask accepts it, else 0 (none). */
  double decayOf(Tensor p) {
    return weightDecay != 0 && mask.test(p) ? weightDecay : 0;
  }

  @Override
  public String name() {
    return "addDecayedWeights";
  }
}
