package dev.adjoint.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** The ADBench objectives' generated gradients against float64 central differences, element by element. */
class AdBenchObjectivesTest {
  private final Random random = new Random(17);

  @Test
  void gaussianMixture() {
    int k = 3;
    int d = 4;
    double[] alphas = vector(k);
    double[][] means = matrix(k, d);
    double[][] logDiagonals = matrix(k, d);
    double[][] lower = matrix(k, d * (d - 1) / 2);
    double[][] points = matrix(6, d);
    DoubleSupplier f = () -> AdBenchObjectives.gmm(alphas, means, logDiagonals, lower, points, 1.3, 5);
    var vg = AdBenchObjectivesGrad.gmmValueAndGrad(alphas, means, logDiagonals, lower, points, 1.3, 5);
    assertEquals(f.getAsDouble(), vg.value(), 1e-12 * Math.abs(vg.value()));
    check(f, alphas, vg.grad().alphas(), "alphas");
    for (int c = 0; c < k; c++) {
      check(f, means[c], vg.grad().means()[c], "means[" + c + "]");
      check(f, logDiagonals[c], vg.grad().logDiagonals()[c], "logDiagonals[" + c + "]");
      check(f, lower[c], vg.grad().lowerTriangles()[c], "lowerTriangles[" + c + "]");
    }
  }

  @Test
  void bundleAdjustment() {
    double[][] cameras = matrix(2, 11);
    for (double[] cam : cameras) {
      cam[5] -= 6; // points in front of the camera
      cam[6] = 1 + Math.abs(cam[6]);
      cam[9] *= 0.1;
      cam[10] *= 0.01;
    }
    cameras[1][0] = 1e-10; // the small-angle branch
    cameras[1][1] = 0;
    cameras[1][2] = 0;
    double[][] points = matrix(3, 3);
    int[] cameraOf = {0, 1, 0, 1, 0};
    int[] pointOf = {0, 0, 1, 2, 2};
    double[][] observations = matrix(5, 2);
    DoubleSupplier f = () -> AdBenchObjectives.bundleAdjustment(cameras, points, cameraOf, pointOf, observations);
    var vg = AdBenchObjectivesGrad.bundleAdjustmentValueAndGrad(cameras, points, cameraOf, pointOf, observations);
    assertEquals(f.getAsDouble(), vg.value(), 1e-12 * Math.abs(vg.value()));
    check(f, cameras[0], vg.grad().cameras()[0], "cameras[0]");
    for (int j = 3; j < 11; j++) { // the rotation of camera 1 sits at the branch point theta = 1e-10
      checkOne(f, cameras[1], j, vg.grad().cameras()[1][j], "cameras[1][" + j + "]");
    }
    for (int p = 0; p < points.length; p++) {
      check(f, points[p], vg.grad().points()[p], "points[" + p + "]");
    }
  }

  @Test
  void lstm() {
    // ADBench's hidden size and layer count, a short sequence; parameters and state uniform in
    // [0, 1) as ADBench's generator draws them, characters coded as their 14 bits
    int layers = 2;
    int b = 14;
    int c = 8;
    double[][] mainParams = uniform(2 * layers, 4 * b);
    double[][] extraParams = uniform(3, b);
    double[][] state = uniform(2 * layers, b);
    double[][] sequence = new double[c][b];
    for (int t = 0; t < c; t++) {
      int character = t == 3 ? '\u2019' : 32 + random.nextInt(95);
      for (int j = 0; j < b; j++) {
        sequence[t][j] = (character >> (b - 1 - j)) & 1;
      }
    }
    double[][] initialState = new double[state.length][];
    for (int r = 0; r < state.length; r++) {
      initialState[r] = state[r].clone();
    }
    DoubleSupplier f = () -> AdBenchObjectives.lstm(mainParams, extraParams, state, sequence);
    var vg = AdBenchObjectivesGrad.lstmValueAndGrad(mainParams, extraParams, state, sequence);
    assertEquals(f.getAsDouble(), vg.value(), 1e-12 * Math.abs(vg.value()));
    // the loss is an average over (c - 1) b entries, so the derivatives are small (about 1e-3):
    // an absolute tolerance far below them, as central differences in float64 allow (about 1e-10)
    for (int r = 0; r < mainParams.length; r++) {
      for (int j = 0; j < mainParams[r].length; j++) {
        checkOne(f, mainParams[r], j, vg.grad().mainParams()[r][j], 1e-9, "mainParams[" + r + "][" + j + "]");
      }
    }
    for (int r = 0; r < extraParams.length; r++) {
      for (int j = 0; j < extraParams[r].length; j++) {
        checkOne(f, extraParams[r], j, vg.grad().extraParams()[r][j], 1e-9, "extraParams[" + r + "][" + j + "]");
      }
    }
    // the state is data: the method advances a copy, the caller's arrays are left as they were
    assertArrayEquals(initialState, state);
  }

  private static void check(DoubleSupplier f, double[] x, double[] gradient, String what) {
    for (int j = 0; j < x.length; j++) {
      checkOne(f, x, j, gradient[j], what + "[" + j + "]");
    }
  }

  private static void checkOne(DoubleSupplier f, double[] x, int j, double derivative, String what) {
    checkOne(f, x, j, derivative, 1e-6, what);
  }

  /** Central difference against {@code derivative}, to {@code absolute} or 1e-6 of its size, whichever is larger. */
  private static void checkOne(DoubleSupplier f, double[] x, int j, double derivative, double absolute,
      String what) {
    double saved = x[j];
    double h = 1e-6 * Math.max(1, Math.abs(saved));
    x[j] = saved + h;
    double up = f.getAsDouble();
    x[j] = saved - h;
    double down = f.getAsDouble();
    x[j] = saved;
    double numeric = (up - down) / (2 * h);
    assertEquals(numeric, derivative, Math.max(absolute, 1e-6 * Math.abs(numeric)), what);
  }

  private double[] vector(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian() * 0.5;
    }
    return v;
  }

  private double[][] uniform(int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = random.nextDouble();
      }
    }
    return m;
  }

  private double[][] matrix(int rows, int cols) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = vector(cols);
    }
    return m;
  }
}
