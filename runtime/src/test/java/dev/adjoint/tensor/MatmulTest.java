package dev.adjoint.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Matrix products against a double-precision reference: every NumPy form, the transposed
 * variants, batch broadcasting, and sizes that take the blocked and multi-threaded paths.
 */
class MatmulTest {

  /** |C - C_ref| <= k * eps * sum |a||b|, the standard bound, elementwise. */
  private static void assertProduct(double[] a, double[] b, int m, int n, int k, boolean ta, boolean tb,
      Tensor c, DType dtype) {
    double[] expected = Reference.matmul(a, b, m, n, k, ta, tb);
    double[] absA = Arrays.stream(a).map(Math::abs).toArray();
    double[] absB = Arrays.stream(b).map(Math::abs).toArray();
    double[] bound = Reference.matmul(absA, absB, m, n, k, ta, tb);
    double eps = dtype == DType.FLOAT32 ? 0x1p-23 : 0x1p-52;
    double[] actual = c.toDoubleArray();
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      double tol = (k + 2) * eps * bound[i] + 1e-30;
      if (Math.abs(expected[i] - actual[i]) > tol) {
        throw new AssertionError("element " + i + ": expected " + expected[i] + " got " + actual[i]
            + " (m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " tb=" + tb + ")");
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
      "1, 1, 1", "3, 4, 5", "32, 30, 1", "32, 20, 30", "32, 1, 20", "7, 33, 9",
      // blocked path: n >= 32, k >= 8, m n k >= 2^15; odd sizes exercise every remainder
      "40, 64, 16", "67, 300, 131", "130, 257, 259", "5, 600, 70",
      // large enough to be split among threads
      "200, 180, 190", "520, 40, 300"})
  void allTranspositionsMatchReference(int m, int n, int k) {
    for (DType dtype : DType.values()) {
      for (int form = 0; form < 3; form++) { // A B, A^T B, A B^T
        boolean ta = form == 1;
        boolean tb = form == 2;
        double[] a = Reference.randomValues(m * k);
        double[] b = Reference.randomValues(k * n);
        Tensor at = Tensor.of(a, dtype, ta ? new int[] {k, m} : new int[] {m, k});
        Tensor bt = Tensor.of(b, dtype, tb ? new int[] {n, k} : new int[] {k, n});
        Tensor c = ta ? at.matmulTransposeA(bt) : tb ? at.matmulTransposeB(bt) : at.matmul(bt);
        assertArrayEquals(new int[] {m, n}, c.shape());
        assertEquals(dtype, c.dtype());
        assertProduct(at.toDoubleArray(), bt.toDoubleArray(), m, n, k, ta, tb, c, dtype);
      }
    }
  }

  @Test
  void vectorForms() {
    Tensor u = Tensor.of(new double[] {1, 2, 3}, DType.FLOAT64);
    Tensor v = Tensor.of(new double[] {4, 5, 6}, DType.FLOAT64);
    Tensor dot = u.matmul(v);
    assertArrayEquals(new int[0], dot.shape());
    assertEquals(32, dot.item(), 0);
    Tensor m = Tensor.of(new double[][] {{1, 0, 2}, {0, 1, 0}}, DType.FLOAT64);
    Tensor mv = m.matmul(u);
    assertArrayEquals(new int[] {2}, mv.shape());
    assertArrayEquals(new double[] {7, 2}, mv.toDoubleArray());
    Tensor w = Tensor.of(new double[] {1, -1}, DType.FLOAT64);
    Tensor vm = w.matmul(m);
    assertArrayEquals(new int[] {3}, vm.shape());
    assertArrayEquals(new double[] {1, -1, 2}, vm.toDoubleArray());
  }

