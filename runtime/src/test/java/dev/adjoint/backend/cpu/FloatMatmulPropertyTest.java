package dev.adjoint.backend.cpu;

import dev.adjoint.backend.MatmulSpec;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link FloatMatmul} against a triple loop in double precision, for random shapes and every form
 * of {@link MatmulSpec}: transposed A or B, batches, and an A or B shared by the whole batch.
 *
 * <p>Tolerance, elementwise: {@code |C - C_ref| <= (k + 1) u sum_p |a_ip b_pj|} with the float32
 * unit roundoff {@code u = 2^-24}. That is the classic bound for a sum of {@code k} products
 * ({@code gamma_k}, first order), which any summation order and any mix of fused and separate
 * multiply-adds satisfies; the extra {@code u} covers the final rounding of a sum kept in a wider
 * form. It is tight enough to catch a single misplaced or missing term, which is off by about the
 * size of one product.
 */
class FloatMatmulPropertyTest {

  /** Small odd shapes: every remainder of the kernels' row, depth and column blocking. */
  @Property(tries = 400)
  void smallShapesMatchTripleLoop(@ForAll @IntRange(min = 1, max = 70) int m,
      @ForAll @IntRange(min = 1, max = 70) int n, @ForAll @IntRange(min = 1, max = 70) int k,
      @ForAll @IntRange(min = 1, max = 3) int batch, @ForAll boolean transposeA, @ForAll boolean transposeB,
      @ForAll boolean shareA, @ForAll boolean shareB, @ForAll long seed) {
    check(new MatmulSpec(batch, m, n, k, transposeA, transposeB,
        shareA ? 0 : m * k, shareB ? 0 : k * n), seed);
  }

  /**
   * Shapes that take the blocked, multi-threaded path and cross its block sizes ({@link
   * FloatMatmul#NC} columns, {@link FloatMatmul#KC} depth), with ragged last blocks.
   */
  @Test
  void largeShapesMatchTripleLoop() {
    int[][] shapes = {
        {300, 257, 259}, {129, 1100, 70}, {1031, 97, 600}, {67, 2051, 131}, {520, 515, 530}, {3, 1500, 800}};
    long seed = 1;
    for (int[] s : shapes) {
      for (int form = 0; form < 4; form++) {
        check(new MatmulSpec(1, s[0], s[1], s[2], (form & 1) != 0, (form & 2) != 0, 0, 0), seed++);
      }
    }
    check(new MatmulSpec(3, 200, 180, 190, false, false, 200 * 190, 0), seed++);
    check(new MatmulSpec(2, 150, 400, 300, true, true, 0, 400 * 300), seed);
  }

  private static void check(MatmulSpec s, long seed) {
    Random r = new Random(seed);
    float[] a = random(r, s.aBatchStride() == 0 ? s.m() * s.k() : s.batch() * s.aBatchStride());
    float[] b = random(r, s.bBatchStride() == 0 ? s.k() * s.n() : s.batch() * s.bBatchStride());
    float[] c = FloatMatmul.multiply(a, b, s);
    int m = s.m();
    int n = s.n();
    int k = s.k();
    if (c.length != s.batch() * m * n) {
      throw new AssertionError("result length " + c.length + " for " + s);
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
            throw new AssertionError("C[" + t + "][" + i + "][" + j + "] = " + got + ", expected " + exact
                + " (tolerance " + (k + 1) * 0x1p-24 * bound + ") for " + s);
          }
        }
      }
    }
  }

  private static float[] random(Random r, int length) {
    float[] v = new float[length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }
}
