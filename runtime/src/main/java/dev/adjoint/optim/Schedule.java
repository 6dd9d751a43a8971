package dev.adjoint.optim;

/**
 * A value that changes with the step count, such as a learning rate: optax's {@code Schedule}.
 * Steps count from 0, the first update's. Wherever an optimizer takes a learning rate as a
 * {@code double} it also takes a {@code Schedule} (see {@link Schedules} for the usual ones, or
 * write a lambda: {@code step -> 0.1 / (1 + step)}).
 */
@FunctionalInterface
public interface Schedule {
  /** The value at step {@code step} (0 for the first update). */
  double valueAt(long step);
}
