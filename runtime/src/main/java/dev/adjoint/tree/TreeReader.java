package dev.adjoint.tree;

import dev.adjoint.tensor.Tensor;
import java.util.Arrays;

/** Hands leaves back, in order, as {@link TreeDef#unflatten} rebuilds a tree. */
public final class TreeReader {
  private final Tensor[] leaves;
  private int next;

  public TreeReader(Tensor[] leaves) {
    this.leaves = leaves;
  }

  public Tensor next() {
    if (next >= leaves.length) {
      throw new IllegalArgumentException("the tree needs more than the " + leaves.length + " leaves given");
    }
    return leaves[next++];
  }

  /** A scalar leaf as a double. */
  public double nextDouble() {
    Tensor t = next();
    if (t.size() != 1) {
      throw new IllegalArgumentException("a scalar leaf has shape " + Arrays.toString(t.shape()));
    }
    return t.item();
  }

  /** A vector leaf as a double[]. */
  public double[] nextDoubles() {
    return next().toDoubleArray();
  }

  /** Fails if leaves are left over: they belonged to a tree of another shape. */
  public void finish() {
    if (next != leaves.length) {
      throw new IllegalArgumentException("the tree used " + next + " of the " + leaves.length + " leaves given");
    }
  }
}
