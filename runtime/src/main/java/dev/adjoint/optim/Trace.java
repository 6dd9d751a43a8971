package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;
import dev.adjoint.tree.Trees;

/**
 * Momentum (optax's {@code trace}): {@code t' = g + decay t}; the update is {@code t'}, or with
 * Nesterov's correction {@code g + decay t'}.
 */
final class Trace implements GradientTransformation {
  private final double decay;
  private final boolean nesterov;

  Trace(double decay, boolean nesterov) {
    this.decay = Checks.nonNegative("trace", "the decay (momentum)", decay);
    this.nesterov = nesterov;
  }

  @Override
  public TransformState initLeaves(Tensor[] params) {
    Tensor[] zeros = new Tensor[params.length];
    for (int i = 0; i < zeros.length; i++) {
      zeros[i] = Tensor.zerosLike(params[i]);
    }
    return new TraceState(zeros);
  }

  @Override
  public LeafUpdate updateLeaves(Tensor[] updates, TransformState state, Tensor[] params) {
    Tensor[] trace = Checks.state(name(), state, TraceState.class).trace;
    Checks.leafCount(name(), updates, trace);
    Trees.requireSameShapes(name(), updates, trace, "the updates", "the state");
    Tensor[] next = new Tensor[updates.length];
    Tensor[] out = nesterov ? new Tensor[updates.length] : next;
    for (int i = 0; i < next.length; i++) {
      next[i] = updates[i].add(trace[i].mul(decay));
      if (nesterov) {
        out[i] = updates[i].add(next[i].mul(decay));
      }
    }
    return new LeafUpdate(nesterov ? out : next.clone(), new TraceState(next));
  }

  double decay() {
    return decay;
  }

  boolean nesterov() {
    return nesterov;
  }

  @Override
  public String name() {
    return "trace";
  }
}
