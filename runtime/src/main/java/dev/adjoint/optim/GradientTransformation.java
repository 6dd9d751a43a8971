package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;
import dev.adjoint.tree.TreeDef;
import dev.adjoint.tree.Trees;

/**
 * One stage of gradient processing, as optax's {@code GradientTransformation}: a pure function
 * from (updates, state, params) to (new updates, new state). Optimizers are chains of these
 * ({@link Optimizers#chain}): {@code adam(lr)} is {@code chain(scaleByAdam(), scaleByLearningRate(lr))}.
 *
 * <p>Implementations work on a tree's leaves ({@link #initLeaves}, {@link #updateLeaves}); the
 * default methods take whole trees ({@link #init}, {@link #update}, {@link #apply}), flattening
 * them once per call through the tree's {@link TreeDef} (no reflection) and checking that the
 * gradient fits the parameters. Leaves keep their dtypes. Everything is immutable: a state is
 * never modified, so an exception leaves the caller's params and state as they were, and one
 * transformation may serve any number of trees and threads.
 *
 * <pre>{@code
 * GradientTransformation optimizer = Optimizers.adam(1e-2);
 * OptState<Params> state = optimizer.init(params);
 * for (...) {
 *   Params grads = ModelGrad.lossGrad(params, x, y);
 *   Step<Params> step = optimizer.apply(params, grads, state);
 *   params = step.params();
 *   state = step.state();
 * }
 * }</pre>
 */
public interface GradientTransformation {

  /** The state before the first update, for parameters with these leaves. */
  TransformState initLeaves(Tensor[] params);

  /**
   * Transforms the updates (the gradient, at the start of a chain) leaf by leaf.
   *
   * @param updates one tensor per leaf; not modified
   * @param state this transformation's state, as {@link #initLeaves} or the last update returned it
   * @param params the current parameters' leaves, or null where the caller has none (then
   *     transformations that need them, such as weight decay, throw)
   */
  LeafUpdate updateLeaves(Tensor[] updates, TransformState state, Tensor[] params);

  /** A short name for error messages, such as {@code "adam"}. */
  default String name() {
    return getClass().getSimpleName();
  }

  /** The state before the first update: {@code optimizer.init(params)}. */
  default <T> OptState<T> init(T params) {
    TreeDef<T> def = Trees.defOf(params);
    Tensor[] leaves = Trees.leaves(def, params);
    return new OptState<>(def, leaves.length, initLeaves(leaves));
  }

  /**
   * The updates for a gradient and the next state, without the parameters: {@code
   * optimizer.update(grads, state)}. Transformations that need the parameters (weight decay) throw.
   */
  default <T> Update<T> update(T grads, OptState<T> state) {
    return update(grads, state, null);
  }

  /**
   * The updates for a gradient and the next state: {@code updates, state =
   * optimizer.update(grads, state, params)}. Add the updates to the parameters with {@link
   * Optimizers#applyUpdates}, or do both at once with {@link #apply}.
   *
   * @throws IllegalArgumentException if {@code grads} (or {@code params}) is not a tree of the
   *     state's type, or differs from it in leaf count or a leaf's shape (naming the leaf)
   */
  default <T> Update<T> update(T grads, OptState<T> state, T params) {
    TreeDef<T> def = state.def();
    Tensor[] g = Checks.leaves(name() + ".update", "the gradient", def, grads, state.leafCount());
    Tensor[] p = null;
    if (params != null) {
      p = Checks.leaves(name() + ".update", "the params", def, params, state.leafCount());
      Trees.requireSameShapes(name() + ".update", g, p, "the gradient", "the params");
    }
    LeafUpdate r = updateLeaves(g, state.inner(), p);
    return new Update<>(Trees.unflatten(def, grads, r.updates()), state.next(r.state()));
  }

  /**
   * One optimizer step: the parameters moved by the updates for {@code grads}, and the next
   * state (optax's {@code update} followed by {@code apply_updates}). Each new leaf is {@code p +
   * u} in the parameter's dtype.
   *
   * @throws IllegalArgumentException as {@link #update}
   */
  default <T> Step<T> apply(T params, T grads, OptState<T> state) {
    TreeDef<T> def = state.def();
    String op = name() + ".apply";
    Tensor[] p = Checks.leaves(op, "the params", def, params, state.leafCount());
    Tensor[] g = Checks.leaves(op, "the gradient", def, grads, state.leafCount());
    Trees.requireSameShapes(op, p, g, "the params", "the gradient");
    LeafStep r = applyLeaves(op, p, g, state.inner());
    return new Step<>(Trees.unflatten(def, params, r.params()), state.next(r.state()));
  }

  /**
   * {@link #apply} on a tree's leaves (already checked to fit each other): each parameter plus its
   * update from {@link #updateLeaves}, in the parameter's dtype. A transformation may compute both
   * in one pass, provided the result is the same to the bit: {@code adam(lr)} does.
   *
   * @param op the operation's name for error messages
   */
  default LeafStep applyLeaves(String op, Tensor[] params, Tensor[] grads, TransformState state) {
    LeafUpdate r = updateLeaves(grads, state, params);
    return new LeafStep(Checks.applyUpdates(op, params, r.updates()), r.state());
  }
}
