package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;

/** Transformations applied one after another, each to the previous one's output (optax's {@code chain}). */
final class Chain implements GradientTransformation {
  private final String name;
  private final GradientTransformation[] stages;

  Chain(String name, GradientTransformation... stages) {
    this.name = name;
    this.stages = stages.clone();
    for (int i = 0; i < this.stages.length; i++) {
      if (this.stages[i] == null) {
        throw new IllegalArgumentException(name + ": transformation " + i + " is null");
      }
    }
  }

  @Override
  public TransformState initLeaves(Tensor[] params) {
    TransformState[] states = new TransformState[stages.length];
    for (int i = 0; i < states.length; i++) {
      states[i] = stages[i].initLeaves(params);
    }
    return new ChainState(states);
  }

  @Override
  public LeafUpdate updateLeaves(Tensor[] updates, TransformState state, Tensor[] params) {
    TransformState[] states = states(state);
    TransformState[] next = new TransformState[stages.length];
    Tensor[] u = updates;
    for (int i = 0; i < stages.length; i++) {
      LeafUpdate r = stages[i].updateLeaves(u, states[i], params);
      u = r.updates();
      next[i] = r.state();
    }
    return new LeafUpdate(u == updates ? updates.clone() : u, new ChainState(next));
  }

  /**
   * Adam followed by a constant learning rate ({@code adam(lr)}, the common case) moves each leaf
   * in one loop ({@link ScaleByAdam#applyScaled}, all leaves in one launch on a GPU), and SGD with
   * a constant learning rate, with or without momentum ({@code sgd(lr[, momentum, nesterov])}),
   * moves all leaves in one launch on a GPU ({@link SgdKernel}); each with the same bits as the
   * stages one after another. Every other chain, and SGD elsewhere, applies its stages in turn.
   */
  @Override
  public LeafStep applyLeaves(String op, Tensor[] params, Tensor[] grads, TransformState state) {
    if (stages.length == 2 && stages[1] instanceof Scale scale) {
      TransformState[] states = states(state);
      if (stages[0] instanceof ScaleByAdam adam) {
        Checks.state(scale.name(), states[1], EmptyState.class);
        LeafStep r = adam.applyScaled(params, grads, states[0], scale.factor());
        return new LeafStep(r.params(), new ChainState(new TransformState[] {r.state(), states[1]}));
      }
      LeafStep sgd = fusedSgd(params, grads, states, scale);
      if (sgd != null) {
        return sgd;
      }
    }
    return GradientTransformation.super.applyLeaves(op, params, grads, state);
  }

  /** {@code identity} or {@code trace}, then {@code scale}, on a device that fuses it; else null. */
  private LeafStep fusedSgd(Tensor[] params, Tensor[] grads, TransformState[] states, Scale scale) {
    Tensor[] traces;
    double decay;
    boolean nesterov;
    if (stages[0] instanceof Identity identity) {
      Checks.state(identity.name(), states[0], EmptyState.class);
      traces = null;
      decay = 0;
      nesterov = false;
    } else if (stages[0] instanceof Trace trace) {
      traces = Checks.state(trace.name(), states[0], TraceState.class).trace;
      Checks.leafCount(trace.name(), grads, traces);
      decay = trace.decay();
      nesterov = trace.nesterov();
    } else {
      return null;
    }
    Checks.state(scale.name(), states[1], EmptyState.class);
    Tensor[][] r = SgdKernel.applyOnDevice(params, grads, traces, decay, nesterov, scale.factor());
    if (r == null) {
      return null;
    }
    TransformState first = traces == null ? states[0] : new TraceState(r[1]);
    return new LeafStep(r[0], new ChainState(new TransformState[] {first, states[1]}));
  }

  private TransformState[] states(TransformState state) {
    TransformState[] states = Checks.state(name, state, ChainState.class).states;
    if (states.length != stages.length) {
      throw new IllegalArgumentException(name + ": the state has " + states.length + " stages, the chain "
          + stages.length + "; pass the state that this optimizer's init (or last update) returned");
    }
    return states;
  }

  @Override
  public String name() {
    return name;
  }
}
