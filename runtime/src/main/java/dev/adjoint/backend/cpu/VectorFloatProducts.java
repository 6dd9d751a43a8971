package dev.adjoint.backend.cpu;

import dev.adjoint.backend.MatmulSpec;

/**
 * float32 products on the incubating Vector API: {@link VectorSmallMatmul} for small ones,
 * {@link FloatMatmul}'s threads and blocking with {@link VectorBlockedMatmul}'s kernel for the
 * rest. Loaded only where {@link VectorApi#ENABLED}.
 */
final class VectorFloatProducts implements FloatProducts {
  private static final FloatMatmul.BlockedKernel BLOCKED = VectorBlockedMatmul::product;

  private VectorFloatProducts() {}

  /**
   * These products, or the plain ones where vectors hold fewer than 4 floats (no SIMD the Vector
   * API could use, whose operations would then run element by element).
   */
  static FloatProducts create() {
    return VectorTiles.LANES >= 4 ? new VectorFloatProducts() : PlainFloatProducts.INSTANCE;
  }

  @Override
  public float[] multiply(float[] a, float[] b, MatmulSpec spec) {
    return VectorSmallMatmul.handles(spec)
        ? VectorSmallMatmul.multiply(a, b, spec)
        : FloatMatmul.multiply(a, b, spec, BLOCKED);
  }
}
