package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The state of {@link Optimizers#chain}: one state per transformation, in chain order. */
public final class ChainState implements TransformState {
  /** Never modified after construction. */
  final TransformState[] states;

  ChainState(TransformState[] states) {
    this.states = states;
  }

  /** The tensors of every stage's state, in chain order. */
  @Override
  public List<Tensor> tensors() {
    List<Tensor> all = new ArrayList<>();
    for (TransformState s : states) {
      all.addAll(s.tensors());
    }
    return Collections.unmodifiableList(all);
  }

  /** The transformations' states, in chain order (unmodifiable). */
  public List<TransformState> states() {
    return Collections.unmodifiableList(Arrays.asList(states));
  }
}
