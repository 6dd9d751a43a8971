package dev.adjoint.backend;

/** Reductions over a set of axes. Means are sums scaled by the tensor layer. */
public enum ReduceOp {
  SUM, MAX
}
