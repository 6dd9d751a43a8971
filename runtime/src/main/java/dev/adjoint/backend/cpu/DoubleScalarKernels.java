package dev.adjoint.backend.cpu;

import dev.adjoint.backend.ScalarOp;

/** float64 arithmetic with a constant, one vectorizable loop per operation. */
final class DoubleScalarKernels {
  private DoubleScalarKernels() {}

  static void apply(ScalarOp op, double[] x, double c, double[] out, int from, int to) {
    switch (op) {
      case ADD -> {
        for (int i = from; i < to; i++) {
          out[i] = x[i] + c;
        }
      }
      case SUB -> {
        for (int i = from; i < to; i++) {
          out[i] = x[i] - c;
        }
      }
      case RSUB -> {
        for (int i = from; i < to; i++) {
          out[i] = c - x[i];
        }
      }
      case MUL -> {
        for (int i = from; i < to; i++) {
          out[i] = x[i] * c;
        }
      }
      case DIV -> {
        for (int i = from; i < to; i++) {
          out[i] = x[i] / c;
        }
      }
      case RDIV -> {
        for (int i = from; i < to; i++) {
          out[i] = c / x[i];
        }
      }
      case POW -> pow(x, c, out, from, to);
    }
  }

  /** Common exponents get exact arithmetic instead of {@code Math.pow} calls. */
  private static void pow(double[] x, double c, double[] out, int from, int to) {
    if (c == 2) {
      for (int i = from; i < to; i++) {
        out[i] = x[i] * x[i];
      }
    } else if (c == 1) {
      System.arraycopy(x, from, out, from, to - from);
    } else if (c == 0.5) {
      for (int i = from; i < to; i++) {
        out[i] = Math.sqrt(x[i]);
      }
    } else if (c == -1) {
      for (int i = from; i < to; i++) {
        out[i] = 1 / x[i];
      }
    } else {
      for (int i = from; i < to; i++) {
        out[i] = Math.pow(x[i], c);
      }
    }
  }
}
