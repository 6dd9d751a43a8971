package dev.adjoint.backend.cpu;

/**
 * A float32 {@code tanh} that C2 can vectorize, unlike {@code Math.tanh} (a call per element,
 * about 50 ns each on a 2021 server core).
 *
 * <p>On {@code |x| <= 9.5} it is the rational function {@code x P(x^2) / Q(x^2)} of degrees 11/8,
 * fitted by us (iteratively reweighted least squares on the relative error) to a relative error
 * of 2.4e-9, a twentieth of a float ulp; from 9.011 on the float tanh is exactly ±1, and
 * clamping the input at 9.5 yields that. The function is evaluated in double, so its only
 * visible error is the final rounding to float: at most 1 ulp from the correctly rounded result
 * (the unit test checks this against {@code Math.tanh} over a dense grid of floats). Evaluating
 * it in float instead would be about twice as fast and up to 5 ulp off.
 *
 * <p>C2 does not vectorize loops that mix float and double, so each chunk goes through three
 * loops: widen to a small double buffer, evaluate in place, narrow back. Where the JVM has the
 * incubating Vector API, {@link VectorTanh} evaluates the same function in registers instead.
 *
 * <p>Public so that hand-written float code (the training-step benchmark's hand-written side)
 * can use exactly the tanh the tensor runtime uses; tensor code reaches it through {@code
 * Tensor.tanh()}.
 */
public final class FastTanh {
  private FastTanh() {}

  /** Beyond this the float32 tanh is exactly ±1 (it is from 9.011 on). */
  static final double LIMIT = 9.5;

  static final double P1 = 1.36587685822628313e-01;
  static final double P2 = 3.84183888676758274e-03;
  static final double P3 = 2.74742643543257881e-05;
  static final double P4 = 2.93121997034148436e-08;
  static final double P5 = -1.12728513215327633e-11;
  static final double Q1 = 4.69921004762879735e-01;
  static final double Q2 = 2.71488674555434434e-02;
  static final double Q3 = 3.89196426137712376e-04;
  static final double Q4 = 1.25021996982943481e-06;

  private static final int CHUNK = 512;

  /**
   * Each thread's double buffer (4 KB, kept): allocating it per call cost about as much as
   * evaluating a small layer's tanh, since every new array is zeroed in memory not yet in cache.
   */
  private static final ThreadLocal<double[]> BUFFER = ThreadLocal.withInitial(() -> new double[CHUNK]);

  /**
   * Whether {@link #tanh(float[], float[], int, int)} runs {@link VectorTanh} (the same bits,
   * without the double buffer): where the JVM has the incubating Vector API ({@link VectorApi}).
   */
  static final boolean VECTORIZED = VectorApi.ENABLED;

  /** {@code out[i] = tanh(x[i])} for {@code i} in {@code [from, to)}. */
  public static void tanh(float[] x, float[] out, int from, int to) {
    if (VECTORIZED) {
      VectorTanh.tanh(x, out, from, to); // resolved, and its class loaded, only on this branch
      return;
    }
    plainTanh(x, out, from, to);
  }

  /** The plain-Java path of {@link #tanh(float[], float[], int, int)}, for tests to compare. */
  static void plainTanh(float[] x, float[] out, int from, int to) {
    double[] buffer = BUFFER.get();
    for (int start = from; start < to; start += CHUNK) {
      int n = Math.min(CHUNK, to - start);
      widen(x, start, buffer, n);
      evaluate(buffer, n);
      narrow(buffer, out, start, n);
    }
  }

  /** The approximation for one float (same result as the array form). */
  public static float tanh(float x) {
    double v = Math.max(-LIMIT, Math.min(LIMIT, x));
    return (float) rational(v);
  }

  private static void widen(float[] x, int start, double[] buffer, int n) {
    for (int i = 0; i < n; i++) {
      buffer[i] = x[start + i];
    }
  }

  private static void narrow(double[] buffer, float[] out, int start, int n) {
    for (int i = 0; i < n; i++) {
      out[start + i] = (float) buffer[i];
    }
  }

  private static void evaluate(double[] v, int n) {
    for (int i = 0; i < n; i++) {
      v[i] = rational(Math.max(-LIMIT, Math.min(LIMIT, v[i])));
    }
  }

  private static double rational(double v) {
    double z = v * v;
    double p = ((((P5 * z + P4) * z + P3) * z + P2) * z + P1) * z + 1.0;
    double q = (((Q4 * z + Q3) * z + Q2) * z + Q1) * z + 1.0;
    return v * p / q;
  }
}
