package dev.adjoint.benchmarks.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.examples.CurveFit;
import dev.adjoint.examples.CurveFitGrad;
import dev.adjoint.optim.GradientTransformation;
import dev.adjoint.optim.OptState;
import dev.adjoint.optim.Optimizers;
import dev.adjoint.optim.Step;
import dev.adjoint.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two sides of {@link TrainingStep} compute the same thing: after each of several steps on
 * the demo's batch, the same loss and the same parameters, to float32 rounding (the two sum in
 * different orders, so bit equality is not expected).
 */
class HandWrittenStepTest {
  private static final int STEPS = 5;

  @Test
  void matchesTheGeneratedStep() {
    CurveFitFixture fixture = CurveFitFixture.demo();
    GradientTransformation adam = Optimizers.adam(CurveFitFixture.LEARNING_RATE);
    CurveFit.Mlp params = fixture.params();
    OptState<CurveFit.Mlp> state = adam.init(params);
    HandWrittenStep hand = new HandWrittenStep(params, CurveFitFixture.BATCH, CurveFitFixture.LEARNING_RATE);
    float[] x = fixture.x().toFloatArray();
    float[] y = fixture.y().toFloatArray();
    for (int step = 0; step < STEPS; step++) {
      CurveFitGrad.LossValueAndGrad vg = CurveFitGrad.lossValueAndGrad(params, fixture.x(), fixture.y());
      Step<CurveFit.Mlp> next = adam.apply(params, vg.grad(), state);
      params = next.params();
      state = next.state();
      double handLoss = hand.step(x, y);
      assertEquals(vg.value(), handLoss, 1e-6 * Math.abs(vg.value()), "loss at step " + step);
      assertSameParams(params, hand.params(), step);
    }
  }

  @Test
  void resetStartsOver() {
    CurveFitFixture fixture = CurveFitFixture.demo();
    HandWrittenStep hand = new HandWrittenStep(fixture.params(), CurveFitFixture.BATCH, CurveFitFixture.LEARNING_RATE);
    float[] x = fixture.x().toFloatArray();
    float[] y = fixture.y().toFloatArray();
    double first = hand.step(x, y);
    hand.step(x, y);
    hand.reset();
    assertEquals(first, hand.step(x, y));
  }

  private static void assertSameParams(CurveFit.Mlp expected, CurveFit.Mlp actual, int step) {
    assertLeaves(expected.weights(), actual.weights(), "weights", step);
    assertLeaves(expected.biases(), actual.biases(), "biases", step);
  }

  private static void assertLeaves(List<Tensor> expected, List<Tensor> actual, String what, int step) {
    for (int i = 0; i < expected.size(); i++) {
      float[] e = expected.get(i).toFloatArray();
      float[] a = actual.get(i).toFloatArray();
      assertEquals(e.length, a.length);
      for (int j = 0; j < e.length; j++) {
        // parameters are O(1); a few float ulps of a step's worth of rounding differences
        assertEquals(e[j], a[j], 1e-6f + 1e-6f * Math.abs(e[j]),
            what + "[" + i + "][" + j + "] after step " + (step + 1));
      }
    }
  }
}
