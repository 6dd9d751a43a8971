package dev.adjoint.random;

/**
 * The special functions JAX's samplers call, computed the way XLA computes them, so that the
 * samples come out as JAX's do (not merely as accurate as JAX's).
 *
 * <p>JAX turns uniform samples into normal ones with {@code lax.erf_inv}, which XLA (and the CHLO
 * decomposition that replaced it) evaluates with M. Giles's polynomial approximations
 * ("Approximating the erfinv function", GPU Computing Gems, 2011), not a correctly rounded
 * inverse: a single-precision pair of degree-8 polynomials for float32 and a three-piece
 * double-precision set for float64. Evaluating the same polynomials with the same float32 (or
 * float64) operations, in the same order, reproduces XLA's results; the only step we cannot copy
 * operation for operation is {@code log1p}, which each XLA backend implements in its own way, so
 * results can differ from a particular JAX run by about one unit in the last place.
 *
 * <p>Java evaluates {@code float} expressions in IEEE single precision with no fused
 * multiply-adds (strict semantics are the default since Java 17), which is what XLA's
 * unfused HLO specifies.
 */
final class XlaMath {

  private XlaMath() {}

  /** Giles's single-precision coefficients for {@code w < 5}, highest power first. */
  private static final float[] ERFINV32_CENTRAL = {
    2.81022636e-08f, 3.43273939e-07f, -3.5233877e-06f, -4.39150654e-06f, 0.00021858087f,
    -0.00125372503f, -0.00417768164f, 0.246640727f, 1.50140941f
  };

  /** Giles's single-precision coefficients for {@code w >= 5} (the tails), highest power first. */
  private static final float[] ERFINV32_TAIL = {
    -0.000200214257f, 0.000100950558f, 0.00134934322f, -0.00367342844f, 0.00573950773f,
    -0.0076224613f, 0.00943887047f, 1.00167406f, 2.83297682f
  };

  /**
   * The inverse error function in float32, as XLA evaluates it. With {@code w = -log1p(-x*x)}: if
   * {@code w < 5} the polynomial is in {@code w - 2.5}, else in {@code sqrt(w) - 3}; the result is
   * the polynomial times {@code x}. At {@code |x| = 1} the polynomial is undefined and the result
   * is {@code ±infinity}.
   */
  static float erfInv(float x) {
    if (Math.abs(x) == 1f) {
      return x * Float.POSITIVE_INFINITY;
    }
    float w = -log1p(x * -x);
    float[] c;
    if (w < 5f) {
      c = ERFINV32_CENTRAL;
      w = w - 2.5f;
    } else {
      c = ERFINV32_TAIL;
      w = (float) Math.sqrt(w) - 3f;
    }
    float p = c[0];
    for (int i = 1; i < c.length; i++) {
      p = c[i] + p * w;
    }
    return p * x;
  }

  /**
   * {@code log1p} of a float, rounded to float, without the slow (non-intrinsic) {@code
   * Math.log1p}. For {@code |v| >= 2^-29} the sum {@code 1 + v} is exact in double, and the double
   * {@code log} of it is within an ulp of the exact value, so it rounds to the float {@code
   * Math.log1p} gives except in vanishingly rare double-rounding ties (none in 12 million normal
   * samples checked); below that, {@code log1p(v) = v (1 - v/2 + ...)} rounds to {@code v}.
   */
  private static float log1p(float v) {
    return Math.abs(v) < 0x1p-29f ? v : (float) Math.log(1.0 + v);
  }

  /** Giles's double-precision coefficients for {@code w < 6.25}, highest power first. */
  private static final double[] ERFINV64_CENTRAL = {
    -3.6444120640178196996e-21, -1.685059138182016589e-19, 1.2858480715256400167e-18,
    1.115787767802518096e-17, -1.333171662854620906e-16, 2.0972767875968561637e-17,
    6.6376381343583238325e-15, -4.0545662729752068639e-14, -8.1519341976054721522e-14,
    2.6335093153082322977e-12, -1.2975133253453532498e-11, -5.4154120542946279317e-11,
    1.051212273321532285e-09, -4.1126339803469836976e-09, -2.9070369957882005086e-08,
    4.2347877827932403518e-07, -1.3654692000834678645e-06, -1.3882523362786468719e-05,
    0.0001867342080340571352, -0.00074070253416626697512, -0.0060336708714301490533,
    0.24015818242558961693, 1.6536545626831027356
  };

