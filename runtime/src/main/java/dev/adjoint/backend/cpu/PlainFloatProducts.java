package dev.adjoint.backend.cpu;

import dev.adjoint.backend.MatmulSpec;

/**
 * float32 products in plain Java: {@link SmallFloatMatmul} for small ones, {@link FloatMatmul}
 * with its own blocked kernel for the rest. The fallback where the Vector API is not enabled
 * ({@link VectorApi}).
 */
final class PlainFloatProducts implements FloatProducts {
  static final PlainFloatProducts INSTANCE = new PlainFloatProducts();

  private PlainFloatProducts() {}

  @Override
  public float[] multiply(float[] a, float[] b, MatmulSpec spec) {
    return SmallFloatMatmul.handles(spec)
        ? SmallFloatMatmul.multiply(a, b, spec)
        : FloatMatmul.multiply(a, b, spec, FloatMatmul.PLAIN);
  }
}
