package dev.adjoint.backend.cpu;

import dev.adjoint.backend.MatmulSpec;

/**
 * float32 matrix products too small for {@link FloatMatmul}'s packing and threads to pay: the
 * layers of a small network, such as the seed-003 demo's {@code [32, 30] x [30, 20]}.
 *
 * <p>Each row of C is accumulated in a scratch row, four rows of {@code op(B)} at a time, by a loop
 * with one store and every array indexed by the bare loop variable: the only form C2 (JDK 17)
 * vectorizes here. A loop over one big array at two different offsets ({@code c[ci + j] += a *
 * b[bp + j]}) stays scalar, since C2 cannot rule out that the two ranges overlap; so does a loop
 * with more than six arrays. {@code op(B)} is therefore first copied into separate row arrays
 * (K x N elements, reused by all M rows of C). Measured on the demo's 32 x 30 x 20 products: about
 * 3 times faster than the plain loop nest, as fast as the blocked path forward and faster for the
 * transposed-A weight gradient; larger and other shapes were not measured, hence the limit.
 *
 * <p>A result narrower than {@link #MIN_COLUMNS} (a matrix-vector product) gains nothing from
 * vectorizing along its rows: it is computed as dot products instead.
 */
final class SmallFloatMatmul {
  private SmallFloatMatmul() {}

  /** Multiply-adds per product up to which this class is used. */
  static final long MAX_WORK = 1 << 15;
  /** Narrower results are computed as dot products. */
  static final int MIN_COLUMNS = 4;

  static boolean handles(MatmulSpec s) {
    return (long) s.m() * s.n() * s.k() <= MAX_WORK;
  }

  static float[] multiply(float[] a, float[] b, MatmulSpec s) {
    int m = s.m();
    int n = s.n();
    float[] c = new float[s.batch() * m * n];
    if (s.k() == 0) {
      return c;
    }
    float[][] rows = n >= MIN_COLUMNS ? Scratch.rows(s.k(), n) : null;
    float[] acc = rows != null ? new float[n] : null;
    for (int t = 0; t < s.batch(); t++) {
      int aOff = t * s.aBatchStride();
      int bOff = t * s.bBatchStride();
      int cOff = t * m * n;
      if (rows == null) {
        dots(a, aOff, b, bOff, c, cOff, s);
      } else {
        packRows(b, bOff, s, rows);
        byRows(a, aOff, rows, acc, c, cOff, s);
      }
    }
    return c;
  }

  /** Row {@code p} of {@code op(B)} into {@code rows[p]}. */
  private static void packRows(float[] b, int bOff, MatmulSpec s, float[][] rows) {
    int n = s.n();
    int k = s.k();
    if (!s.transposeB()) {
      for (int p = 0; p < k; p++) {
        System.arraycopy(b, bOff + p * n, rows[p], 0, n);
      }
    } else {
      for (int j = 0; j < n; j++) {
        int bj = bOff + j * k;
        for (int p = 0; p < k; p++) {
          rows[p][j] = b[bj + p];
        }
      }
    }
  }

  private static void byRows(float[] a, int aOff, float[][] rows, float[] acc, float[] c, int cOff, MatmulSpec s) {
    int m = s.m();
    int n = s.n();
    int k = s.k();
    int aRow = s.transposeA() ? 1 : k;
    int aK = s.transposeA() ? m : 1;
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * aRow;
      int p = 0;
      if (k >= 4) {
        set4(a[ai], a[ai + aK], a[ai + 2 * aK], a[ai + 3 * aK], rows[0], rows[1], rows[2], rows[3], acc, n);
        p = 4;
      } else {
        set1(a[ai], rows[0], acc, n);
        p = 1;
      }
      for (; p + 4 <= k; p += 4) {
        int ap = ai + p * aK;
        add4(a[ap], a[ap + aK], a[ap + 2 * aK], a[ap + 3 * aK], rows[p], rows[p + 1], rows[p + 2], rows[p + 3], acc, n);
      }
      for (; p < k; p++) {
        add1(a[ai + p * aK], rows[p], acc, n);
      }
      System.arraycopy(acc, 0, c, cOff + i * n, n);
    }
  }

  private static void set4(float a0, float a1, float a2, float a3, float[] b0, float[] b1, float[] b2, float[] b3,
      float[] acc, int n) {
    for (int j = 0; j < n; j++) {
      acc[j] = a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
    }
  }

  private static void add4(float a0, float a1, float a2, float a3, float[] b0, float[] b1, float[] b2, float[] b3,
      float[] acc, int n) {
    for (int j = 0; j < n; j++) {
      acc[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
    }
  }

  private static void set1(float a0, float[] b0, float[] acc, int n) {
    for (int j = 0; j < n; j++) {
      acc[j] = a0 * b0[j];
    }
  }

  private static void add1(float a0, float[] b0, float[] acc, int n) {
    for (int j = 0; j < n; j++) {
      acc[j] += a0 * b0[j];
    }
  }

  /** Each element of C as one dot product of a row of A and a column of {@code op(B)}. */
  private static void dots(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, MatmulSpec s) {
    int m = s.m();
    int n = s.n();
    int k = s.k();
    int aRow = s.transposeA() ? 1 : k;
    int aK = s.transposeA() ? m : 1;
    int bCol = s.transposeB() ? k : 1;
    int bK = s.transposeB() ? 1 : n;
    int i = 0;
    // four rows at a time: four independent sums hide the latency of each one's additions (a
    // single sum waits about four cycles per term), and each still adds its terms in order
    for (; i + 4 <= m; i += 4) {
      int a0 = aOff + i * aRow;
      int a1 = a0 + aRow;
      int a2 = a1 + aRow;
      int a3 = a2 + aRow;
      for (int j = 0; j < n; j++) {
        int bj = bOff + j * bCol;
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        for (int p = 0; p < k; p++) {
          float bp = b[bj + p * bK];
          int ap = p * aK;
          s0 += a[a0 + ap] * bp;
          s1 += a[a1 + ap] * bp;
          s2 += a[a2 + ap] * bp;
          s3 += a[a3 + ap] * bp;
        }
        c[cOff + i * n + j] = s0;
        c[cOff + (i + 1) * n + j] = s1;
        c[cOff + (i + 2) * n + j] = s2;
        c[cOff + (i + 3) * n + j] = s3;
      }
    }
    for (; i < m; i++) {
      int ai = aOff + i * aRow;
      for (int j = 0; j < n; j++) {
        int bj = bOff + j * bCol;
        float sum = 0f;
        for (int p = 0; p < k; p++) {
          sum += a[ai + p * aK] * b[bj + p * bK];
        }
        c[cOff + i * n + j] = sum;
      }
    }
  }

  /**
   * Each thread's packed rows of {@code op(B)}, grown on demand and kept up to {@link #KEPT}
   * floats: allocating them for every product cost a quarter of a small product's time, as every
   * new array is zeroed in memory not yet in cache. Rows may be longer than a product's {@code n};
   * the loops stop at {@code n}.
   */
  private static final class Scratch {
    static final int KEPT = 1 << 13;
    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    private float[][] rows = new float[0][0];
    private int width;

    static float[][] rows(int k, int n) {
      Scratch s = PER_THREAD.get();
      if (k <= s.rows.length && n <= s.width) {
        return s.rows;
      }
      int height = Math.max(k, s.rows.length);
      int width = Math.max(n, s.width);
      if ((long) height * width > KEPT) {
        return new float[k][n];
      }
      s.rows = new float[height][width];
      s.width = width;
      return s.rows;
    }
  }
}
