package dev.adjoint.backend.cpu;

import dev.adjoint.backend.MatmulSpec;
import java.util.Random;

/**
 * Random operands for a {@link MatmulSpec} and a check of a float32 result against a triple loop
 * in double precision.
 *
 * <p>Tolerance, elementwise: {@code |C - C_ref| <= (k + 1) u sum_p |a_ip b_pj|} with the float32
 * unit roundoff {@code u = 2^-24}. That is the classic bound for a sum of {@code k} products
 * ({@code gamma_k}, first order), which any summation order and any mix of fused and separate
 * multiply-adds satisfies; the extra {@code u} covers the final rounding of a sum kept in a wider
 * form. It is tight enough to catch a single misplaced or missing term, which is off by about the
 * size of one product.
 */
final class MatmulReference {
  private MatmulReference() {}

  /** A's elements for {@code s} (one matrix if shared by the batch), standard normal. */
  static float[] randomA(Random r, MatmulSpec s) {
    return random(r, s.aBatchStride() == 0 ? s.m() * s.k() : s.batch() * s.aBatchStride());
  }

  /** B's elements for {@code s}. */
  static float[] randomB(Random r, MatmulSpec s) {
    return random(r, s.bBatchStride() == 0 ? s.k() * s.n() : s.batch() * s.bBatchStride());
  }

  static float[] random(Random r, int length) {
    float[] v = new float[length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /** Throws an {@link AssertionError} naming {@code who} at the first element out of tolerance. */
  static void check(String who, float[] c, float[] a, float[] b, MatmulSpec s) {
    int m = s.m();
    int n = s.n();
    int k = s.k();
    if (c.length != s.batch() * m * n) {
      throw new AssertionError(who + ": result length " + c.length + " for " + s);
    }
    for (int t = 0; t < s.batch(); t++) {
      int aOff = t * s.aBatchStride();
      int bOff = t * s.bBatchStride();
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double exact = 0;
          double bound = 0;
          for (int p = 0; p < k; p++) {
            double x = a[aOff + (s.transposeA() ? p * m + i : i * k + p)];
            double y = b[bOff + (s.transposeB() ? j * k + p : p * n + j)];
            exact += x * y;
            bound += Math.abs(x * y);
          }
          double got = c[(t * m + i) * n + j];
          if (!(Math.abs(got - exact) <= (k + 1) * 0x1p-24 * bound)) {
            throw new AssertionError(who + ": C[" + t + "][" + i + "][" + j + "] = " + got + ", expected " + exact
                + " (tolerance " + (k + 1) * 0x1p-24 * bound + ") for " + s);
          }
        }
      }
    }
  }
}
