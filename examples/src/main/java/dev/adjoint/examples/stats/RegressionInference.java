package dev.adjoint.examples.stats;

/**
 * Standard errors and p-values of the coefficients of a linear regression fitted by gradient
 * descent, given the design matrix, the fitted coefficients and the noise variance estimate
 * {@code σ²} (the final mean squared error).
 *
 * <p>Two formulas are offered:
 *
 * <ul>
 *   <li>{@link #seed001}: exactly the computation of seed 001 ("JAX for neural networks"): {@code
 *       S = X_ᵀX_ / σ²}, {@code W_std = σ² · V diag(1/√λ) Vᵀ} from the eigendecomposition {@code
 *       S = V diag(λ) Vᵀ} (that is, {@code σ² S^(-1/2)}), standard errors {@code diag(W_std)}. It
 *       is what the tutorial prints, and the example reproduces it.
 *   <li>{@link #classical}: the textbook standard errors {@code sqrt(diag(σ² (X_ᵀX_)⁻¹))}. They
 *       differ from the seed's (which scale as {@code σ³ / sqrt(n)} rather than {@code σ /
 *       sqrt(n)}); the example can print both.
 * </ul>
 *
 * <p>In both, {@code p = 2 (1 - Φ(|w| / se))}, evaluated in double precision through the upper
 * tail {@code 2 Q(|z|)} so that it does not cancel: where the tutorial, in float32, prints {@code
 * 0.} for its two strongly significant coefficients, these give their (tiny) actual values.
 */
public final class RegressionInference {

  private RegressionInference() {}

  /**
   * The design matrix {@code X_ = [1 | X]} of the seed: a column of ones (for the bias) followed by
   * the features.
   *
   * @param features {@code rows * columns} values, row-major
   */
  public static double[][] withInterceptColumn(float[] features, int rows, int columns) {
    if (rows <= 0 || columns < 0 || (long) rows * columns != features.length) {
      throw new IllegalArgumentException(
          "withInterceptColumn: " + features.length + " values do not make a " + rows + "x"
              + columns + " matrix");
    }
    double[][] design = new double[rows][columns + 1];
    for (int i = 0; i < rows; i++) {
      design[i][0] = 1;
      for (int j = 0; j < columns; j++) {
        design[i][j + 1] = features[i * columns + j];
      }
    }
    return design;
  }

  /**
   * Seed 001's standard errors {@code diag(σ² S^(-1/2))} with {@code S = X_ᵀX_ / σ²}, and the
   * p-values from them.
   *
   * @param design {@code X_}, one row per example, one column per coefficient (see {@link
   *     #withInterceptColumn})
   * @param coefficients the fitted coefficients in the order of the design's columns (for the seed:
   *     bias, then the weights)
   * @param sigma2 the noise variance estimate (the final mean squared error)
   * @throws IllegalArgumentException if the shapes disagree, {@code sigma2} is not positive and
   *     finite, or the design's columns are linearly dependent
   */
  public static CoefficientTests seed001(double[][] design, double[] coefficients, double sigma2) {
    SymmetricEigen s = informationEigen(design, coefficients, sigma2);
    double[][] inverseRoot = s.apply(lambda -> 1 / Math.sqrt(lambda));
    double[] errors = new double[coefficients.length];
    for (int i = 0; i < errors.length; i++) {
      errors[i] = sigma2 * inverseRoot[i][i];
    }
    return tests(coefficients, errors);
  }

  /**
   * The textbook standard errors {@code sqrt(diag(σ² (X_ᵀX_)⁻¹))}, and the p-values from them.
   *
   * @throws IllegalArgumentException as {@link #seed001}
   */
  public static CoefficientTests classical(
      double[][] design, double[] coefficients, double sigma2) {
    // σ² (X_ᵀX_)⁻¹ = S⁻¹ with S = X_ᵀX_ / σ²
    double[][] covariance = informationEigen(design, coefficients, sigma2).apply(l -> 1 / l);
    double[] errors = new double[coefficients.length];
    for (int i = 0; i < errors.length; i++) {
      errors[i] = Math.sqrt(covariance[i][i]);
    }
    return tests(coefficients, errors);
  }

  /** Eigendecomposition of {@code S = X_ᵀX_ / σ²}, checked positive definite. */
  private static SymmetricEigen informationEigen(
      double[][] design, double[] coefficients, double sigma2) {
    if (!(sigma2 > 0) || Double.isInfinite(sigma2)) {
      throw new IllegalArgumentException(
          "regression inference: σ² must be positive and finite, got " + sigma2);
    }
    int p = coefficients.length;
    if (design.length == 0) {
      throw new IllegalArgumentException("regression inference: the design matrix has no rows");
    }
    double[][] s = new double[p][p];
    for (int r = 0; r < design.length; r++) {
      double[] row = design[r];
      if (row.length != p) {
        throw new IllegalArgumentException(
            "regression inference: row " + r + " of the design matrix has " + row.length
                + " columns, but there are " + p + " coefficients");
      }
      for (int i = 0; i < p; i++) {
        for (int j = i; j < p; j++) {
          s[i][j] += row[i] * row[j];
        }
      }
    }
    for (int i = 0; i < p; i++) {
      for (int j = i; j < p; j++) {
        s[i][j] /= sigma2;
        s[j][i] = s[i][j];
      }
    }
    SymmetricEigen eigen = SymmetricEigen.of(s);
    double[] lambda = eigen.values();
    if (!(lambda[0] > lambda[p - 1] * 1e-14)) {
      throw new IllegalArgumentException(
          "regression inference: the design matrix's columns are linearly dependent (eigenvalues"
              + " of X_ᵀX_/σ² from " + lambda[0] + " to " + lambda[p - 1]
              + "), so the coefficients have no standard errors");
    }
    return eigen;
  }

  private static CoefficientTests tests(double[] coefficients, double[] errors) {
    double[] z = new double[coefficients.length];
    double[] p = new double[coefficients.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = Math.abs(coefficients[i]) / errors[i];
      p[i] = StandardNormal.twoSidedPValue(z[i]);
    }
    return new CoefficientTests(coefficients, errors, z, p);
  }
}
