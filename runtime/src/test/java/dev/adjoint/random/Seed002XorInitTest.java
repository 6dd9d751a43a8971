package dev.adjoint.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Seed 002 ("How to train a neural network from scratch in JAX", 2021): the XOR network's
 * parameters are {@code 0.01 * normal(...)} from the two halves of {@code split(PRNGKey(0))}. The
 * tutorial prints the keys, the first weight matrix, the untrained network's outputs for the four
 * inputs, and, after one update step, parameters that the step leaves unchanged (for hidden units
 * the ReLU switched off). Each printed number is checked to the precision it was printed with.
 */
class Seed002XorInitTest {

  private static final RandomKey KEY = RandomKey.of(0);
  private static final RandomKey W_KEY = KEY.split()[0];
  private static final RandomKey B_KEY = KEY.split()[1];

  private static float[] scaled(float[] samples) {
    for (int i = 0; i < samples.length; i++) {
      samples[i] = 0.01f * samples[i];
    }
    return samples;
  }

  private static final float[] W1 = scaled(RandomArrays.normal(W_KEY, 16, 2));
  private static final float[] B1 = scaled(RandomArrays.normal(B_KEY, 16));
  private static final float[] W2 = scaled(RandomArrays.normal(W_KEY, 1, 16));
  private static final float[] B2 = scaled(RandomArrays.normal(B_KEY, 1));

  /** A number printed with {@code decimals} decimals: half a unit of the last one, plus an ulp. */
  private static void assertPrinted(double printed, float actual, int decimals, String what) {
    assertEquals(printed, actual, 0.5 * Math.pow(10, -decimals) + Math.ulp(actual), what);
  }

  @Test
  void keysAreThePrintedOnes() {
    assertEquals(RandomKey.fromWords((int) 4146024105L, 967050713), W_KEY);
    assertEquals(RandomKey.fromWords((int) 2718843009L, 1272950319), B_KEY);
  }

  @Test
  void firstWeightMatrixIsThePrintedOne() {
    double[] printed = {
      -0.00797431, 0.00609697, -0.01715074, -0.00641281, 0.00207656, 0.00676562,
      -0.01798742, 0.00526943, 0.0181759, 0.00267145, 0.01292056, 0.00214754,
      -0.00112515, 0.01107192, -0.008862, -0.01382878, 0.00024038, -0.00296096,
      0.02082078, 0.01441997, 0.00993177, -0.00310528, 0.02046751, -0.00105606,
      0.00622171, 0.00941826, 0.01753185, -0.00755145, -0.01004758, 0.00183098,
      0.00619588, 0.0072066
    };
    for (int i = 0; i < printed.length; i++) {
      assertPrinted(printed[i], W1[i], 8, "w1 element " + i);
    }
  }

  @Test
  void parametersOfSwitchedOffUnitsArePrintedUnchangedAfterTheUpdate() {
    // hidden units whose ReLU is off for the input [1, 1] get zero gradient in b1 and w2
    int[] off = {1, 3, 6, 7, 8, 14, 15};
    double[] b1 = {-0.0105805, -0.00441172, -0.01002556, 0.01156011, -0.00538138, 0.00497515,
      -0.02089684};
    double[] w2 = {0.01236895, 0.01235389, 0.00302018, 0.00460129, 0.00601732, -0.01437746,
      -0.00942327};
    for (int j = 0; j < off.length; j++) {
      assertPrinted(b1[j], B1[off[j]], 8, "b1 element " + off[j]);
      assertPrinted(w2[j], W2[off[j]], 8, "w2 element " + off[j]);
    }
  }

  @Test
  void untrainedNetworkOutputsAreThePrintedOnes() {
    float[][] inputs = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    // printed by float(result): the float32 output converted exactly to a double
    double[] printed = {
      -0.012294544838368893, -0.012028749100863934, -0.01234700158238411, -0.012068428099155426
    };
    for (int s = 0; s < inputs.length; s++) {
      float z2 = B2[0];
      float sum = 0f;
      for (int h = 0; h < 16; h++) {
        float z1 = W1[2 * h] * inputs[s][0] + W1[2 * h + 1] * inputs[s][1] + B1[h];
        sum += W2[h] * Math.max(0f, z1);
      }
      z2 = sum + z2;
      // XLA may sum the 16 products in another order: allow a few float32 ulps
      assertEquals(printed[s], z2, 4 * Math.ulp(z2), "output for input " + s);
    }
  }
}
