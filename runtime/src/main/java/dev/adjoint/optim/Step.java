package dev.adjoint.optim;

/**
 * What {@link GradientTransformation#apply} returns: the parameters after one optimizer step and
 * the optimizer's next state.
 */
public record Step<T>(T params, OptState<T> state) {}
