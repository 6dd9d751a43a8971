package dev.adjoint.treetest;

import dev.adjoint.tensor.Tensor;

/** Holds a nested record whose "generated" def is {@code Outer_ParamsTreeDef}. */
final class Outer {
  private Outer() {}

  record Params(Tensor a, double s) {}
}
