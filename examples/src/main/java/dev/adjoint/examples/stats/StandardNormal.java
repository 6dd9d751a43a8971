package dev.adjoint.examples.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The standard normal distribution's tail probabilities (what {@code jax.scipy.stats.norm.cdf}
 * gives), from Apache Commons Statistics, whose complementary error function is accurate to a few
 * ulps (relative) over the whole range.
 */
public final class StandardNormal {

  private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);

  private StandardNormal() {}

  /** {@code Φ(x) = P(Z ≤ x)}. */
  public static double cdf(double x) {
    return STANDARD.cumulativeProbability(x);
  }

  /**
   * {@code 1 - Φ(x) = P(Z > x)}, computed directly, so that it keeps its relative accuracy where
   * {@code 1 - cdf(x)} would cancel to 0 (from about x = 8.3 on).
   */
  public static double survival(double x) {
    return STANDARD.survivalProbability(x);
  }

  /** The two-sided p-value of a z statistic: {@code 2 (1 - Φ(|z|)) = P(|Z| ≥ |z|)}. */
  public static double twoSidedPValue(double z) {
    return 2 * survival(Math.abs(z));
  }
}
