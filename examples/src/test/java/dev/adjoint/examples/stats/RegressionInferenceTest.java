package dev.adjoint.examples.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.random.RandomArrays;
import dev.adjoint.random.RandomKey;
import org.junit.jupiter.api.Test;

class RegressionInferenceTest {

  private static final double Z975 = 1.959963984540054;

  @Test
  void orthogonalDesignByHand() {
    // columns 1, (1,-1,1,-1), (1,1,-1,-1) are orthogonal with squared norm 4: X_ᵀX_ = 4 I.
    // With σ² = 2: S = 2 I, W_std = σ² S^(-1/2) = √2 I (the seed's); σ² (X_ᵀX_)⁻¹ = I / 2.
    double[][] design = RegressionInference.withInterceptColumn(
        new float[] {1, 1, -1, 1, 1, -1, -1, -1}, 4, 2);
    assertArrayEquals(new double[] {1, 1, 1}, design[0]);
    assertArrayEquals(new double[] {1, -1, -1}, design[3]);
    double root2 = Math.sqrt(2);
    double[] w = {root2 * Z975, 0, -root2};
    CoefficientTests seed = RegressionInference.seed001(design, w, 2);
    assertArrayEquals(new double[] {root2, root2, root2}, seed.standardErrors(), 1e-14);
    assertArrayEquals(new double[] {Z975, 0, 1}, seed.zScores(), 1e-14);
    // p for z = 1: 2 Φ(-1), from mpmath
    assertArrayEquals(new double[] {0.05, 1, 0.31731050786291410283}, seed.pValues(), 1e-14);

    CoefficientTests classical = RegressionInference.classical(design, w, 2);
    double half = Math.sqrt(0.5);
    assertArrayEquals(new double[] {half, half, half}, classical.standardErrors(), 1e-14);
    assertEquals(root2 * Z975 / half, classical.zScores()[0], 1e-13);
  }

  @Test
  void correlatedDesignAgainstTheClosedForm() {
    // X_ = [[1,0],[1,1],[1,2]]: X_ᵀX_ = [[3,3],[3,5]]; with σ² = 2, S = [[1.5,1.5],[1.5,2.5]].
    // S^(-1/2) by the 2x2 closed form sqrt(S) = (S + √det I) / sqrt(tr + 2√det), then inverted.
    double[][] design = {{1, 0}, {1, 1}, {1, 2}};
    double sigma2 = 2;
    double a = 1.5, b = 1.5, d = 2.5;
    double rootDet = Math.sqrt(a * d - b * b);
    double scale = Math.sqrt(a + d + 2 * rootDet);
    double r00 = (a + rootDet) / scale, r01 = b / scale, r11 = (d + rootDet) / scale;
    double det = r00 * r11 - r01 * r01;
    double[] seedErrors = {sigma2 * r11 / det, sigma2 * r00 / det};
    double[] w = {0.7, -0.2};
    CoefficientTests seed = RegressionInference.seed001(design, w, sigma2);
    assertArrayEquals(seedErrors, seed.standardErrors(), 1e-14);
    assertArrayEquals(w, seed.estimates(), 0);
    // classical: σ² (X_ᵀX_)⁻¹ = 2 [[5,-3],[-3,3]] / 6
    double[] classicalErrors = {Math.sqrt(10.0 / 6), Math.sqrt(6.0 / 6)};
    assertArrayEquals(
        classicalErrors, RegressionInference.classical(design, w, sigma2).standardErrors(), 1e-14);
    for (int i = 0; i < 2; i++) {
      double z = Math.abs(w[i]) / seedErrors[i];
      assertEquals(z, seed.zScores()[i], 1e-14);
      assertEquals(2 * (1 - StandardNormal.cdf(z)), seed.pValues()[i], 1e-14);
    }
  }

  /**
   * Seed 001's own numbers: the data from PRNGKey(2), its printed final bias and weights, and σ²
   * = (printed square root of the final loss)². It prints W_pvals [0.00123334 0. 0.].
   */
  @Test
  void reproducesSeed001() {
    int n = 1000;
    RandomKey[] keys = RandomKey.of(2).split();
    float[] x1 = RandomArrays.normal(keys[0], n, 1);
    float[] x2 = RandomArrays.normal(keys[1], n, 1);
    float[] features = new float[2 * n];
    for (int i = 0; i < n; i++) {
      features[2 * i] = x1[i];
      features[2 * i + 1] = x2[i];
    }
    double[][] design = RegressionInference.withInterceptColumn(features, n, 2);
    double[] w = {2.869945526123047, -10.880371, 11.950205};
    double sigma = 3.0389962196350098;
    CoefficientTests tests = RegressionInference.seed001(design, w, sigma * sigma);
    double[] p = tests.pValues();
    // The seed printed 0.00123334. JAX evaluated 1 - Φ(3.23) in float32, where Φ ≈ 0.99938 is
    // held to within 3e-8 (half a float32 ulp below 1): its p is good to about 6e-8 absolute.
    assertEquals(0.00123334, p[0], 6e-8, "bias p-value against the seed's print");
    // The same formula evaluated with mpmath at 40 digits on the same float32 data (exported as
    // exact doubles): our float64 result agrees to rounding. The far tails amplify z's relative
    // rounding error by z², hence the looser tolerance there.
    assertEquals(0.0012333768168001155, p[0], 0.0012333768168001155 * 1e-12);
    assertEquals(2.71207673911109e-33, p[1], 2.71207673911109e-33 * 1e-11);
    assertEquals(5.4844540923191925e-40, p[2], 5.4844540923191925e-40 * 1e-11);
    assertArrayEquals(
        new double[] {0.88824012050797662, 0.90501335424535369, 0.90290092745774171},
        tests.standardErrors(),
        1e-13);
  }

  @Test
  void rejectsBadInput() {
    double[][] design = {{1, 0}, {1, 1}, {1, 2}};
    assertThrows(
        IllegalArgumentException.class,
        () -> RegressionInference.seed001(design, new double[] {1, 2, 3}, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> RegressionInference.seed001(design, new double[] {1, 2}, 0));
    IllegalArgumentException dependent =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RegressionInference.seed001(
                    new double[][] {{1, 2}, {1, 2}, {1, 2}}, new double[] {1, 2}, 1));
    assertTrue(dependent.getMessage().contains("linearly dependent"), dependent.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> RegressionInference.withInterceptColumn(new float[5], 2, 2));
  }
}
