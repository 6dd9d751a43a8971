package dev.adjoint.optim;

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

  /** The transformations' states, in chain order (unmodifiable). */
  public List<TransformState> states() {
    return Collections.unmodifiableList(Arrays.asList(states));
  }
}
