package dev.adjoint.tensor;

import java.util.Random;
import java.util.function.DoubleBinaryOperator;

/** Slow, obviously correct reference computations by multi-index, in double. */
final class Reference {
  private Reference() {}

  static final Random RANDOM = new Random(7);

  static double[] randomValues(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = RANDOM.nextGaussian();
    }
    return v;
  }

  static Tensor random(DType dtype, int... shape) {
    return Tensor.of(randomValues(Shape.size(shape)), dtype).reshape(shape);
  }

  /** The multi-index of flat position {@code flat} in {@code shape}. */
  static int[] index(int flat, int[] shape) {
    int[] idx = new int[shape.length];
    for (int i = shape.length - 1; i >= 0; i--) {
      idx[i] = flat % shape[i];
      flat /= shape[i];
    }
    return idx;
  }

  /** Flat position of an index of {@code out}'s rank into a broadcast operand of {@code shape}. */
  static int broadcastFlat(int[] outIndex, int[] shape) {
    int flat = 0;
    int lead = outIndex.length - shape.length;
    for (int i = 0; i < shape.length; i++) {
      int c = shape[i] == 1 ? 0 : outIndex[lead + i];
      flat = flat * shape[i] + c;
    }
    return flat;
  }

  static double[] binary(double[] a, int[] as, double[] b, int[] bs, int[] out, DoubleBinaryOperator f) {
    double[] r = new double[Shape.size(out)];
    for (int i = 0; i < r.length; i++) {
      int[] idx = index(i, out);
      r[i] = f.applyAsDouble(a[broadcastFlat(idx, as)], b[broadcastFlat(idx, bs)]);
    }
    return r;
  }

  /** {@code C = op(A) op(B)} for row-major matrices, in double. */
  static double[] matmul(double[] a, double[] b, int m, int n, int k, boolean ta, boolean tb) {
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double av = ta ? a[p * m + i] : a[i * k + p];
          double bv = tb ? b[j * k + p] : b[p * n + j];
          s += av * bv;
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }
}
