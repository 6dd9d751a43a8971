package dev.adjoint.backend.cpu;

import dev.adjoint.backend.UnaryOp;

/** float64 elementwise functions and their fused backward passes (see {@link FloatUnaryKernels}). */
final class DoubleUnaryKernels {
  private DoubleUnaryKernels() {}

  static void forward(UnaryOp op, double[] x, double[] out, int from, int to) {
    switch (op) {
      case NEG -> {
        for (int i = from; i < to; i++) {
          out[i] = -x[i];
        }
      }
      case EXP -> {
        for (int i = from; i < to; i++) {
          out[i] = Math.exp(x[i]);
        }
      }
      case LOG -> {
        for (int i = from; i < to; i++) {
          out[i] = Math.log(x[i]);
        }
      }
      case TANH -> {
        for (int i = from; i < to; i++) {
          out[i] = Math.tanh(x[i]);
        }
      }
      case SIGMOID -> {
        for (int i = from; i < to; i++) {
          out[i] = FloatUnaryKernels.sigmoid(x[i]);
        }
      }
      case RELU -> {
        for (int i = from; i < to; i++) {
          out[i] = Math.max(x[i], 0.0);
        }
      }
      case SOFTPLUS -> {
        for (int i = from; i < to; i++) {
          out[i] = FloatUnaryKernels.softplus(x[i]);
        }
      }
      case SQRT -> {
        for (int i = from; i < to; i++) {
          out[i] = Math.sqrt(x[i]);
        }
      }
      case SQUARE -> {
        for (int i = from; i < to; i++) {
          out[i] = x[i] * x[i];
        }
      }
      case ABS -> {
        for (int i = from; i < to; i++) {
          out[i] = Math.abs(x[i]);
        }
      }
    }
  }

  static void backward(UnaryOp op, double[] x, double[] g, double[] out, int from, int to) {
    switch (op) {
      case NEG -> {
        for (int i = from; i < to; i++) {
          out[i] = -g[i];
        }
      }
      case EXP -> {
        for (int i = from; i < to; i++) {
          out[i] = g[i] * Math.exp(x[i]);
        }
      }
      case LOG -> {
        for (int i = from; i < to; i++) {
          out[i] = g[i] / x[i];
        }
      }
      case TANH -> {
        for (int i = from; i < to; i++) {
          double t = Math.tanh(x[i]);
          out[i] = g[i] * (1 - t * t);
        }
      }
      case SIGMOID -> {
        for (int i = from; i < to; i++) {
          double s = FloatUnaryKernels.sigmoid(x[i]);
          out[i] = g[i] * s * (1 - s);
        }
      }
      case RELU -> {
        for (int i = from; i < to; i++) {
          out[i] = x[i] > 0 ? g[i] : 0.0;
        }
      }
      case SOFTPLUS -> {
        for (int i = from; i < to; i++) {
          out[i] = g[i] * FloatUnaryKernels.sigmoid(x[i]);
        }
      }
      case SQRT -> {
        for (int i = from; i < to; i++) {
          out[i] = 0.5 * g[i] / Math.sqrt(x[i]);
        }
      }
      case SQUARE -> {
        for (int i = from; i < to; i++) {
          out[i] = 2 * x[i] * g[i];
        }
      }
      case ABS -> {
        for (int i = from; i < to; i++) {
          out[i] = g[i] * Math.signum(x[i]);
        }
      }
    }
  }

  /** {@code out = g * (1 - t^2)} from the forward result {@code t = tanh(x)}, as {@link #backward} computes it. */
  static void tanhBackwardFromResult(double[] t, double[] g, double[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      out[i] = g[i] * (1 - t[i] * t[i]);
    }
  }
}
