package dev.adjoint.optim;

/** The state of a transformation that keeps none (scaling, clipping, weight decay). */
public enum EmptyState implements TransformState {
  INSTANCE
}
