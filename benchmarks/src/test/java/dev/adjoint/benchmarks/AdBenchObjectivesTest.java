package dev.adjoint.benchmarks;

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

  private static void check(DoubleSupplier f, double[] x, double[] gradient, String what) {
    for (int j = 0; j < x.length; j++) {
      checkOne(f, x, j, gradient[j], what + "[" + j + "]");
    }
  }

  private static void checkOne(DoubleSupplier f, double[] x, int j, double derivative, String what) {
    double saved = x[j];
    double h = 1e-6 * Math.max(1, Math.abs(saved));
    x[j] = saved + h;
    double up = f.getAsDouble();
    x[j] = saved - h;
    double down = f.getAsDouble();
    x[j] = saved;
    double numeric = (up - down) / (2 * h);
    assertEquals(numeric, derivative, 1e-6 * Math.max(1, Math.abs(numeric)), what);
  }

  private double[] vector(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian() * 0.5;
    }
    return v;
  }

  private double[][] matrix(int rows, int cols) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = vector(cols);
    }
    return m;
  }
}
