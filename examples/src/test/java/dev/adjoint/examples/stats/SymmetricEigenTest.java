package dev.adjoint.examples.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.random.RandomArrays;
import dev.adjoint.random.RandomKey;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

  private static final double TOL = 1e-14;

  /** Equal up to sign: eigenvectors are only determined up to sign. */
  private static void assertSameDirection(double[] expected, double[] actual) {
    double sign = Math.signum(dot(expected, actual));
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], sign * actual[i], 1e-14, "component " + i);
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    int n = a.length;
    int m = b[0].length;
    double[][] c = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        for (int k = 0; k < b.length; k++) {
          c[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return c;
  }

  @Test
  void twoByTwoByHand() {
    // [[2, 1], [1, 2]]: λ = 1 with (1, -1)/√2, λ = 3 with (1, 1)/√2
    SymmetricEigen e = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
    assertArrayEquals(new double[] {1, 3}, e.values(), TOL);
    double r = 1 / Math.sqrt(2);
    assertSameDirection(new double[] {r, -r}, e.vector(0));
    assertSameDirection(new double[] {r, r}, e.vector(1));
  }

  @Test
  void threeByThreeByHand() {
    // the second-difference matrix: λ_k = 2 - 2 cos(kπ/4) = 2 - √2, 2, 2 + √2,
    // eigenvectors sin(jkπ/4): (1, √2, 1)/2, (1, 0, -1)/√2, (1, -√2, 1)/2
    SymmetricEigen e = SymmetricEigen.of(new double[][] {{2, -1, 0}, {-1, 2, -1}, {0, -1, 2}});
    double s2 = Math.sqrt(2);
    assertArrayEquals(new double[] {2 - s2, 2, 2 + s2}, e.values(), TOL);
    assertSameDirection(new double[] {0.5, s2 / 2, 0.5}, e.vector(0));
    assertSameDirection(new double[] {1 / s2, 0, -1 / s2}, e.vector(1));
    assertSameDirection(new double[] {0.5, -s2 / 2, 0.5}, e.vector(2));
  }

  @Test
  void diagonalMatrixIsSortedAscending() {
    SymmetricEigen e = SymmetricEigen.of(new double[][] {{5, 0, 0}, {0, -1, 0}, {0, 0, 2}});
    assertArrayEquals(new double[] {-1, 2, 5}, e.values(), 0);
    assertSameDirection(new double[] {0, 1, 0}, e.vector(0));
    assertSameDirection(new double[] {0, 0, 1}, e.vector(1));
    assertSameDirection(new double[] {1, 0, 0}, e.vector(2));
  }

  @Test
  void randomMatrixReconstructs() {
    int n = 9;
    float[] r = RandomArrays.normal(RandomKey.of(7), n, n);
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i][j] = r[i * n + j] + r[j * n + i];
      }
    }
    SymmetricEigen e = SymmetricEigen.of(a);
    double[][] v = e.vectors();
    double[] lambda = e.values();
    for (int k = 1; k < n; k++) {
      assertTrue(lambda[k - 1] <= lambda[k]);
    }
    // A v_k = λ_k v_k, and the vectors are orthonormal
    double[][] av = multiply(a, v);
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < n; i++) {
        assertEquals(lambda[k] * v[i][k], av[i][k], 1e-12, "A v - λ v at " + i + ", " + k);
      }
      for (int l = 0; l < n; l++) {
        assertEquals(k == l ? 1 : 0, dot(e.vector(k), e.vector(l)), 1e-14);
      }
    }
    // f(A) for f(x) = x² is A·A; for f(x) = 1/x it is the inverse
    double[][] squared = e.apply(x -> x * x);
    double[][] aa = multiply(a, a);
    double[][] identity = multiply(a, e.apply(x -> 1 / x));
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        assertEquals(aa[i][j], squared[i][j], 1e-12);
        assertEquals(i == j ? 1 : 0, identity[i][j], 1e-10);
      }
    }
  }

  @Test
  void repeatedEigenvalues() {
    SymmetricEigen e = SymmetricEigen.of(new double[][] {{3, 0}, {0, 3}});
    assertArrayEquals(new double[] {3, 3}, e.values(), 0);
    double[][] root = e.apply(Math::sqrt);
    assertArrayEquals(new double[] {Math.sqrt(3), 0}, root[0], TOL);
  }

  @Test
  void inverseSquareRootOfTwoByTwoMatchesTheClosedForm() {
    // for an SPD 2x2 matrix, sqrt(A) = (A + √det I) / sqrt(tr A + 2 √det)
    double[][] a = {{1.5, 1.5}, {1.5, 2.5}};
    double rootDet = Math.sqrt(a[0][0] * a[1][1] - a[0][1] * a[1][0]);
    double scale = Math.sqrt(a[0][0] + a[1][1] + 2 * rootDet);
    double[][] root = {
      {(a[0][0] + rootDet) / scale, a[0][1] / scale}, {a[1][0] / scale, (a[1][1] + rootDet) / scale}
    };
    double det = root[0][0] * root[1][1] - root[0][1] * root[1][0];
    double[][] inverseRoot = {{root[1][1] / det, -root[0][1] / det}, {-root[1][0] / det, root[0][0] / det}};
    double[][] computed = SymmetricEigen.of(a).apply(x -> 1 / Math.sqrt(x));
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(inverseRoot[i], computed[i], 1e-14);
    }
  }

  @Test
  void rejectsMatricesItCannotDecompose() {
    assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[0][0]));
    IllegalArgumentException notSquare =
        assertThrows(
            IllegalArgumentException.class,
            () -> SymmetricEigen.of(new double[][] {{1, 2}, {3}}));
    assertTrue(notSquare.getMessage().contains("row 1 of 2 has 1 elements"));
    IllegalArgumentException asymmetric =
        assertThrows(
            IllegalArgumentException.class,
            () -> SymmetricEigen.of(new double[][] {{1, 2}, {2.5, 1}}));
    assertTrue(asymmetric.getMessage().contains("not symmetric"), asymmetric.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> SymmetricEigen.of(new double[][] {{1, Double.NaN}, {Double.NaN, 1}}));
  }
}
