package dev.adjoint.benchmarks;

import dev.adjoint.Differentiable;

/** Representative differentiable methods: straight line, branches, loops with and without a tape, arrays, calls. */
final class Functions {
  private Functions() {}

  /** Straight-line code (no tape). */
  @Differentiable
  static double energy(double mass, double length, double angle, double velocity) {
    double height = length * (1 - Math.cos(angle));
    double kinetic = 0.5 * mass * velocity * velocity;
    double potential = mass * 9.81 * height;
    return kinetic + potential;
  }

  /** A value overwritten in every iteration: the tape keeps it. */
  @Differentiable
  static double logistic(double r, double x0, int steps) {
    double x = x0;
    for (int i = 0; i < steps; i++) {
      x = r * x * (1 - x);
    }
    return x;
  }

  /** Arrays and nested counted loops: mean squared error of a linear model. */
  @Differentiable(wrt = {"w", "b"})
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

  /** A branch in a loop: the Huber loss summed over residuals. */
  @Differentiable(wrt = "predictions")
  static double huber(double[] predictions, double[] targets, double delta) {
    double loss = 0;
    for (int i = 0; i < predictions.length; i++) {
      double r = predictions[i] - targets[i];
      if (Math.abs(r) <= delta) {
        loss += 0.5 * r * r;
      } else {
        loss += delta * (Math.abs(r) - 0.5 * delta);
      }
    }
    return loss;
  }

  @Differentiable
  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** Calls another differentiable method: logistic regression's negative log-likelihood. */
  @Differentiable(wrt = {"w", "b"})
  static double logLikelihood(double[] w, double b, double[][] xs, double[] labels) {
    double total = 0;
    for (int i = 0; i < xs.length; i++) {
      double z = b;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * xs[i][j];
      }
      double p = sigmoid(z);
      total -= labels[i] * Math.log(p) + (1 - labels[i]) * Math.log(1 - p);
    }
    return total;
  }

  /** A small tanh network, one hidden layer, on one input: local arrays written and read. */
  @Differentiable(wrt = {"w1", "b1", "w2"})
  static double network(double[][] w1, double[] b1, double[] w2, double[] x, double target) {
    double[] hidden = new double[b1.length];
    for (int j = 0; j < b1.length; j++) {
      double z = b1[j];
      for (int i = 0; i < x.length; i++) {
        z += w1[j][i] * x[i];
      }
      hidden[j] = Math.tanh(z);
    }
    double out = 0;
    for (int j = 0; j < hidden.length; j++) {
      out += w2[j] * hidden[j];
    }
    double error = out - target;
    return error * error;
  }
}
