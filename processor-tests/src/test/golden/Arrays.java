package golden;

import dev.adjoint.Differentiable;

public class Arrays {
  /** Mean squared error of a linear model y = X w + b. */
  @Differentiable
  static double mse(double[] w, double b, double[][] xs, double[] ys) {
    double total = 0;
    for (int i = 0; i < xs.length; i++) {
      double prediction = b;
      for (int j = 0; j < w.length; j++) {
        prediction += xs[i][j] * w[j];
      }
      double error = prediction - ys[i];
      total += error * error;
    }
    return total / xs.length;
  }
}
