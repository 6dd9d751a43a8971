package dev.adjoint.backend.cpu;

import dev.adjoint.backend.MatmulSpec;

/**
 * float64 matrix products: a plain loop nest, split by rows among threads when large. float64 is
 * for derivative checks and small, delicate computations; the tuned path is {@link FloatMatmul}.
 */
final class DoubleMatmul {
  private DoubleMatmul() {}

  static double[] multiply(double[] a, double[] b, MatmulSpec spec) {
    MatmulSpec s = FloatMatmul.normalized(spec);
    int m = s.m();
    double[] c = new double[s.batch() * m * s.n()];
    int parts = CpuThreads.partsFor(s.multiplyAdds(), FloatMatmul.WORK_PER_PART);
    for (int t = 0; t < s.batch(); t++) {
      int batch = t;
      int split = Math.min(parts, Math.max(1, m / 8));
      CpuThreads.forEachPart(split, p ->
          product(a, b, c, s, batch, BinaryKernels.start(p, split, m), BinaryKernels.start(p + 1, split, m)));
    }
    return c;
  }

  private static void product(double[] a, double[] b, double[] c, MatmulSpec s, int t, int r0, int r1) {
    int n = s.n();
    int k = s.k();
    int aOff = t * s.aBatchStride();
    int bOff = t * s.bBatchStride();
    int cOff = t * s.m() * n;
    int aRow = s.transposeA() ? 1 : k;
    int aK = s.transposeA() ? s.m() : 1;
    if (!s.transposeB()) {
      for (int i = r0; i < r1; i++) {
        int ci = cOff + i * n;
        for (int p = 0; p < k; p++) {
          double av = a[aOff + i * aRow + p * aK];
          int bp = bOff + p * n;
          for (int j = 0; j < n; j++) {
            c[ci + j] += av * b[bp + j];
          }
        }
      }
    } else {
      for (int i = r0; i < r1; i++) {
        int ai = aOff + i * aRow;
        for (int j = 0; j < n; j++) {
          int bj = bOff + j * k;
          double sum = 0;
          for (int p = 0; p < k; p++) {
            sum += a[ai + p * aK] * b[bj + p];
          }
          c[cOff + i * n + j] = sum;
        }
      }
    }
  }
}
