package dev.adjoint.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written floor computes what the generated gradients compute, so the two are comparable. */
class HandWrittenGradientsTest {
  private static final double TOLERANCE = 1e-12;
  private final Random random = new Random(3);

  private double[] vector(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }

  @Test
  void mse() {
    double[] w = vector(5);
    double[][] xs = {vector(5), vector(5), vector(5)};
    double[] ys = vector(3);
    double[] hand = HandWrittenGradients.mse(w, 0.3, xs, ys);
    var generated = FunctionsGrad.mseValueAndGrad(w, 0.3, xs, ys);
    assertEquals(generated.value(), hand[0], TOLERANCE);
    for (int j = 0; j < w.length; j++) {
      assertEquals(generated.grad().w()[j], hand[1 + j], TOLERANCE);
    }
    assertEquals(generated.grad().b(), hand[w.length + 1], TOLERANCE);
  }

  @Test
  void huber() {
    double[] p = vector(40);
    double[] t = vector(40);
    double[] hand = HandWrittenGradients.huber(p, t, 0.5);
    var generated = FunctionsGrad.huberValueAndGrad(p, t, 0.5);
    assertEquals(generated.value(), hand[0], TOLERANCE);
    assertArrayEquals(generated.grad(), java.util.Arrays.copyOfRange(hand, 1, hand.length), TOLERANCE);
  }

  @Test
  void logistic() {
    double[] hand = HandWrittenGradients.logistic(3.7, 0.3, 100, new double[100]);
    var generated = FunctionsGrad.logisticValueAndGrad(3.7, 0.3, 100);
    // a chaotic map: 100 steps amplify rounding, so compare relative to the gradient's size
    assertEquals(generated.value(), hand[0], TOLERANCE);
    assertEquals(generated.grad().r(), hand[1], 1e-9 * Math.abs(hand[1]));
    assertEquals(generated.grad().x0(), hand[2], 1e-9 * Math.abs(hand[2]));
  }

  @Test
  void gmm() {
    int k = 3;
    int d = 4;
    double[] alphas = vector(k);
    double[][] means = {vector(d), vector(d), vector(d)};
    double[][] logDiagonals = {vector(d), vector(d), vector(d)};
    double[][] lower = {vector(6), vector(6), vector(6)};
    double[][] points = {vector(d), vector(d), vector(d), vector(d), vector(d)};
    var hand = HandWrittenGradients.gmm(alphas, means, logDiagonals, lower, points, 1.3, 5);
    var generated = AdBenchObjectivesGrad.gmmValueAndGrad(alphas, means, logDiagonals, lower, points, 1.3, 5);
    assertEquals(generated.value(), hand.value(), TOLERANCE * Math.abs(hand.value()));
    assertArrayEquals(generated.grad().alphas(), hand.alphas(), TOLERANCE);
    for (int c = 0; c < k; c++) {
      assertArrayEquals(generated.grad().means()[c], hand.means()[c], TOLERANCE);
      assertArrayEquals(generated.grad().logDiagonals()[c], hand.logDiagonals()[c], TOLERANCE);
      assertArrayEquals(generated.grad().lowerTriangles()[c], hand.lowerTriangles()[c], TOLERANCE);
    }
  }
}
