package dev.adjoint.tensor;

import dev.adjoint.backend.Backend;

/**
 * Test access to a backend the device registry does not know: a tensor copied onto it, as
 * {@link Tensor#to} would for a registered device (the emulated CUDA device of the backend tests).
 */
public final class TensorsOn {
  private TensorsOn() {}

  /** {@code t}'s values on {@code backend}. */
  public static Tensor backend(Backend backend, Tensor t) {
    return new Tensor(t.shape(), backend.transferFrom(t.storage()));
  }
}
