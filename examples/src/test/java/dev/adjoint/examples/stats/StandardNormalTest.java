package dev.adjoint.examples.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Φ against values computed to 40 digits with mpmath's {@code ncdf} (rounded to 20 here). */
class StandardNormalTest {

  private static void assertRelative(double expected, double actual, double tolerance) {
    assertEquals(expected, actual, Math.abs(expected) * tolerance);
  }

  @Test
  void centralValues() {
    assertEquals(0.5, StandardNormal.cdf(0), 0);
    assertRelative(0.84134474606854294859, StandardNormal.cdf(1), 1e-15);
    assertRelative(0.15865525393145705141, StandardNormal.cdf(-1), 1e-14);
    assertRelative(0.99931286206208415197, StandardNormal.cdf(3.2), 1e-15);
    // the 97.5% quantile gives the familiar 5% two-sided level
    assertRelative(0.975, StandardNormal.cdf(1.959963984540054), 1e-14);
    assertRelative(0.05, StandardNormal.twoSidedPValue(1.959963984540054), 1e-12);
    assertRelative(0.05, StandardNormal.twoSidedPValue(-1.959963984540054), 1e-12);
  }

  @Test
  void farTailsKeepRelativeAccuracy() {
    assertRelative(2.8665157187919391167e-7, StandardNormal.cdf(-5), 1e-12);
    assertRelative(7.619853024160526066e-24, StandardNormal.cdf(-10), 1e-12);
    assertRelative(2.7536241186062336951e-89, StandardNormal.cdf(-20), 1e-12);
    // the upper tail, where 1 - cdf would have cancelled to 0
    assertRelative(7.619853024160526066e-24, StandardNormal.survival(10), 1e-12);
    assertRelative(2 * 2.7536241186062336951e-89, StandardNormal.twoSidedPValue(20), 1e-12);
    assertEquals(1.0, StandardNormal.cdf(10));
  }
}
