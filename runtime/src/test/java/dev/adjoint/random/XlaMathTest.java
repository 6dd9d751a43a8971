package dev.adjoint.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * XLA's approximations are not correctly rounded, but they are close: these tests bound their
 * error against values computed with mpmath at 40 digits (for the exact float or double inputs
 * shown), so a wrong coefficient or a misplaced operation is caught.
 *
 * <p>Away from ±1 the bound is 4 ulps (a scan of 2858 points with |x| <= 0.99 found at most 3.3).
 * Near ±1 the error is dominated by XLA's formulation, not by the polynomial: {@code w =
 * -log1p(-x*x)} rounds {@code x*x} first, and {@code 1 - x^2} is then a small difference whose
 * rounding error erfinv amplifies by {@code erfinv'(x) / (2|x|)}. The bound there adds that
 * amplified rounding error, since reproducing XLA means reproducing it.
 */
class XlaMathTest {

  /** erfinv'(x) / (2|x|) * ulp(x^2): how far the rounding of x*x alone can move erfinv(x). */
  private static double squaringError(double x, double z, double ulpOfSquare) {
    double derivative = Math.sqrt(Math.PI) / 2 * Math.exp(z * z);
    return derivative / (2 * Math.abs(x)) * ulpOfSquare;
  }

  private static void assertFloat(float x, double exact, boolean nearOne) {
    double tolerance = 4 * Math.ulp((float) exact);
    if (nearOne) {
      tolerance += squaringError(x, exact, Math.ulp(x * x));
    }
    assertEquals(exact, XlaMath.erfInv(x), tolerance, "erfinv(" + x + ")");
  }

  private static void assertDouble(double x, double exact, boolean nearOne) {
    double tolerance = 4 * Math.ulp(exact);
    if (nearOne) {
      tolerance += squaringError(x, exact, Math.ulp(x * x));
    }
    assertEquals(exact, XlaMath.erfInv(x), tolerance, "erfinv(" + x + ")");
  }

  @Test
  void erfInvFloatIsWithinAFewUlps() {
    assertFloat(0.5f, 0.4769362762044698733814, false);
    assertFloat(0.9f, 1.163087071945772235512, false);
    assertFloat(-0.3f, -0.2724627261055237748133, false);
    assertFloat(1e-6f, 8.862269232154821348025e-7, false);
    assertFloat(-0.7f, -0.7328690598827589077604, false);
    assertFloat(0.0625f, 0.05544594877278202029899, false);
    assertFloat(0.999f, 2.326756326796154750158, true);
    assertFloat(0.99999f, 3.123205771165070755495, true);
    assertFloat(Math.nextUp(-1f), -3.832506856900710909458, true);
  }

  @Test
  void erfInvDoubleIsWithinAFewUlps() {
    assertDouble(0.5, 0.4769362762044698733814, false);
    assertDouble(0.9, 1.163087153676674162844, false);
    assertDouble(-0.3, -0.2724627147267543450247, false);
    assertDouble(0.999, 2.326753765513524493866, true);
    assertDouble(1e-6, 8.862269254529899872122e-7, false);
    assertDouble(-0.7, -0.7328690779592167848788, false);
    assertDouble(0.9999999, 3.766562581638470888715, true);
    assertDouble(0.999999999999, 5.042031898572696130053, true);
    assertDouble(Math.nextUp(-1.0), -5.863584748755167927208, true);
  }

  @Test
  void erfInvOfPlusMinusOneIsInfinite() {
    assertEquals(Float.POSITIVE_INFINITY, XlaMath.erfInv(1f));
    assertEquals(Float.NEGATIVE_INFINITY, XlaMath.erfInv(-1f));
    assertEquals(Double.POSITIVE_INFINITY, XlaMath.erfInv(1.0));
    assertEquals(Double.NEGATIVE_INFINITY, XlaMath.erfInv(-1.0));
  }

  @Test
  void erfFloatIsWithinAFewUlps() {
    float[] x = {-2f / (float) Math.sqrt(2.0), 0.5f, -3f, 0.1f};
    double[] exact = {
      -0.9544997324075773215225, 0.5204998778130465376827, -0.9999779095030014145586,
      0.112462917682970509028
    };
    for (int i = 0; i < x.length; i++) {
      double tolerance = 4 * Math.ulp((float) exact[i]);
      assertEquals(exact[i], XlaMath.erf(x[i]), tolerance, "erf(" + x[i] + ")");
    }
    assertEquals(1f, XlaMath.erf(10f));
    assertEquals(-1f, XlaMath.erf(-10f));
  }
}
