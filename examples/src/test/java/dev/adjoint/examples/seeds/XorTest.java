package dev.adjoint.examples.seeds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed 002's printed values: the untrained outputs, the gradient for input (1, 1), the parameters
 * after one update, and the trained network's answers. (Its per-epoch losses come from a notebook
 * whose cells had run before; they follow our curve about a hundred epochs later, so they are not
 * compared.) Tolerances: float32 in JAX, a few units in the last place.
 */
class XorTest {
  private static final Xor.Params INITIAL = Xor.initialParams(0);

  @Test
  void untrainedOutputsAreTheSeeds() {
    double[] printed = {-0.012294544838368893, -0.012028749100863934, -0.01234700158238411, -0.012068428099155426};
    for (int i = 0; i < 4; i++) {
      assertEquals(printed[i], Xor.predict(INITIAL, Xor.input(i)).item(), 1e-9, "input " + i);
    }
  }

  @Test
  void gradientForOneSampleIsTheSeeds() {
    assertEquals(1.0242825, Xor.loss(INITIAL, Xor.input(3), Xor.target(3)), 1e-6);
    Xor.Params g = XorGrad.lossGrad(INITIAL, Xor.input(3), Xor.target(3));
    float[] printedRows = {-0.03730299f, 0, -0.01264969f, 0, 0.0213216f, 0.0075064f, 0, 0, 0,
        -0.02079077f, 0.00804559f, -0.00102622f, -0.02591824f, 0.00158182f, 0, 0};
    float[] w1 = g.w1().toFloatArray();
    float[] b1 = g.b1().toFloatArray();
    for (int r = 0; r < 16; r++) {
      assertEquals(printedRows[r], w1[2 * r], 1e-7, "w1 gradient row " + r);
      assertEquals(printedRows[r], w1[2 * r + 1], 1e-7, "w1 gradient row " + r);
      assertEquals(printedRows[r], b1[r], 1e-7, "b1 gradient " + r);
    }
  }

  @Test
  void oneUpdateGivesTheSeedsParameters() {
    Xor.Params p = Xor.update(INITIAL, Xor.input(3), Xor.target(3), 0.01);
    assertArrayEquals(new float[] {0.00772598f}, p.b2().toFloatArray(), 1e-8f);
    float[] b1 = p.b1().toFloatArray();
    assertEquals(0.00245504f, b1[0], 1e-8f);
    assertEquals(-0.0105805f, b1[1], 1e-8f);
    assertEquals(-0.02089684f, b1[15], 1e-8f);
    float[] w1 = p.w1().toFloatArray();
    assertEquals(-0.00760128f, w1[0], 1e-8f);
    assertEquals(0.00647f, w1[1], 1e-8f);
    assertEquals(0.0064809f, w1[24], 1e-8f);
    float[] w2 = p.w2().toFloatArray();
    assertEquals(0.01843323f, w2[0], 1e-8f);
    assertEquals(-0.00942327f, w2[15], 1e-8f);
  }

  @Test
  void afterTrainingEveryInputIsClassifiedAsInTheSeed() {
    Xor.Params[] params = {INITIAL};
    List<Double> losses = Xor.train(params, 500, 0.01);
    assertTrue(losses.get(499) < losses.get(0), "the loss goes down");
    boolean[] belowHalf = {false, true, true, false}; // the seed's printout
    for (int i = 0; i < 4; i++) {
      double out = Xor.predict(params[0], Xor.input(i)).item();
      assertEquals(belowHalf[i], out < 0.5, "input " + i + " gives " + out);
      assertEquals(Xor.TARGETS[i] == 0, out < 0.5);
    }
  }
}
