package dev.adjoint.examples.stats;

/**
 * Significance tests of regression coefficients, one entry per coefficient in each array: the
 * estimate, its standard error, the z statistic {@code |estimate| / standardError} and the
 * two-sided p-value {@code 2 (1 - Φ(z))}. The arrays are copied in and out.
 */
public record CoefficientTests(
    double[] estimates, double[] standardErrors, double[] zScores, double[] pValues) {

  /** Checks that the arrays have one entry per coefficient, and copies them. */
  public CoefficientTests {
    int n = estimates.length;
    if (standardErrors.length != n || zScores.length != n || pValues.length != n) {
      throw new IllegalArgumentException(
          "CoefficientTests: arrays of lengths " + n + ", " + standardErrors.length + ", "
              + zScores.length + ", " + pValues.length + " must have one entry per coefficient");
    }
    estimates = estimates.clone();
    standardErrors = standardErrors.clone();
    zScores = zScores.clone();
    pValues = pValues.clone();
  }

  @Override
  public double[] estimates() {
    return estimates.clone();
  }

  @Override
  public double[] standardErrors() {
    return standardErrors.clone();
  }

  @Override
  public double[] zScores() {
    return zScores.clone();
  }

  @Override
  public double[] pValues() {
    return pValues.clone();
  }

  /** Number of coefficients. */
  public int size() {
    return estimates.length;
  }
}
