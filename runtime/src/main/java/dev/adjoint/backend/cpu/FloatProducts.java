package dev.adjoint.backend.cpu;

import dev.adjoint.backend.MatmulSpec;

/**
 * One implementation of the CPU backend's float32 matrix products: {@link PlainFloatProducts}
 * (plain Java, vectorized by C2 where it can) or {@link VectorFloatProducts} (the incubating
 * Vector API). {@link CpuBackend} holds the one {@link #select()} returns in a {@code static final}
 * field, so the choice costs nothing per call.
 */
interface FloatProducts {

  /** {@code C = op(A) op(B)} for the whole batch of {@code spec}, as a new row-major array. */
  float[] multiply(float[] a, float[] b, MatmulSpec spec);

  /**
   * The Vector API's products where {@link VectorApi#ENABLED}, else the plain ones. The call to
   * {@link VectorFloatProducts#create()} returns this interface, so that the JVM resolves that
   * class (and through it the incubator module) only when the branch runs.
   */
  static FloatProducts select() {
    return VectorApi.ENABLED ? VectorFloatProducts.create() : PlainFloatProducts.INSTANCE;
  }
}
