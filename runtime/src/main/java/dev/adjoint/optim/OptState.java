package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;
import dev.adjoint.tree.TreeDef;
import java.util.List;

/**
 * An optimizer's state for a parameter tree of type {@code T}, as {@code optimizer.init(params)}
 * returns it in optax: immutable; each {@link GradientTransformation#update} returns the next one.
 * It remembers the tree's def (so updates need no lookup) and its leaf count (so a gradient of
 * another shape is caught), beside the transformation's own {@link #inner() state}.
 */
public final class OptState<T> {
  private final TreeDef<T> def;
  private final int leafCount;
  private final TransformState inner;

  OptState(TreeDef<T> def, int leafCount, TransformState inner) {
    this.def = def;
    this.leafCount = leafCount;
    this.inner = inner;
  }

  /** The def of the parameter tree. */
  public TreeDef<T> def() {
    return def;
  }

  /** The number of leaves of the parameter tree. */
  public int leafCount() {
    return leafCount;
  }

  /** The transformation's state (a {@link ChainState} for the named optimizers). */
  public TransformState inner() {
    return inner;
  }

  /**
   * Every tensor of the state (moments, traces), for a training loop on a GPU: adopt them into
   * each step's {@code DeviceScope} beside the parameters and keep the next state's, so device
   * memory stays flat ({@code scope.adoptAll(state.tensors())}, {@code scope.keepAll(next.tensors())}).
   */
  public List<Tensor> tensors() {
    return inner.tensors();
  }

  /**
   * The first state of the given kind, searching chains depth first (as optax's {@code
   * tree_get}): {@code state.find(AdamState.class).count()}.
   *
   * @throws IllegalArgumentException if there is none
   */
  public <S extends TransformState> S find(Class<S> kind) {
    S found = find(inner, kind);
    if (found == null) {
      throw new IllegalArgumentException("OptState.find: no " + kind.getSimpleName() + " in this state");
    }
    return found;
  }

  private static <S extends TransformState> S find(TransformState state, Class<S> kind) {
    if (kind.isInstance(state)) {
      return kind.cast(state);
    }
    if (state instanceof ChainState chain) {
      for (TransformState s : chain.states) {
        S found = find(s, kind);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** The next state: same tree, the transformation's new state. */
  OptState<T> next(TransformState nextInner) {
    return new OptState<>(def, leafCount, nextInner);
  }
}