  /** Giles's double-precision coefficients for {@code 6.25 <= w < 16}, highest power first. */
  private static final double[] ERFINV64_MIDDLE = {
    2.2137376921775787049e-09, 9.0756561938885390979e-08, -2.7517406297064545428e-07,
    1.8239629214389227755e-08, 1.5027403968909827627e-06, -4.013867526981545969e-06,
    2.9234449089955446044e-06, 1.2475304481671778723e-05, -4.7318229009055733981e-05,
    6.8284851459573175448e-05, 2.4031110387097893999e-05, -0.0003550375203628474796,
    0.00095328937973738049703, -0.0016882755560235047313, 0.0024914420961078508066,
    -0.0037512085075692412107, 0.005370914553590063617, 1.0052589676941592334,
    3.0838856104922207635
  };

  /** Giles's double-precision coefficients for {@code w >= 16}, highest power first. */
  private static final double[] ERFINV64_TAIL = {
    -2.7109920616438573243e-11, -2.5556418169965252055e-10, 1.5076572693500548083e-09,
    -3.7894654401267369937e-09, 7.6157012080783393804e-09, -1.4960026627149240478e-08,
    2.9147953450901080826e-08, -6.7711997758452339498e-08, 2.2900482228026654717e-07,
    -9.9298272942317002539e-07, 4.5260625972231537039e-06, -1.9681778105531670567e-05,
    7.5995277030017761139e-05, -0.00021503011930044477347, -0.00013871931833623122026,
    1.0103004648645343977, 4.8499064014085844221
  };

  /**
   * The inverse error function in float64, as XLA evaluates it: {@code w = -log1p(-x*x)}, then a
   * polynomial of degree 22 in {@code w - 3.125} ({@code w < 6.25}), of degree 18 in {@code
   * sqrt(w) - 3.25} ({@code w < 16}) or of degree 16 in {@code sqrt(w) - 5}, times {@code x}.
   */
  static double erfInv(double x) {
    if (Math.abs(x) == 1.0) {
      return x * Double.POSITIVE_INFINITY;
    }
    double w = -Math.log1p(x * -x);
    double[] c;
    if (w < 6.25) {
      c = ERFINV64_CENTRAL;
      w = w - 3.125;
    } else if (w < 16.0) {
      c = ERFINV64_MIDDLE;
      w = Math.sqrt(w) - 3.25;
    } else {
      c = ERFINV64_TAIL;
      w = Math.sqrt(w) - 5.0;
    }
    double p = c[0];
    for (int i = 1; i < c.length; i++) {
      p = c[i] + p * w;
    }
    return p * x;
  }

  /** Numerator coefficients of the float32 erf approximation (Eigen's), highest power first. */
  private static final float[] ERF32_ALPHA = {
    -2.72614225801306e-10f, 2.77068142495902e-08f, -2.10102402082508e-06f,
    -5.69250639462346e-05f, -7.34990630326855e-04f, -2.95459980854025e-03f,
    -1.60960333262415e-02f
  };

  /** Denominator coefficients of the float32 erf approximation (Eigen's), highest power first. */
  private static final float[] ERF32_BETA = {
    -1.45660718464996e-05f, -2.13374055278905e-04f, -1.68282697438203e-03f,
    -7.37332916720468e-03f, -1.42647390514189e-02f
  };

  /**
   * The error function in float32 as the CHLO decomposition used by JAX computes it: {@code x} is
   * clamped to [-4, 4], the result is {@code x * alpha(x^2) / beta(x^2)} for Eigen's rational
   * approximation, clamped to [-1, 1]. JAX's truncated normal sampler calls it on its bounds.
   */
  static float erf(float x) {
    x = Math.max(-4f, Math.min(4f, x));
    float x2 = x * x;
    float alpha = 0f;
    for (float c : ERF32_ALPHA) {
      alpha = alpha * x2 + c;
    }
    float beta = 0f;
    for (float c : ERF32_BETA) {
      beta = beta * x2 + c;
    }
    return Math.max(-1f, Math.min(1f, x * alpha / beta));
  }
}
