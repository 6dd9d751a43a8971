package dev.adjoint.examples.seeds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Seed 000's printed cost and gradients (float32 in JAX; compared to 1e-6). */
class TinyNetworkTest {
  private static final double[][] W1 = {{0.1, 0.3, 0.5}, {-0.4, 0.2, 0.8}};
  private static final double[] B1 = {0.1, -0.2, 0.3};
  private static final double[][] W2 = {{0.2}, {0.7}, {-0.5}};
  private static final double[] B2 = {0.2};
  private static final double[] X = {0.3, -0.5};
  private static final double FLOAT32 = 1e-6;

  @Test
  void costAndGradientMatchTheSeed() {
    TinyNetworkGrad.CostValueAndGrad vg = TinyNetworkGrad.costValueAndGrad(W1, B1, W2, B2, X, 1.0);
    assertEquals(0.576081, vg.value(), FLOAT32);
    TinyNetworkGrad.CostGradient g = vg.grad();
    assertArrayEquals(new double[] {-0.09108001, 0, 0.22770001}, g.w1()[0], FLOAT32);
    assertArrayEquals(new double[] {0.1518, 0, -0.3795}, g.w1()[1], FLOAT32);
    assertArrayEquals(new double[] {-0.3036, 0, 0.759}, g.b1(), FLOAT32);
    assertArrayEquals(new double[] {-0.50094}, g.w2()[0], FLOAT32);
    assertArrayEquals(new double[] {0}, g.w2()[1], FLOAT32);
    assertArrayEquals(new double[] {-0.07590002}, g.w2()[2], FLOAT32);
    assertArrayEquals(new double[] {-1.518}, g.b2(), FLOAT32);
  }

  @Test
  void oneStepOfGradientDescentLowersTheCostAsInTheSeed() {
    TinyNetworkGrad.CostGradient g = TinyNetworkGrad.costGrad(W1, B1, W2, B2, X, 1.0);
    double lr = 0.1;
    double[][] w1 = TinyNetwork.step(W1, g.w1(), lr);
    assertArrayEquals(new double[] {0.109108, 0.3, 0.47723}, w1[0], FLOAT32);
    assertArrayEquals(new double[] {-0.41518, 0.2, 0.83795}, w1[1], FLOAT32);
    double after = TinyNetwork.cost(w1, TinyNetwork.step(B1, g.b1(), lr), TinyNetwork.step(W2, g.w2(), lr),
        TinyNetwork.step(B2, g.b2(), lr), X, 1.0);
    assertEquals(0.3085742, after, FLOAT32);
  }
}
