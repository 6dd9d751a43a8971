package dev.adjoint.tree;

import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Tensor;

/** Receives a tree's leaves as {@link TreeDef#flatten} visits them. */
public final class TreeWriter {
  private final Tensor[] leaves;
  private int next;

  public TreeWriter(int count) {
    this.leaves = new Tensor[count];
  }

  public void add(Tensor leaf) {
    leaves[next++] = leaf;
  }

  /** A scalar component, as a 0-d float64 tensor (so that optimizers treat every leaf alike). */
  public void add(double leaf) {
    leaves[next++] = Tensor.scalar(leaf, DType.FLOAT64);
  }

  /** A {@code double[]} component, as a 1-d float64 tensor. */
  public void add(double[] leaf) {
    leaves[next++] = Tensor.of(leaf, DType.FLOAT64, leaf.length);
  }

  /** The leaves written; fails if fewer were written than announced. */
  public Tensor[] leaves() {
    if (next != leaves.length) {
      throw new IllegalStateException("tree flattened to " + next + " leaves, " + leaves.length + " expected");
    }
    return leaves;
  }
}
