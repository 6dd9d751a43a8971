package dev.adjoint.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Seed 001 ("JAX for neural networks"): linear regression on data drawn from {@code PRNGKey(2)}.
 * The data, the initial parameters and the minibatch indices all come from our keys; the
 * training is the tutorial's, written out by hand in float32 (the gradient of the mean squared
 * error of a linear model is {@code 2/N X^T (Xw + b - y)}).
 *
 * <p>Tolerances: JAX (XLA) sums the 1000 terms of the loss and the gradient in its own order, in
 * float32; ours sums them left to right. Reordering a float32 sum of 1000 terms changes it by up
 * to a few parts in 10^6, so printed values are compared to a relative 1e-5. A single wrong sample
 * would change the first loss in its fourth digit.
 */
class Seed001RegressionTest {

  private static final int N = 1000;

  /** The dataset: X1, X2 and y = -11 X1 + 12 X2 + 3 + 3 noise. */
  private static final class Data {
    final float[] x1;
    final float[] x2;
    final float[] y;

    Data() {
      RandomKey key = RandomKey.of(2);
      RandomKey[] keys = key.split();
      x1 = RandomArrays.normal(keys[0], N, 1);
      x2 = RandomArrays.normal(keys[1], N, 1);
      float[] noise = RandomArrays.normal(key, N, 1);
      y = new float[N];
      for (int i = 0; i < N; i++) {
        y[i] = -11f * x1[i] + 12f * x2[i] + 3f + 3f * noise[i];
      }
    }
  }

  /** Parameters {w0, w1, b} and the loss and gradient on the rows {@code rows}. */
  private static final class Model {
    float w0;
    float w1;
    float b;

    /** One gradient step on the given rows; returns the loss before the step. */
    float step(Data d, int[] rows, float learningRate, float gradientDivisor) {
      int n = rows.length;
      float sum = 0f;
      float g0 = 0f;
      float g1 = 0f;
      float gb = 0f;
      float scale = 1f / n;
      for (int i : rows) {
        float residual = d.x1[i] * w0 + d.x2[i] * w1 + b - d.y[i];
        sum += residual * residual;
        float dr = scale * (2f * residual);
        g0 += d.x1[i] * dr;
        g1 += d.x2[i] * dr;
        gb += dr;
      }
      w0 -= learningRate * g0 / gradientDivisor;
      w1 -= learningRate * g1 / gradientDivisor;
      b -= learningRate * gb / gradientDivisor;
      return sum / n;
    }
  }

  private static void assertRelative(double printed, float actual, double tolerance, String what) {
    assertEquals(printed, actual, Math.abs(printed) * tolerance, what);
  }

  private static int[] allRows() {
    int[] rows = new int[N];
    for (int i = 0; i < N; i++) {
      rows[i] = i;
    }
    return rows;
  }

  private static Model initialModel() {
    // linear_model() splits the same key as the data: W_key, b_key == X1_key, X2_key
    RandomKey[] keys = RandomKey.of(2).split();
    float[] w = RandomArrays.normal(keys[0], 2, 1);
    Model m = new Model();
    m.w0 = w[0];
    m.w1 = w[1];
    m.b = RandomArrays.normal(keys[1], 1)[0];
    return m;
  }

  @Test
  void fullBatchTrainingPrintsTheTutorialsLines() {
    Data d = new Data();
    Model m = initialModel();
    int[] rows = allRows();

    // Epoch 0, Loss: 283.57696533203125. Parameters: [0.53832495 1.2374916 ], -0.116001047194...
    float loss = m.step(d, rows, 0.01f, 1f);
    assertRelative(283.57696533203125, loss, 1e-5, "epoch 0 loss");
    assertRelative(0.53832495, m.w0, 1e-5, "epoch 0 w0");
    assertRelative(1.2374916, m.w1, 1e-5, "epoch 0 w1");
    assertRelative(-0.11600104719400406, m.b, 1e-5, "epoch 0 b");

    double[][] printed = { // epoch, loss, w0, w1, b
      {100, 13.434798240661621, -9.48734, 10.64589, 2.352383852005005},
      {200, 9.301318168640137, -10.71081, 11.789786, 2.786647319793701},
      {300, 9.236554145812988, -10.860037, 11.930452, 2.857306957244873},
      {400, 9.235513687133789, -10.87819, 11.947992, 2.8682963848114014},
    };
    int line = 0;
    for (int epoch = 1; epoch <= 400; epoch++) {
      loss = m.step(d, rows, 0.01f, 1f);
      if (epoch == (int) printed[line][0]) {
        String at = "epoch " + epoch + " ";
        assertRelative(printed[line][1], loss, 1e-5, at + "loss");
        assertRelative(printed[line][2], m.w0, 1e-5, at + "w0");
        assertRelative(printed[line][3], m.w1, 1e-5, at + "w1");
        assertRelative(printed[line][4], m.b, 1e-5, at + "b");
        line++;
      }
    }
  }

  /**
   * The minibatch part draws {@code randint(PRNGKey(epoch), (100, 16), 0, 1000)} as batch indices
   * each epoch and prints the mean minibatch loss. The loss is mostly the noise variance (about
   * 9), and with other indices it would move by about 3% from epoch to epoch (the spread of a
   * mean over 1600 squared residuals); ours follows the printed values to within 0.03% at all 11
   * printed epochs. That is the check on randint.
   *
   * <p>The printed parameters cannot serve: under the code shown they would start from the
   * full-batch result, but their first-epoch change is ten times what 100 steps of size
   * 0.001/16 can make, so the notebook's state differed from its code (a cell run more than once,
   * say). That difference shifts the loss by the small amount the tolerance (1e-3 relative)
   * absorbs.
   */
  @Test
  void minibatchLossesFollowTheTutorialsRandintIndices() {
    Data d = new Data();
    Model m = initialModel();
    int[] rows = allRows();
    // train to convergence as the tutorial does
    while (true) {
      float w0 = m.w0;
      float w1 = m.w1;
      float b = m.b;
      m.step(d, rows, 0.01f, 1f);
      float dw = (float) Math.hypot(m.w0 - w0, m.w1 - w1);
      if (dw < 1e-5f && Math.abs(m.b - b) < 1e-5f) {
        break;
      }
    }
    // "Final weights: [-10.880371  11.950205], Final bias: 2.869945526123047"
    assertRelative(-10.880371, m.w0, 1e-5, "final w0");
    assertRelative(11.950205, m.w1, 1e-5, "final w1");
    assertRelative(2.869945526123047, m.b, 1e-5, "final b");

    double[] printedLoss = {
      9.73923110961914, 9.454119682312012, 8.845235824584961, 8.964531898498535,
      9.640743255615234, 9.333024978637695, 9.223723411560059, 8.821696281433105,
      9.098153114318848, 9.080175399780273, 8.819097518920898
    };
    int[] batch = new int[16];
    for (int epoch = 0; epoch <= 100; epoch++) {
      int[] indices = RandomArrays.randint(RandomKey.of(epoch), new int[] {100, 16}, 0, 1000);
      float total = 0f;
      for (int i = 0; i < 100; i++) {
        System.arraycopy(indices, 16 * i, batch, 0, 16);
        total += m.step(d, batch, 0.001f, 16f);
      }
      if (epoch % 10 == 0) {
        assertRelative(printedLoss[epoch / 10], total / 100, 1e-3, "minibatch epoch " + epoch);
      }
    }
  }
}