  @Test
  void batchAxesBroadcast() {
    for (int[][] shapes : new int[][][] {
        {{2, 3, 4}, {4, 5}}, {{3, 4}, {2, 4, 5}}, {{2, 1, 3, 4}, {3, 4, 5}}, {{2, 3, 4}, {2, 4, 5}},
        {{1, 3, 4}, {2, 4, 5}}, {{2, 3, 4}, {4}}, {{4}, {2, 4, 5}}}) {
      int[] as = shapes[0];
      int[] bs = shapes[1];
      Tensor a = Reference.random(DType.FLOAT64, as);
      Tensor b = Reference.random(DType.FLOAT64, bs);
      Tensor c = a.matmul(b);
      // reference: promote vectors, broadcast batches, multiply each pair
      int[] a2 = as.length == 1 ? new int[] {1, as[0]} : as;
      int[] b2 = bs.length == 1 ? new int[] {bs[0], 1} : bs;
      int[] batch = Broadcast.shape("ref", Arrays.copyOf(a2, a2.length - 2), Arrays.copyOf(b2, b2.length - 2));
      int m = a2[a2.length - 2];
      int k = a2[a2.length - 1];
      int n = b2[b2.length - 1];
      double[] av = a.toDoubleArray();
      double[] bv = b.toDoubleArray();
      int[] aBatch = Arrays.copyOf(a2, a2.length - 2);
      int[] bBatch = Arrays.copyOf(b2, b2.length - 2);
      double[] expected = new double[Shape.size(batch) * m * n];
      for (int t = 0; t < Shape.size(batch); t++) {
        int[] idx = Reference.index(t, batch);
        int ai = Reference.broadcastFlat(idx, aBatch);
        int bi = Reference.broadcastFlat(idx, bBatch);
        double[] block = Reference.matmul(Arrays.copyOfRange(av, ai * m * k, (ai + 1) * m * k),
            Arrays.copyOfRange(bv, bi * k * n, (bi + 1) * k * n), m, n, k, false, false);
        System.arraycopy(block, 0, expected, t * m * n, m * n);
      }
      assertEquals(expected.length, c.size(), Arrays.deepToString(shapes));
      double[] actual = c.toDoubleArray();
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], actual[i], 1e-12, Arrays.deepToString(shapes));
      }
    }
    assertArrayEquals(new int[] {2, 3, 3, 5}, Tensor.zeros(2, 1, 3, 4).matmul(Tensor.zeros(3, 4, 5)).shape());
    assertArrayEquals(new int[] {2, 3}, Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(4)).shape());
    assertArrayEquals(new int[] {2, 5}, Tensor.zeros(4).matmul(Tensor.zeros(2, 4, 5)).shape());
  }

  @Test
  void batchedTransposedVariants() {
    Tensor a = Reference.random(DType.FLOAT64, 3, 4, 2);
    Tensor b = Reference.random(DType.FLOAT64, 3, 4, 5);
    assertArrayEquals(a.transpose(0, 2, 1).matmul(b).toDoubleArray(), a.matmulTransposeA(b).toDoubleArray(), 1e-12);
    Tensor c = Reference.random(DType.FLOAT64, 3, 5, 2);
    assertArrayEquals(a.matmul(c.transpose(0, 2, 1)).toDoubleArray(), a.matmulTransposeB(c).toDoubleArray(), 1e-12);
  }

  @Test
  void errorsNameTheOperationAndShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(3, 4).matmul(Tensor.zeros(5, 2)));
    assertEquals("matmul: shapes [3, 4] and [5, 2] do not align (4 != 5)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3, 4).matmulTransposeB(Tensor.zeros(2, 5)));
    assertEquals("matmulTransposeB: shapes [3, 4] and [2, 5] do not align (4 != 5)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(4).matmulTransposeA(Tensor.zeros(4, 2)));
    assertEquals("matmulTransposeA: operands need rank >= 2, got shapes [4] and [4, 2]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1).matmul(Tensor.zeros(4)));
    assertEquals("matmul: operands need rank >= 1, got shapes [] and [4]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)));
    assertEquals("matmul: batch axes of shapes [2, 3, 4] and [3, 4, 5] cannot be broadcast together", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 2).matmul(Tensor.zeros(DType.FLOAT64, 2, 2)));
    assertEquals("matmul: dtypes float32 and float64 differ (shapes [2, 2] and [2, 2]); convert one with astype",
        e.getMessage());
  }

  @Test
  void emptyContractionGivesZeros() {
    Tensor c = Tensor.zeros(3, 0).matmul(Tensor.zeros(0, 2));
    assertArrayEquals(new double[6], c.toDoubleArray());
  }
}
