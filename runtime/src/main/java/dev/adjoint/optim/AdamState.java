package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The state of {@link Optimizers#scaleByAdam}: optax's {@code ScaleByAdamState}. */
public final class AdamState implements TransformState {
  final long count;
  /** Never modified after construction; one tensor per leaf. */
  final Tensor[] mu;
  final Tensor[] nu;

  AdamState(long count, Tensor[] mu, Tensor[] nu) {
    this.count = count;
    this.mu = mu;
    this.nu = nu;
  }

  /** The number of updates made so far. */
  public long count() {
    return count;
  }

  /** The first moment (decaying mean of the gradients), one tensor per leaf (unmodifiable). */
  public List<Tensor> mu() {
    return Collections.unmodifiableList(Arrays.asList(mu));
  }

  /** Both moments, mu's leaves then nu's. */
  @Override
  public List<Tensor> tensors() {
    List<Tensor> all = new ArrayList<>(mu());
    all.addAll(nu());
    return Collections.unmodifiableList(all);
  }

  /** The second moment (decaying mean of the squared gradients), one tensor per leaf. */
  public List<Tensor> nu() {
    return Collections.unmodifiableList(Arrays.asList(nu));
  }
}
