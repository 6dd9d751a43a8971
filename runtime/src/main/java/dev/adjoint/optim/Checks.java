package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;
import dev.adjoint.tree.TreeDef;
import dev.adjoint.tree.Trees;

/** Argument checks shared by the transformations; every message names the operation. */
final class Checks {
  private Checks() {}

  /** {@code tree}'s leaves, checked to be a tree of the def's type with the expected leaf count. */
  static <T> Tensor[] leaves(String op, String what, TreeDef<T> def, T tree, int expectedLeaves) {
    Tensor[] leaves = leaves(op, what, def, tree);
    if (leaves.length != expectedLeaves) {
      throw new IllegalArgumentException(op + ": " + what + " has " + leaves.length
          + " leaves, the state was initialized for " + expectedLeaves);
    }
    return leaves;
  }

  /** {@code tree}'s leaves, checked to be a tree of the def's type. */
  static <T> Tensor[] leaves(String op, String what, TreeDef<T> def, T tree) {
    if (tree == null) {
      throw new IllegalArgumentException(op + ": " + what + " is null");
    }
    if (!def.type().isInstance(tree)) {
      throw new IllegalArgumentException(op + ": " + what + " is a " + tree.getClass().getName() + ", not a "
          + def.type().getName());
    }
    return Trees.leaves(def, tree);
  }

  /** {@code p + u} per leaf, in {@code p}'s dtype (optax's {@code apply_updates}). */
  static Tensor[] applyUpdates(String op, Tensor[] params, Tensor[] updates) {
    Trees.requireSameShapes(op, params, updates, "the params", "the updates");
    Tensor[] out = new Tensor[params.length];
    for (int i = 0; i < out.length; i++) {
      Tensor p = params[i];
      out[i] = p.add(updates[i].astype(p.dtype()));
    }
    return out;
  }

  /** {@code state} as the kind a transformation expects, or a clear error. */
  static <S extends TransformState> S state(String op, TransformState state, Class<S> kind) {
    if (!kind.isInstance(state)) {
      throw new IllegalArgumentException(op + ": expected its own " + kind.getSimpleName() + ", got "
          + (state == null ? "null" : state.getClass().getSimpleName())
          + "; pass the state that this optimizer's init (or last update) returned");
    }
    return kind.cast(state);
  }

  static void leafCount(String op, Tensor[] updates, Tensor[] stateLeaves) {
    if (updates.length != stateLeaves.length) {
      throw new IllegalArgumentException(op + ": the updates have " + updates.length
          + " leaves, the state was initialized for " + stateLeaves.length);
    }
  }

  static Tensor[] requireParams(String op, Tensor[] params) {
    if (params == null) {
      throw new IllegalArgumentException(op + ": needs the parameters; call update(grads, state, params) or apply");
    }
    return params;
  }

  static double finite(String op, String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(op + ": " + name + " must be finite, got " + value);
    }
    return value;
  }

  static double nonNegative(String op, String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(op + ": " + name + " must be finite and non-negative, got " + value);
    }
    return value;
  }

  static double decay(String op, String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(op + ": " + name + " must lie in [0, 1), got " + value);
    }
    return value;
  }
}
