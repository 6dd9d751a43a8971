package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The state of momentum ({@link Optimizers#trace}): the decaying sum of past updates, per leaf. */
public final class TraceState implements TransformState {
  /** Never modified after construction; leaf {@code i} belongs to the tree's leaf {@code i}. */
  final Tensor[] trace;

  TraceState(Tensor[] trace) {
    this.trace = trace;
  }

  @Override
  public List<Tensor> tensors() {
    return trace();
  }

  /** The trace, one tensor per leaf of the tree (unmodifiable). */
  public List<Tensor> trace() {
    return Collections.unmodifiableList(Arrays.asList(trace));
  }
}
