package dev.adjoint.optim;

/**
 * The state of one {@link GradientTransformation}, as optax's {@code OptState}: immutable, created
 * by {@link GradientTransformation#initLeaves} and replaced (never modified) by each update. The
 * built-in states are {@link EmptyState}, {@link CountState}, {@link TraceState},
 * {@link AdamState} and {@link ChainState}; a transformation written by a user brings its own.
 */
public interface TransformState {}
