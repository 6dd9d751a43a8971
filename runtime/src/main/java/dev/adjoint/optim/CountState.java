package dev.adjoint.optim;

/**
 * The state of a transformation that only counts its updates (a scheduled scale).
 *
 * @param count the number of updates made so far (the step the next update uses)
 */
public record CountState(long count) implements TransformState {}
