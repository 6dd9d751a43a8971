package dev.adjoint.backend.cpu;

import dev.adjoint.backend.UnaryOp;

/**
 * float32 elementwise functions and their fused backward passes, over index ranges so that long
 * arrays can be split among threads. One plain loop per function, with identical indexing on
 * every array, so that C2 vectorizes those that use only arithmetic.
 */
final class FloatUnaryKernels {
  private FloatUnaryKernels() {}

  static void forward(UnaryOp op, float[] x, float[] out, int from, int to) {
    switch (op) {
      case NEG -> {
        for (int i = from; i < to; i++) {
          out[i] = -x[i];
        }
      }
      case EXP -> {
        for (int i = from; i < to; i++) {
          out[i] = (float) Math.exp(x[i]);
        }
      }
      case LOG -> {
        for (int i = from; i < to; i++) {
          out[i] = (float) Math.log(x[i]);
        }
      }
      case TANH -> FastTanh.tanh(x, out, from, to);
      case SIGMOID -> {
        for (int i = from; i < to; i++) {
          out[i] = (float) sigmoid(x[i]);
        }
      }
      case RELU -> {
        for (int i = from; i < to; i++) {
          out[i] = Math.max(x[i], 0f);
        }
      }
      case SOFTPLUS -> {
        for (int i = from; i < to; i++) {
          out[i] = (float) softplus(x[i]);
        }
      }
      case SQRT -> {
        for (int i = from; i < to; i++) {
          out[i] = (float) Math.sqrt(x[i]);
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

  /** {@code out = g * f'(x)}. */
  static void backward(UnaryOp op, float[] x, float[] g, float[] out, int from, int to) {
    switch (op) {
      case NEG -> {
        for (int i = from; i < to; i++) {
          out[i] = -g[i];
        }
      }
      case EXP -> {
        for (int i = from; i < to; i++) {
          out[i] = g[i] * (float) Math.exp(x[i]);
        }
      }
      case LOG -> {
        for (int i = from; i < to; i++) {
          out[i] = g[i] / x[i];
        }
      }
      case TANH -> {
        FastTanh.tanh(x, out, from, to);
        for (int i = from; i < to; i++) {
          out[i] = g[i] * (1f - out[i] * out[i]);
        }
      }
      case SIGMOID -> {
        for (int i = from; i < to; i++) {
          double s = sigmoid(x[i]);
          out[i] = (float) (g[i] * s * (1 - s));
        }
      }
      case RELU -> {
        for (int i = from; i < to; i++) {
          out[i] = x[i] > 0f ? g[i] : 0f;
        }
      }
      case SOFTPLUS -> {
        for (int i = from; i < to; i++) {
          out[i] = (float) (g[i] * sigmoid(x[i]));
        }
      }
      case SQRT -> {
        for (int i = from; i < to; i++) {
          out[i] = (float) (0.5 * g[i] / Math.sqrt(x[i]));
        }
      }
      case SQUARE -> {
        for (int i = from; i < to; i++) {
          out[i] = 2f * x[i] * g[i];
        }
      }
      case ABS -> {
        for (int i = from; i < to; i++) {
          out[i] = g[i] * Math.signum(x[i]);
        }
      }
    }
  }

  /**
   * {@code out = g * (1 - t^2)} from the forward result {@code t = tanh(x)}: the same arithmetic
   * as {@link #backward} for {@code TANH}, without evaluating tanh again.
   */
  static void tanhBackwardFromResult(float[] t, float[] g, float[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      out[i] = g[i] * (1f - t[i] * t[i]);
    }
  }

  /** Logistic function, exact in the tails (no 1 - tiny cancellation). */
  static double sigmoid(double v) {
    double e = Math.exp(-Math.abs(v));
    return v >= 0 ? 1 / (1 + e) : e / (1 + e);
  }

  /** {@code log(1 + e^v)} without overflow: {@code max(v, 0) + log1p(e^-|v|)}. */
  static double softplus(double v) {
    return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
  }
}
