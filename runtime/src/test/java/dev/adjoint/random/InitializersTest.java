package dev.adjoint.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.random.Initializers.Distribution;
import dev.adjoint.random.Initializers.FanMode;
import org.junit.jupiter.api.Test;

/**
 * The initializers are compositions of the samplers (checked against JAX elsewhere) with JAX's
 * variance-scaling arithmetic; these tests check the fans, the scale factors, float32 step by
 * step, and the statistics the scaling is meant to produce.
 */
class InitializersTest {

  private static final RandomKey KEY = RandomKey.of(7);

  @Test
  void fansOfOurOutInLayout() {
    assertEquals(new Fans(20, 30), Fans.of(30, 20));
    assertEquals(new Fans(3 * 5 * 5, 8 * 5 * 5), Fans.of(8, 3, 5, 5));
  }

  @Test
  void fansOfJaxInOutLayout() {
    assertEquals(new Fans(20, 30), Fans.ofJaxLayout(20, 30));
    assertEquals(new Fans(3 * 5 * 5, 8 * 5 * 5), Fans.ofJaxLayout(5, 5, 3, 8));
  }

  @Test
  void fansNeedAtLeastTwoDimensions() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Initializers.heNormal(KEY, 5));
    assertTrue(e.getMessage().contains("[5]"), e.getMessage());
  }

  @Test
  void scaledNormalDividesByTheRootOfFanIn() {
    float[] w = Initializers.scaledNormal(KEY, 30, 20);
    float[] z = RandomArrays.normal(KEY, 30, 20);
    float root = (float) Math.sqrt(20f);
    for (int i = 0; i < z.length; i++) {
      assertEquals(z[i] / root, w[i], 0f);
    }
  }

  @Test
  void glorotUniformIsUniformOnMinusOneToOneTimesTheLimit() {
    float[] w = Initializers.glorotUniform(KEY, 30, 20);
    float[] u = RandomArrays.uniform(KEY, new int[] {30, 20}, -1f, 1f);
    float variance = (float) (1.0 / 25.0);
    float limit = (float) Math.sqrt(3f * variance);
    for (int i = 0; i < u.length; i++) {
      assertEquals(u[i] * limit, w[i], 0f);
      assertTrue(Math.abs(w[i]) <= limit);
    }
  }

  @Test
  void heNormalIsATruncatedNormalWithTheCorrectedStandardDeviation() {
    float[] w = Initializers.heNormal(KEY, 40, 50);
    float[] t = RandomArrays.truncatedNormal(KEY, -2f, 2f, 40, 50);
    float stddev = (float) Math.sqrt((float) (2.0 / 50)) / (float) 0.87962566103423978;
    for (int i = 0; i < t.length; i++) {
      assertEquals(t[i] * stddev, w[i], 0f);
    }
  }

  @Test
  void glorotNormalUsesTheAverageFan() {
    float[] w = Initializers.glorotNormal(KEY, 40, 50);
    float[] t = RandomArrays.truncatedNormal(KEY, -2f, 2f, 40, 50);
    float stddev = (float) Math.sqrt((float) (1.0 / 45)) / (float) 0.87962566103423978;
    for (int i = 0; i < t.length; i++) {
      assertEquals(t[i] * stddev, w[i], 0f);
    }
  }

  @Test
  void jaxLayoutDrawsTheSameStreamWithItsOwnFans() {
    // He normal of a JAX [in=50, out=40] matrix uses fan_in = 50, as ours of [out=40, in=50] does
    float[] jax =
        Initializers.varianceScaling(
            KEY, 2.0, FanMode.FAN_IN, Distribution.TRUNCATED_NORMAL, Fans.ofJaxLayout(50, 40), 50,
            40);
    assertArrayEquals(Initializers.heNormal(KEY, 40, 50), jax);
  }

  @Test
  void varianceScalingGivesTheTargetVarianceForEachDistribution() {
    int out = 200;
    int in = 300;
    for (Distribution distribution : Distribution.values()) {
      float[] w =
          Initializers.varianceScaling(
              RandomKey.of(11), 2.0, FanMode.FAN_IN, distribution, Fans.of(out, in), out, in);
      double mean = 0;
      for (float v : w) {
        mean += v;
      }
      mean /= w.length;
      double variance = 0;
      for (float v : w) {
        variance += (v - mean) * (v - mean);
      }
      variance /= w.length;
      // 60000 samples: the sample variance is within a few percent of the target 2/300
      assertEquals(2.0 / in, variance, 0.05 * 2.0 / in, distribution.name());
      assertEquals(0.0, mean, 4 * Math.sqrt(2.0 / in / w.length), distribution.name());
    }
  }

  @Test
  void truncatedSamplesStayWithinTwoStandardDeviations() {
    float[] w = Initializers.lecunNormal(KEY, 100, 100);
    float bound = 2f * (float) Math.sqrt(0.01f) / (float) 0.87962566103423978;
    for (float v : w) {
      assertTrue(Math.abs(v) < bound * 1.0000001f, "sample " + v);
    }
  }

  @Test
  void nonPositiveScaleIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Initializers.varianceScaling(
                    KEY, 0.0, FanMode.FAN_IN, Distribution.NORMAL, Fans.of(2, 2), 2, 2));
    assertTrue(e.getMessage().startsWith("varianceScaling:"), e.getMessage());
  }
}
