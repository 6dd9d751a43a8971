package dev.adjoint.tensor;

/**
 * Thrown, when {@code -Dadjoint.debugNans=true}, by the first operation whose result holds a NaN
 * or an infinity (JAX's {@code jax_debug_nans}). The message names the operation and the shapes.
 */
public final class NonFiniteValueException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  private final String operation;

  NonFiniteValueException(String operation, String message) {
    super(message);
    this.operation = operation;
  }

  /** The operation whose result was not finite, e.g. {@code log}. */
  public String operation() {
    return operation;
  }
}
