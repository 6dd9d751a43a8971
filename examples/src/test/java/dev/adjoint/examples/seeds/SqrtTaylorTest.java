package dev.adjoint.examples.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Seed 001's printed values: its derivatives and its Taylor loop (float32 in JAX). */
class SqrtTaylorTest {
  @Test
  void derivativeOfSquareAtOne() {
    assertEquals(2.0, SqrtTaylorGrad.squareGrad(1.0));
  }

  @Test
  void firstOrderApproximationOfSqrt43() {
    assertEquals(6.5714287757873535, 7 + SqrtTaylorGrad.sqrtGrad(49) * -6, 1e-6);
  }

  @Test
  void tutorialLoopPrintsTheSeedsValues() {
    double[] printed = {6.5714287757873535, 6.54518985748291, 6.542779922485352, 6.542533874511719, 6.542507648468018};
    double[] ours = SqrtTaylor.tutorialApproximations();
    for (int i = 0; i < printed.length; i++) {
      assertEquals(printed[i], ours[i], 2e-6, "order " + (i + 1));
    }
  }

  @Test
  void taylorSeriesConvergesToSqrt43() {
    double error = Double.MAX_VALUE;
    for (int order = 1; order <= 5; order++) {
      double e = Math.abs(SqrtTaylor.taylor(order, -6) - Math.sqrt(43));
      org.junit.jupiter.api.Assertions.assertTrue(e < error, "order " + order);
      error = e;
    }
    assertEquals(Math.sqrt(43), SqrtTaylor.taylor(5, -6), 2e-6);
  }
}
