package dev.adjoint.backend.cpu;

import dev.adjoint.backend.ReduceOp;
import dev.adjoint.tensor.Shape;

/**
 * Sums and maxima over any set of axes, accumulated in double (a float32 sum of a million terms
 * stays accurate to float precision). The input is walked once in memory order: runs along a
 * reduced innermost axis fold into one accumulator, runs along a kept innermost axis add into a
 * row of accumulators.
 */
final class ReductionKernels {
  private ReductionKernels() {}

  static double[] reduce(ReduceOp op, float[] x, int[] shape, boolean[] reduced) {
    double[] acc = start(op, shape, reduced);
    if (acc.length == 1) {
      acc[0] = op == ReduceOp.SUM ? sum(x, 0, x.length, 0) : max(x, 0, x.length, acc[0]);
      return acc;
    }
    if (op == ReduceOp.SUM && shape.length == 2 && reduced[0] && !reduced[1]) {
      columnSums(x, shape[0], shape[1], acc); // a bias gradient: no loop setup
      return acc;
    }
    StridedLoop loop = loop(shape, reduced);
    boolean innerReduced = loop.innerStride(1) == 0;
    loop.forEach((off, n) -> {
      int i = off[0];
      int o = off[1];
      if (innerReduced) {
        acc[o] = op == ReduceOp.SUM ? sum(x, i, n, acc[o]) : max(x, i, n, acc[o]);
      } else if (op == ReduceOp.SUM) {
        for (int j = 0; j < n; j++) {
          acc[o + j] += x[i + j];
        }
      } else {
        for (int j = 0; j < n; j++) {
          acc[o + j] = Math.max(acc[o + j], x[i + j]);
        }
      }
    });
    return acc;
  }

  static double[] reduce(ReduceOp op, double[] x, int[] shape, boolean[] reduced) {
    double[] acc = start(op, shape, reduced);
    if (acc.length == 1) {
      acc[0] = op == ReduceOp.SUM ? sum(x, 0, x.length, 0) : max(x, 0, x.length, acc[0]);
      return acc;
    }
    StridedLoop loop = loop(shape, reduced);
    boolean innerReduced = loop.innerStride(1) == 0;
    loop.forEach((off, n) -> {
      int i = off[0];
      int o = off[1];
      if (innerReduced) {
        acc[o] = op == ReduceOp.SUM ? sum(x, i, n, acc[o]) : max(x, i, n, acc[o]);
      } else if (op == ReduceOp.SUM) {
        for (int j = 0; j < n; j++) {
          acc[o + j] += x[i + j];
        }
      } else {
        for (int j = 0; j < n; j++) {
          acc[o + j] = Math.max(acc[o + j], x[i + j]);
        }
      }
    });
    return acc;
  }

  /**
   * Where each maximum came from: {@code g[o] / ties} at every position holding the maximum of
   * its output element {@code o}, 0 elsewhere.
   */
  static double[] maxBackward(double[] x, int[] shape, boolean[] reduced, double[] g) {
    double[] max = reduce(ReduceOp.MAX, x, shape, reduced);
    double[] ties = new double[max.length];
    StridedLoop loop = loop(shape, reduced);
    int os = loop.innerStride(1);
    loop.forEach((off, n) -> {
      for (int j = 0; j < n; j++) {
        int o = off[1] + j * os;
        if (x[off[0] + j] == max[o]) {
          ties[o]++;
        }
      }
    });
    double[] out = new double[x.length];
    loop.forEach((off, n) -> {
      for (int j = 0; j < n; j++) {
        int o = off[1] + j * os;
        if (x[off[0] + j] == max[o]) {
          out[off[0] + j] = g[o] / ties[o];
        }
      }
    });
    return out;
  }

  private static double[] start(ReduceOp op, int[] shape, boolean[] reduced) {
    double[] acc = new double[Shape.size(Shape.reduced(shape, reduced, false))];
    if (op == ReduceOp.MAX) {
      java.util.Arrays.fill(acc, Double.NEGATIVE_INFINITY);
    }
    return acc;
  }

  /** Input strides are contiguous; output strides skip (are 0 along) the reduced axes. */
  private static StridedLoop loop(int[] shape, boolean[] reduced) {
    int[] outStrides = new int[shape.length];
    int s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (!reduced[i]) {
        outStrides[i] = s;
        s *= shape[i];
      }
    }
    return new StridedLoop(shape, Shape.strides(shape), outStrides);
  }

  /** {@code acc[j] += x[i][j]} over the rows of a {@code rows x cols} matrix, in memory order. */
  private static void columnSums(float[] x, int rows, int cols, double[] acc) {
    for (int i = 0; i < rows; i++) {
      int row = i * cols;
      for (int j = 0; j < cols; j++) {
        acc[j] += x[row + j];
      }
    }
  }

  private static double sum(float[] x, int from, int n, double acc) {
    // four accumulators: a single one would wait on the add latency at every element
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    int i = from;
    int end = from + n;
    for (; i + 3 < end; i += 4) {
      a0 += x[i];
      a1 += x[i + 1];
      a2 += x[i + 2];
      a3 += x[i + 3];
    }
    for (; i < end; i++) {
      a0 += x[i];
    }
    return acc + ((a0 + a1) + (a2 + a3));
  }

  private static double sum(double[] x, int from, int n, double acc) {
    // four accumulators: a single one would wait on the add latency at every element
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    int i = from;
    int end = from + n;
    for (; i + 3 < end; i += 4) {
      a0 += x[i];
      a1 += x[i + 1];
      a2 += x[i + 2];
      a3 += x[i + 3];
    }
    for (; i < end; i++) {
      a0 += x[i];
    }
    return acc + ((a0 + a1) + (a2 + a3));
  }

  private static double max(float[] x, int from, int n, double acc) {
    for (int i = from; i < from + n; i++) {
      acc = Math.max(acc, x[i]);
    }
    return acc;
  }

  private static double max(double[] x, int from, int n, double acc) {
    for (int i = from; i < from + n; i++) {
      acc = Math.max(acc, x[i]);
    }
    return acc;
  }
}
