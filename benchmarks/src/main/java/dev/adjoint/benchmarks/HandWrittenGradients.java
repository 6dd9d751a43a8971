package dev.adjoint.benchmarks;

/**
 * Value and gradient of three of {@link Functions}, written by hand as an expert would: one pass,
 * no tape, constants folded. They are the floor the generated gradients are measured against
 * (what the function's own arithmetic forces), so that a ratio of gradient to function time can
 * be told apart from overhead of the generated code.
 */
final class HandWrittenGradients {
  private HandWrittenGradients() {}

  /** {@code [value, d/dw..., d/db]} of {@link Functions#mse}. */
  static double[] mse(double[] w, double b, double[][] xs, double[] ys) {
    double[] out = new double[w.length + 2];
    double total = 0;
    double bBar = 0;
    double scale = 2.0 / xs.length;
    for (int i = 0; i < xs.length; i++) {
      double[] x = xs[i];
      double prediction = b;
      for (int j = 0; j < w.length; j++) {
        prediction += x[j] * w[j];
      }
      double error = prediction - ys[i];
      total += error * error;
      double g = error * scale;
      for (int j = 0; j < w.length; j++) {
        out[1 + j] += x[j] * g;
      }
      bBar += g;
    }
    out[0] = total / xs.length;
    out[w.length + 1] = bBar;
    return out;
  }

  /** {@code [value, d/dpredictions...]} of {@link Functions#huber}. */
  static double[] huber(double[] predictions, double[] targets, double delta) {
    double[] out = new double[predictions.length + 1];
    double loss = 0;
    for (int i = 0; i < predictions.length; i++) {
      double r = predictions[i] - targets[i];
      if (Math.abs(r) <= delta) {
        loss += 0.5 * r * r;
        out[1 + i] = r;
      } else {
        loss += delta * (Math.abs(r) - 0.5 * delta);
        out[1 + i] = r >= 0 ? delta : -delta;
      }
    }
    out[0] = loss;
    return out;
  }

  /** {@code [value, d/dr, d/dx0]} of {@link Functions#logistic}: the iterates kept, then a backward pass. */
  static double[] logistic(double r, double x0, int steps, double[] iterates) {
    double x = x0;
    for (int i = 0; i < steps; i++) {
      iterates[i] = x;
      x = r * x * (1 - x);
    }
    double xBar = 1;
    double rBar = 0;
    for (int i = steps - 1; i >= 0; i--) {
      double before = iterates[i];
      rBar += before * (1 - before) * xBar;
      xBar *= r * (1 - 2 * before);
    }
    return new double[] {x, rBar, xBar};
  }
}
