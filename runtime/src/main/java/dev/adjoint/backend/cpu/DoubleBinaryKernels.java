package dev.adjoint.backend.cpu;

import dev.adjoint.backend.BinaryOp;

/**
 * float64 binary arithmetic. One loop per operation and operand layout (both contiguous,
 * or one of them a single broadcast value), so that each loop is simple enough for C2 to
 * vectorize; the switch is outside the loop. {@link BinaryKernels} picks the layout.
 */
final class DoubleBinaryKernels {
  private DoubleBinaryKernels() {}

  /** Equal shapes, over a range of the flat index (so that threads can split it). */
  static void same(BinaryOp op, double[] a, double[] b, double[] out, int from, int to) {
    switch (op) {
      case ADD -> {
        for (int i = from; i < to; i++) {
          out[i] = a[i] + b[i];
        }
      }
      case SUB -> {
        for (int i = from; i < to; i++) {
          out[i] = a[i] - b[i];
        }
      }
      case MUL -> {
        for (int i = from; i < to; i++) {
          out[i] = a[i] * b[i];
        }
      }
      case DIV -> {
        for (int i = from; i < to; i++) {
          out[i] = a[i] / b[i];
        }
      }
    }
  }

  /** Both operands contiguous along the run. */
  static void vectorVector(BinaryOp op, double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    switch (op) {
      case ADD -> {
        for (int i = 0; i < n; i++) {
          out[oo + i] = a[ao + i] + b[bo + i];
        }
      }
      case SUB -> {
        for (int i = 0; i < n; i++) {
          out[oo + i] = a[ao + i] - b[bo + i];
        }
      }
      case MUL -> {
        for (int i = 0; i < n; i++) {
          out[oo + i] = a[ao + i] * b[bo + i];
        }
      }
      case DIV -> {
        for (int i = 0; i < n; i++) {
          out[oo + i] = a[ao + i] / b[bo + i];
        }
      }
    }
  }

  /** The right operand is one value along the run. */
  static void vectorScalar(BinaryOp op, double[] a, int ao, double s, double[] out, int oo, int n) {
    switch (op) {
      case ADD -> {
        for (int i = 0; i < n; i++) {
          out[oo + i] = a[ao + i] + s;
        }
      }
      case SUB -> {
        for (int i = 0; i < n; i++) {
          out[oo + i] = a[ao + i] - s;
        }
      }
      case MUL -> {
        for (int i = 0; i < n; i++) {
          out[oo + i] = a[ao + i] * s;
        }
      }
      case DIV -> {
        for (int i = 0; i < n; i++) {
          out[oo + i] = a[ao + i] / s;
        }
      }
    }
  }

  /** The left operand is one value along the run. */
  static void scalarVector(BinaryOp op, double s, double[] b, int bo, double[] out, int oo, int n) {
    switch (op) {
      case ADD -> {
        for (int i = 0; i < n; i++) {
          out[oo + i] = s + b[bo + i];
        }
      }
      case SUB -> {
        for (int i = 0; i < n; i++) {
          out[oo + i] = s - b[bo + i];
        }
      }
      case MUL -> {
        for (int i = 0; i < n; i++) {
          out[oo + i] = s * b[bo + i];
        }
      }
      case DIV -> {
        for (int i = 0; i < n; i++) {
          out[oo + i] = s / b[bo + i];
        }
      }
    }
  }
}
