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
   * Adam followed by a learning rate ({@code adam(lr)}, constant or scheduled: the common case),
   * with AdamW's decoupled decay between them or not, moves each leaf in one loop ({@link
   * ScaleByAdam#applyScaled}, all leaves in one launch on a GPU), and SGD, with or without
   * momentum ({@code sgd(lr[, momentum, nesterov])}), moves all leaves in one launch on a GPU
   * ({@link SgdKernel}); each with the same bits as the stages one after another (a schedule's
   * value is one factor per step). Every other chain, and SGD elsewhere, applies its stages in turn.
   */
  @Override
  public LeafStep applyLeaves(String op, Tensor[] params, Tensor[] grads, TransformState state) {
    int last = stages.length - 1;
    boolean adamw = stages.length == 3 && stages[0] instanceof ScaleByAdam && stages[1] instanceof AddDecayedWeights;
    if ((stages.length == 2 || adamw) && (stages[last] instanceof Scale || stages[last] instanceof ScaleBySchedule)) {
      TransformState[] states = states(state);
      double factor;
      TransformState scaleState;
      if (stages[last] instanceof Scale scale) {
        Checks.state(scale.name(), states[last], EmptyState.class);
        factor = scale.factor();
        scaleState = states[last];
      } else {
        ScaleBySchedule schedule = (ScaleBySchedule) stages[last];
        factor = schedule.factorAt(states[last]);
        scaleState = schedule.next(states[last]);
      }
      if (stages[0] instanceof ScaleByAdam adam) {
        AddDecayedWeights decay = null;
        if (adamw) {
          decay = (AddDecayedWeights) stages[1];
          Checks.state(decay.name(), states[1], EmptyState.class);
        }
        LeafStep r = adam.applyScaled(params, grads, states[0], factor, decay);
        TransformState[] next = states.clone();
        next[0] = r.state();
        next[last] = scaleState;
        return new LeafStep(r.params(), new ChainState(next));
      }
      LeafStep sgd = fusedSgd(params, grads, states[0], factor, scaleState);
      if (sgd != null) {
        return sgd;
      }
    }
    return GradientTransformation.super.applyLeaves(op, params, grads, state);
  }

  /** {@code identity} or {@code trace}, then the scale by {@code factor}, on a device that fuses it; else null. */
  private LeafStep fusedSgd(Tensor[] params, Tensor[] grads, TransformState first, double factor,
      TransformState scaleState) {
    Tensor[] traces;
    double decay;
    boolean nesterov;
    if (stages[0] instanceof Identity identity) {
      Checks.state(identity.name(), first, EmptyState.class);
      traces = null;
      decay = 0;
      nesterov = false;
    } else if (stages[0] instanceof Trace trace) {
      traces = Checks.state(trace.name(), first, TraceState.class).trace;
      Checks.leafCount(trace.name(), grads, traces);
      decay = trace.decay();
      nesterov = trace.nesterov();
    } else {
      return null;
    }
    Tensor[][] r = SgdKernel.applyOnDevice(params, grads, traces, decay, nesterov, factor);
    if (r == null) {
      return null;
    }
    TransformState nextFirst = traces == null ? first : new TraceState(r[1]);
    return new LeafStep(r[0], new ChainState(new TransformState[] {nextFirst, scaleState}));
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
