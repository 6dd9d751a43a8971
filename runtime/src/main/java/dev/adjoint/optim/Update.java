package dev.adjoint.optim;

/**
 * What {@link GradientTransformation#update} returns, as optax's {@code (updates, opt_state)}:
 * updates shaped like the parameters, to be added to them ({@link Optimizers#applyUpdates}), and
 * the optimizer's next state.
 */
public record Update<T>(T updates, OptState<T> state) {}
