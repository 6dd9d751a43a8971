package dev.adjoint.backend.cpu;

import dev.adjoint.backend.MatmulSpec;

/**
 * One implementation of the CPU backend's float32 matrix products. {@link CpuBackend} holds the
 * one {@link #select()} returns in a {@code static final} field, so the choice costs nothing per
 * call.
 */
interface FloatProducts {

  /** {@code C = op(A) op(B)} for the whole batch of {@code spec}, as a new row-major array. */
  float[] multiply(float[] a, float[] b, MatmulSpec spec);

  /** The products this JVM uses. */
  static FloatProducts select() {
    return PlainFloatProducts.INSTANCE;
  }
}
