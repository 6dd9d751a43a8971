package dev.adjoint.examples.data;

/**
 * NumPy's legacy global generator, enough of it to reproduce a tutorial's data: after {@code
 * numpy.random.seed(seed)}, {@link #rand(int)} gives the numbers of {@code numpy.random.rand(n)}
 * bit for bit.
 *
 * <p>That generator is the 32-bit Mersenne Twister (MT19937, Matsumoto and Nishimura 1998) seeded
 * by the reference {@code init_genrand} recurrence, and each double takes 53 bits from two
 * outputs: {@code ((a >>> 5) * 2^26 + (b >>> 6)) / 2^53}. Library generators do not give this
 * stream: Commons RNG seeds its Mersenne Twister with {@code init_by_array} even for one integer,
 * and Commons Math 3 builds its doubles from 52 bits. So the few lines are here, checked against
 * values NumPy printed.
 *
 * <p>Not thread-safe: one instance is one stream, as NumPy's is.
 */
public final class NumpyLegacyRandom {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;

  private final int[] mt = new int[N];
  private int index;

  private NumpyLegacyRandom(long seed) {
    mt[0] = (int) seed;
    for (int i = 1; i < N; i++) {
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    index = N; // the first draw regenerates the whole state, as NumPy's does
  }

  /**
   * The generator {@code numpy.random.seed(seed)} sets up.
   *
   * @throws IllegalArgumentException if {@code seed} is outside [0, 2^32 - 1], as NumPy rejects it
   */
  public static NumpyLegacyRandom seeded(long seed) {
    if (seed < 0 || seed > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "NumpyLegacyRandom: a seed must be between 0 and 2^32 - 1, got " + seed);
    }
    return new NumpyLegacyRandom(seed);
  }

  /** The next 32-bit output (unsigned, in an {@code int}). */
  int nextWord() {
    if (index >= N) {
      regenerate();
    }
    int y = mt[index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y;
  }

  private void regenerate() {
    for (int i = 0; i < N; i++) {
      int y = (mt[i] & UPPER_MASK) | (mt[(i + 1) % N] & LOWER_MASK);
      mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
    }
    index = 0;
  }

  /** The next double in [0, 1), as {@code numpy.random.random_sample()}. */
  public double nextDouble() {
    long a = nextWord() >>> 5;
    long b = nextWord() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** The next {@code n} doubles in [0, 1), as {@code numpy.random.rand(n)}. */
  public double[] rand(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("rand: n must not be negative, got " + n);
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = nextDouble();
    }
    return out;
  }
}
