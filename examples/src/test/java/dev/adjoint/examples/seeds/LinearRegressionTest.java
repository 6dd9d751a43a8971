package dev.adjoint.examples.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed 001's printed numbers, reproduced through generated gradients and JAX-compatible keys.
 * Tolerance 1e-5 relative: JAX sums the 1000 float32 terms in its own order.
 */
class LinearRegressionTest {
  private static void assertRelative(double printed, double actual, double tolerance, String what) {
    assertEquals(printed, actual, Math.abs(printed) * tolerance, what);
  }

  @Test
  void fullBatchGradientDescentPrintsTheTutorialsLines() {
    LinearRegression.Data data = LinearRegression.data(2);
    LinearRegression.Model[] model = {LinearRegression.initialModel(2)};
    List<LinearRegression.EpochLog> logs = LinearRegression.fullBatch(data, model, 0.01);
    double[][] printed = { // epoch, loss, w0, w1, b
      {0, 283.57696533203125, 0.53832495, 1.2374916, -0.11600104719400406},
      {100, 13.434798240661621, -9.48734, 10.64589, 2.352383852005005},
      {200, 9.301318168640137, -10.71081, 11.789786, 2.786647319793701},
      {300, 9.236554145812988, -10.860037, 11.930452, 2.857306957244873},
      {400, 9.235513687133789, -10.87819, 11.947992, 2.8682963848114014},
    };
    for (int i = 0; i < printed.length; i++) {
      LinearRegression.EpochLog log = logs.get(i);
      String at = "epoch " + (int) printed[i][0] + " ";
      assertEquals((int) printed[i][0], log.epoch());
      assertRelative(printed[i][1], log.loss(), 1e-5, at + "loss");
      assertRelative(printed[i][2], log.w()[0], 1e-5, at + "w0");
      assertRelative(printed[i][3], log.w()[1], 1e-5, at + "w1");
      assertRelative(printed[i][4], log.b(), 1e-5, at + "b");
    }
    // Final weights: [-10.880371  11.950205], Final bias: 2.869945526123047
    float[] w = model[0].w().toFloatArray();
    assertRelative(-10.880371, w[0], 1e-6, "final w0");
    assertRelative(11.950205, w[1], 1e-6, "final w1");
    assertRelative(2.869945526123047, model[0].b().toFloatArray()[0], 1e-6, "final b");
    double sigma2 = logs.get(logs.size() - 1).loss();
    assertRelative(3.0389962196350098, Math.sqrt(sigma2), 1e-6, "loss (variance estimate)");
    // W_pvals: [0.00123334 0. 0.]: float32 in JAX, so the tiny ones print as zero
    double[] p = LinearRegression.pValues(data, model[0], sigma2).pValues();
    assertEquals(0.00123334, p[0], 1e-7);
    assertEquals(0.0, p[1], 1e-30);
    assertEquals(0.0, p[2], 1e-30);
  }

  @Test
  void minibatchLossesFollowTheTutorial() {
    LinearRegression.Data data = LinearRegression.data(2);
    LinearRegression.Model[] model = {LinearRegression.initialModel(2)};
    LinearRegression.fullBatch(data, model, 0.01);
    List<LinearRegression.EpochLog> logs = LinearRegression.minibatch(data, model, 0.001, 16, 100, 101);
    // the mean minibatch losses printed at epochs 0, 10, ..., 100 (see Seed001RegressionTest in
    // the runtime for why only the losses, not the printed parameters, can be compared)
    double[] printed = {9.73923110961914, 9.454119682312012, 8.845235824584961, 8.964531898498535, 9.640743255615234,
        9.333024978637695, 9.223723411560059, 8.821696281433105, 9.098153114318848, 9.080175399780273, 8.819097518920898};
    for (int i = 0; i < printed.length; i++) {
      assertEquals(i * 10, logs.get(i).epoch());
      assertRelative(printed[i], logs.get(i).loss(), 1e-3, "epoch " + i * 10 + " mean loss");
    }
  }
}
