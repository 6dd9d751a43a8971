package dev.adjoint.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The vectorizable float tanh against {@code Math.tanh} rounded to float. */
class FastTanhTest {

  private static long ulps(float a, float b) {
    return Math.abs((long) Float.floatToIntBits(a) - Float.floatToIntBits(b));
  }

  /**
   * Every 11th float in {@code [0, 12]} (about 10^8 / 11 values, all binades from the smallest
   * subnormal up), through the array kernel in chunks: at most 1 ulp from the correctly rounded
   * tanh. The function is odd by construction, so the negative side is the same.
   */
  /** Where the Vector API is on, the array form runs {@link VectorTanh}: the plain loops' bits, element for element. */
  @Test
  void theVectorPathGivesThePlainBits() {
    org.junit.jupiter.api.Assumptions.assumeTrue(FastTanh.VECTORIZED, "the Vector API is off in this JVM");
    int last = Float.floatToIntBits(12f);
    float[] x = new float[(last >>> 9) + 40];
    int n = 0;
    for (int bits = 0; bits <= last; bits += 1 << 10) {
      x[n++] = Float.intBitsToFloat(bits);
      x[n++] = -Float.intBitsToFloat(bits + 3);
    }
    for (float special : new float[] {-0f, Float.MIN_VALUE, 9.012f, 20f, Float.MAX_VALUE, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NaN}) {
      x[n++] = special;
    }
    for (int from : new int[] {0, 1, 3}) {
      float[] vector = new float[n];
      float[] plain = new float[n];
      FastTanh.tanh(x, vector, from, n - from);
      FastTanh.plainTanh(x, plain, from, n - from);
      for (int i = 0; i < n; i++) {
        assertEquals(Float.floatToIntBits(plain[i]), Float.floatToIntBits(vector[i]), "at " + x[i]);
      }
    }
  }

  @Test
  void thePlainPathIsWithinOneUlpToo() {
    float[] x = new float[4096];
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i - 2048) / 200f;
    }
    FastTanh.plainTanh(x, y, 0, x.length);
    for (int i = 0; i < x.length; i++) {
      assertTrue(ulps(y[i], (float) Math.tanh(x[i])) <= 1, "at " + x[i]);
    }
  }

  @Test
  void withinOneUlpOverADenseGrid() {
    int last = Float.floatToIntBits(12f);
    int chunk = 1 << 16;
    float[] x = new float[chunk];
    float[] y = new float[chunk];
    long worst = 0;
    float worstAt = 0;
    for (int start = 0; start <= last; start += 11 * chunk) {
      int n = 0;
      for (int bits = start; bits <= last && n < chunk; bits += 11) {
        x[n++] = Float.intBitsToFloat(bits);
      }
      FastTanh.tanh(x, y, 0, n);
      for (int i = 0; i < n; i++) {
        long u = ulps(y[i], (float) Math.tanh(x[i]));
        if (u > worst) {
          worst = u;
          worstAt = x[i];
        }
      }
    }
    assertTrue(worst <= 1, "max error " + worst + " ulp at " + worstAt);
  }

  @Test
  void specialValues() {
    float[] x = {0f, -0f, Float.MIN_VALUE, 9.012f, 20f, -20f, Float.MAX_VALUE, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NaN};
    float[] y = new float[x.length];
    FastTanh.tanh(x, y, 0, x.length);
    assertEquals(0f, y[0]);
    assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(y[1]), "sign of zero kept");
    assertEquals(Float.MIN_VALUE, y[2]);
    for (int i = 3; i < 7; i++) {
      assertEquals(Math.signum(x[i]), y[i], "saturates to exactly +-1 at " + x[i]);
    }
    assertEquals(1f, y[7]);
    assertEquals(-1f, y[8]);
    assertTrue(Float.isNaN(y[9]));
    for (int i = 0; i < x.length; i++) {
      assertEquals(Float.floatToIntBits(y[i]), Float.floatToIntBits(FastTanh.tanh(x[i])), "scalar form agrees");
    }
  }

  @Test
  void rangesAreRespected() {
    float[] x = {1, 2, 3, 4};
    float[] y = {-9, -9, -9, -9};
    FastTanh.tanh(x, y, 1, 3);
    assertEquals(-9, y[0]);
    assertEquals(-9, y[3]);
    assertEquals((float) Math.tanh(2), y[1], Math.ulp(1f));
  }
}
