package dev.adjoint.benchmarks.step;

/**
 * The row updates of {@link HandWrittenStep}'s matrix products, in the one form C2 (JDK 17)
 * vectorizes: a single stored array, at most six arrays, every one indexed by the bare loop
 * variable. A loop over one flat array at two offsets ({@code out[o + j] += a * w[w0 + j]}) stays
 * scalar, as C2 cannot rule out that the two ranges overlap, so the operands are separate row
 * arrays. Four rows per pass: one load and store of the target per four multiply-adds.
 */
final class RowLoops {
  private RowLoops() {}

  /** {@code acc[j] += a0 b0[j] + a1 b1[j] + a2 b2[j] + a3 b3[j]}. */
  static void add4(float a0, float a1, float a2, float a3, float[] b0, float[] b1, float[] b2, float[] b3,
      float[] acc, int n) {
    for (int j = 0; j < n; j++) {
      acc[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
    }
  }

  /** {@code acc[j] += a b[j]}. */
  static void add1(float a, float[] b, float[] acc, int n) {
    for (int j = 0; j < n; j++) {
      acc[j] += a * b[j];
    }
  }

  /**
   * {@code acc += sum_r a[from + r * stride] rows[r]} over all {@code rows}: a row of a matrix
   * product, its coefficients read from a flat array (a row, or a column with {@code stride}).
   */
  static void addRows(float[] a, int from, int stride, float[][] rows, float[] acc, int n) {
    int r = 0;
    for (; r + 4 <= rows.length; r += 4) {
      int i = from + r * stride;
      add4(a[i], a[i + stride], a[i + 2 * stride], a[i + 3 * stride], rows[r], rows[r + 1], rows[r + 2], rows[r + 3],
          acc, n);
    }
    for (; r < rows.length; r++) {
      add1(a[from + r * stride], rows[r], acc, n);
    }
  }
}
