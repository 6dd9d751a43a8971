package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;
import java.util.List;

/**
 * The state of one {@link GradientTransformation}, as optax's {@code OptState}: immutable, created
 * by {@link GradientTransformation#initLeaves} and replaced (never modified) by each update. The
 * built-in states are {@link EmptyState}, {@link CountState}, {@link TraceState},
 * {@link AdamState} and {@link ChainState}; a transformation written by a user brings its own.
 */
public interface TransformState {

  /**
   * Every tensor this state holds, nested states included: what a training loop on a GPU keeps
   * beyond a {@code DeviceScope} (and adopts into the next one) besides its parameters. A user's
   * state holding tensors overrides this; the default holds none.
   */
  default List<Tensor> tensors() {
    return List.of();
  }
}
