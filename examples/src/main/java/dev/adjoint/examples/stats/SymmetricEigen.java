package dev.adjoint.examples.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;

/**
 * The eigendecomposition {@code A = V diag(λ) Vᵀ} of a real symmetric matrix, as {@code
 * numpy.linalg.eigh} / {@code jax.numpy.linalg.eigh} give it: eigenvalues in ascending order and
 * orthonormal eigenvectors as the columns of {@code V}.
 *
 * <p>Computed with the cyclic Jacobi method: plane rotations, each chosen to zero one
 * off-diagonal element, are applied in sweeps over all pairs until the off-diagonal part is
 * negligible against the whole matrix. Every rotation is orthogonal, so the eigenvectors stay
 * orthonormal to rounding, and the eigenvalues come out with an error of a few ulps of the
 * matrix's norm. The cost is about {@code 6 n³} operations per sweep with 5 to 10 sweeps: meant
 * for the small matrices of statistics (a few coefficients), not for large ones.
 *
 * <p>Eigenvectors are determined only up to sign (and, for repeated eigenvalues, up to a rotation
 * within their eigenspace); functions of the matrix built with {@link #apply} do not depend on
 * that choice.
 */
public final class SymmetricEigen {

  private static final int MAX_SWEEPS = 100;
  private static final double EPSILON = Math.ulp(1.0);
  /** Tolerated asymmetry, relative to the largest element. */
  private static final double SYMMETRY_TOLERANCE = 1e-12;

  private final double[] values;
  /** {@code vectors[i][k]}: component i of the eigenvector of {@code values[k]}. */
  private final double[][] vectors;

  private SymmetricEigen(double[] values, double[][] vectors) {
    this.values = values;
    this.vectors = vectors;
  }

  /**
   * Decomposes {@code matrix} (rows of equal length, symmetric; left unchanged).
   *
   * @throws IllegalArgumentException if it is empty, not square, holds a non-finite value, or is
   *     not symmetric to within 1e-12 of its largest element
   */
  public static SymmetricEigen of(double[][] matrix) {
    double[][] a = checkedSymmetricCopy(matrix);
    int n = a.length;
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      v[i][i] = 1;
    }
    double norm = frobenius(a);
    int sweep = 0;
    while (offDiagonal(a) > EPSILON * norm) {
      if (++sweep > MAX_SWEEPS) {
        throw new ArithmeticException(
            "SymmetricEigen: no convergence after " + MAX_SWEEPS + " Jacobi sweeps on a "
                + n + "x" + n + " matrix");
      }
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          if (a[p][q] != 0) {
            rotate(a, v, p, q);
          }
        }
      }
    }
    return sorted(a, v);
  }

  /**
   * Applies the rotation {@code J} in the (p, q) plane that zeroes {@code a[p][q]}: {@code a ← Jᵀ
   * a J}, {@code v ← v J}.
   */
  private static void rotate(double[][] a, double[][] v, int p, int q) {
    int n = a.length;
    // tan of the angle, the root of t² + 2θt - 1 = 0 of smaller magnitude (the stable choice)
    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
    double t =
        Math.abs(theta) > 1e150
            ? 1 / (2 * theta)
            : Math.copySign(1, theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
    double c = 1 / Math.sqrt(t * t + 1);
    double s = t * c;
    for (int k = 0; k < n; k++) {
      double akp = a[k][p];
      double akq = a[k][q];
      a[k][p] = c * akp - s * akq;
      a[k][q] = s * akp + c * akq;
    }
    for (int k = 0; k < n; k++) {
      double apk = a[p][k];
      double aqk = a[q][k];
      a[p][k] = c * apk - s * aqk;
      a[q][k] = s * apk + c * aqk;
    }
    a[p][q] = 0;
    a[q][p] = 0;
    for (int k = 0; k < n; k++) {
      double vkp = v[k][p];
      double vkq = v[k][q];
      v[k][p] = c * vkp - s * vkq;
      v[k][q] = s * vkp + c * vkq;
    }
  }

  private static SymmetricEigen sorted(double[][] a, double[][] v) {
    int n = a.length;
    Integer[] order =
        IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> a[i][i]))
            .toArray(Integer[]::new);
    double[] values = new double[n];
    double[][] vectors = new double[n][n];
    for (int k = 0; k < n; k++) {
      values[k] = a[order[k]][order[k]];
      for (int i = 0; i < n; i++) {
        vectors[i][k] = v[i][order[k]];
      }
    }
    return new SymmetricEigen(values, vectors);
  }

  private static double[][] checkedSymmetricCopy(double[][] matrix) {
    int n = matrix.length;
    if (n == 0) {
      throw new IllegalArgumentException("SymmetricEigen: the matrix is empty");
    }
    double largest = 0;
    for (int i = 0; i < n; i++) {
      if (matrix[i].length != n) {
        throw new IllegalArgumentException(
            "SymmetricEigen: the matrix must be square, but row " + i + " of " + n + " has "
                + matrix[i].length + " elements");
      }
      for (int j = 0; j < n; j++) {
        if (!Double.isFinite(matrix[i][j])) {
          throw new IllegalArgumentException(
              "SymmetricEigen: element [" + i + "][" + j + "] is " + matrix[i][j]);
        }
        largest = Math.max(largest, Math.abs(matrix[i][j]));
      }
    }
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (Math.abs(matrix[i][j] - matrix[j][i]) > SYMMETRY_TOLERANCE * largest) {
          throw new IllegalArgumentException(
              "SymmetricEigen: the matrix is not symmetric: [" + i + "][" + j + "] = "
                  + matrix[i][j] + " but [" + j + "][" + i + "] = " + matrix[j][i]);
        }
        a[i][j] = 0.5 * (matrix[i][j] + matrix[j][i]);
      }
    }
    return a;
  }

  private static double frobenius(double[][] a) {
    double sum = 0;
    for (double[] row : a) {
      for (double x : row) {
        sum += x * x;
      }
    }
    return Math.sqrt(sum);
  }

  private static double offDiagonal(double[][] a) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        if (i != j) {
          sum += a[i][j] * a[i][j];
        }
      }
    }
    return Math.sqrt(sum);
  }

  /** The matrix order n. */
  public int size() {
    return values.length;
  }

  /** The eigenvalues in ascending order; a fresh copy. */
  public double[] values() {
    return values.clone();
  }

  /** {@code V}: column k is the unit eigenvector of {@code values()[k]}; a fresh copy. */
  public double[][] vectors() {
    double[][] copy = new double[vectors.length][];
    for (int i = 0; i < vectors.length; i++) {
      copy[i] = vectors[i].clone();
    }
    return copy;
  }

  /** The unit eigenvector of {@code values()[k]}. */
  public double[] vector(int k) {
    double[] column = new double[vectors.length];
    for (int i = 0; i < column.length; i++) {
      column[i] = vectors[i][k];
    }
    return column;
  }

  /**
   * The matrix function {@code V diag(f(λ)) Vᵀ}: with {@code λ -> 1 / Math.sqrt(λ)} the inverse
   * square root of a positive definite matrix, with {@code λ -> 1 / λ} its inverse.
   */
  public double[][] apply(DoubleUnaryOperator f) {
    int n = values.length;
    double[] fx = Arrays.stream(values).map(f).toArray();
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
          sum += vectors[i][k] * fx[k] * vectors[j][k];
        }
        out[i][j] = sum;
        out[j][i] = sum;
      }
    }
    return out;
  }
}
