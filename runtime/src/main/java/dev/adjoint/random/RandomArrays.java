package dev.adjoint.random;

import java.util.Arrays;

/**
 * Random samples drawn from a {@link RandomKey}, returned as primitive arrays in row-major order
 * for the requested shape: the numbers {@code jax.random} gives for the same key, shape and dtype.
 *
 * <p>Every method is a pure function of its arguments: no state, no locks, safe to call from any
 * number of threads, and the same on every machine. Results depend on the number of elements, not
 * on how they are arranged: {@code normal(key, 6)} and {@code normal(key, 2, 3)} hold the same six
 * numbers. Float32 is the default, as in JAX; the {@code ...Double} methods are JAX's float64
 * samplers (what JAX computes with {@code jax_enable_x64}).
 *
 * <p>A shape is given as dimensions, {@code normal(key, 16, 2)} for a 16x2 matrix; the empty shape
 * is a scalar (one element). A negative dimension, or more elements than fit in a Java array, is
 * an {@link IllegalArgumentException} naming the operation and the shape.
 *
 * <p>Every sampler follows the key's {@link ThreefryMode}: the same seed gives the numbers of JAX
 * up to 0.4.x with a classic key, those of JAX 0.5.0 and later with a partitionable one.
 *
 * <p>This class is the array layer: tensor-returning samplers wrap these methods.
 */
public final class RandomArrays {

  private RandomArrays() {}

  private static final int FLOAT_MANTISSA_BITS = 23;
  private static final int DOUBLE_MANTISSA_BITS = 52;
  private static final int FLOAT_ONE_BITS = Float.floatToRawIntBits(1f);
  private static final long DOUBLE_ONE_BITS = Double.doubleToRawLongBits(1.0);
  private static final float SQRT2_FLOAT = (float) Math.sqrt(2.0);
  private static final double SQRT2_DOUBLE = Math.sqrt(2.0);

  // ---------------------------------------------------------------------------------------------
  // raw bits

  /**
   * Uniformly random 32-bit words, as {@code jax.random.bits(key, shape, jnp.uint32)}. Each word
   * is an unsigned value carried in an {@code int} (use {@link Integer#toUnsignedLong} to read
   * it).
   */
  public static int[] bits(RandomKey key, int... shape) {
    return Threefry.words(requireKey("bits", key), Shapes.size("bits", shape));
  }

  /**
   * Uniformly random 64-bit words, as {@code jax.random.bits(key, shape, jnp.uint64)} with {@code
   * jax_enable_x64}: for a classic key element {@code i} joins word {@code i} (high half) and word
   * {@code n + i} (low half) of the key's stream over {@code 2n} counters; for a partitionable key
   * it joins the two output words of block {@code (0, i)}. Unsigned values carried in {@code
   * long}s.
   */
  public static long[] bits64(RandomKey key, int... shape) {
    requireKey("bits64", key);
    int n = Shapes.size("bits64", shape);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = Threefry.word64(key, i, n);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // uniform

  /** Uniform float32 samples in [0, 1), as {@code jax.random.uniform(key, shape)}. */
  public static float[] uniform(RandomKey key, int... shape) {
    return uniform(key, shape, 0f, 1f);
  }

  /**
   * Uniform float32 samples in [{@code minval}, {@code maxval}), as {@code jax.random.uniform(key,
   * shape, minval=minval, maxval=maxval)}.
   *
   * <p>How: each 32-bit word keeps its top 23 bits as the mantissa of a float in [1, 2) (exponent
   * of 1.0), from which 1 is subtracted, giving a multiple of 2^-23 in [0, 1). That value {@code f}
   * becomes {@code max(minval, f * (maxval - minval) + minval)}, each operation rounded to float32.
   * The {@code max} keeps rounding from producing values below {@code minval}; rounding can still
   * produce {@code maxval} itself when the range is narrow compared with the magnitude of its
   * endpoints (say [1000, 1001)), exactly as in JAX.
   */
  public static float[] uniform(RandomKey key, int[] shape, float minval, float maxval) {
    requireKey("uniform", key);
    int n = Shapes.size("uniform", shape);
    int[] bits = Threefry.words(key, n);
    float[] out = new float[n];
    float range = maxval - minval;
    for (int i = 0; i < n; i++) {
      out[i] = Math.max(minval, unitFloat(bits[i]) * range + minval);
    }
    return out;
  }

  /** Uniform float64 samples in [0, 1), as {@code jax.random.uniform(key, shape, jnp.float64)}. */
  public static double[] uniformDouble(RandomKey key, int... shape) {
    return uniformDouble(key, shape, 0.0, 1.0);
  }

  /**
   * Uniform float64 samples in [{@code minval}, {@code maxval}), as {@code jax.random.uniform}
   * with dtype float64: as {@link #uniform(RandomKey, int[], float, float)}, with 64-bit words
   * ({@link #bits64}) whose top 52 bits fill a double's mantissa.
   */
  public static double[] uniformDouble(RandomKey key, int[] shape, double minval, double maxval) {
    requireKey("uniformDouble", key);
    int n = Shapes.size("uniformDouble", shape);
    double[] out = new double[n];
    double range = maxval - minval;
    for (int i = 0; i < n; i++) {
      out[i] = Math.max(minval, unitDouble(Threefry.word64(key, i, n)) * range + minval);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // normal

  /**
   * Standard normal float32 samples, as {@code jax.random.normal(key, shape)}.
   *
   * <p>How (inverse transform sampling, JAX's way): a uniform sample {@code u} is drawn as by
   * {@link #uniform(RandomKey, int[], float, float)} on [{@code lo}, 1), where {@code lo} is the
   * float just above -1, so that {@code u} is never -1; then {@code z = sqrt(2) * erfinv(u)} (the
   * standard normal quantile of {@code (u + 1) / 2}). In float32 the range {@code 1 - lo} rounds
   * to exactly 2, so {@code u} is {@code 2f + lo} rounded, for the [0, 1) value {@code f} taken
   * from the word's top 23 bits. The inverse error function is XLA's
   * single-precision polynomial approximation evaluated step by step in float32, so the samples
   * agree with JAX's to the last bit, or within about one unit in the last place where XLA's
   * backend computes its internal {@code log1p} differently.
   */
  public static float[] normal(RandomKey key, int... shape) {
    requireKey("normal", key);
    int n = Shapes.size("normal", shape);
    int[] bits = Threefry.words(key, n);
    float[] out = new float[n];
    float lo = Math.nextUp(-1f);
    float range = 1f - lo;
    for (int i = 0; i < n; i++) {
      float u = Math.max(lo, unitFloat(bits[i]) * range + lo);
      out[i] = SQRT2_FLOAT * XlaMath.erfInv(u);
    }
    return out;
  }

  /**
   * Standard normal float64 samples, as {@code jax.random.normal(key, shape, jnp.float64)}: the
   * same construction as {@link #normal} on 64-bit uniform samples, with XLA's double-precision
   * inverse error function.
   */
  public static double[] normalDouble(RandomKey key, int... shape) {
    requireKey("normalDouble", key);
    int n = Shapes.size("normalDouble", shape);
    double[] out = new double[n];
    double lo = Math.nextUp(-1.0);
    double range = 1.0 - lo;
    for (int i = 0; i < n; i++) {
      double u = Math.max(lo, unitDouble(Threefry.word64(key, i, n)) * range + lo);
      out[i] = SQRT2_DOUBLE * XlaMath.erfInv(u);
    }
    return out;
  }

  /**
   * Float32 samples of a standard normal truncated to ({@code lower}, {@code upper}), as {@code
   * jax.random.truncated_normal(key, lower, upper, shape)}.
   *
   * <p>How: {@code a = erf(lower / sqrt 2)} and {@code b = erf(upper / sqrt 2)} bound a uniform
   * sample {@code u} in [a, b) (drawn as by {@link #uniform(RandomKey, int[], float, float)});
   * then {@code sqrt(2) * erfinv(u)}, clamped into the open interval by one float on each side.
   * {@code erf} is the float32 rational approximation XLA uses.
   *
   * @throws IllegalArgumentException if {@code lower >= upper} or either is NaN
   */
  public static float[] truncatedNormal(RandomKey key, float lower, float upper, int... shape) {
    requireKey("truncatedNormal", key);
    int n = Shapes.size("truncatedNormal", shape);
    if (!(lower < upper)) {
      throw new IllegalArgumentException(
          "truncatedNormal: need lower < upper, got lower=" + lower + ", upper=" + upper);
    }
    float a = XlaMath.erf(lower / SQRT2_FLOAT);
    float b = XlaMath.erf(upper / SQRT2_FLOAT);
    float range = b - a;
    float min = Math.nextUp(lower);
    float max = Math.nextDown(upper);
    int[] bits = Threefry.words(key, n);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      float u = Math.max(a, unitFloat(bits[i]) * range + a);
      float z = SQRT2_FLOAT * XlaMath.erfInv(u);
      out[i] = Math.min(max, Math.max(min, z));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // integers

  /**
   * Integers in [{@code minval}, {@code maxval}), as {@code jax.random.randint(key, shape, minval,
   * maxval)} with dtype int32; if {@code maxval <= minval} every element is {@code minval}.
   *
   * <p>How (JAX's algorithm, reproduced with its unsigned 32-bit wrapping arithmetic): the key is
   * split in two and each half gives one word per element, {@code hi} and {@code lo}. With {@code
   * span = maxval - minval} (unsigned) and {@code m = (2^16 mod span)^2 mod span} (which is {@code
   * 2^32 mod span} whenever that product does not wrap, and 0 when {@code span > 2^16}), the
   * result is {@code minval + ((hi mod span) * m + lo mod span) mod span}. The modulo makes the
   * distribution slightly non-uniform unless {@code span} is a power of two; for small spans (such
   * as batch indices) the bias is about {@code span / 2^64} and invisible, for spans above 2^16 it
   * is up to about {@code span / 2^32}. We keep it so that the numbers match JAX's.
   */
  public static int[] randint(RandomKey key, int[] shape, int minval, int maxval) {
    requireKey("randint", key);
    int n = Shapes.size("randint", shape);
    RandomKey[] halves = key.split();
    int[] hi = Threefry.words(halves[0], n);
    int[] lo = Threefry.words(halves[1], n);
    int span = maxval <= minval ? 1 : maxval - minval; // wraps to the unsigned difference
    int multiplier = Integer.remainderUnsigned(1 << 16, span);
    multiplier = Integer.remainderUnsigned(multiplier * multiplier, span);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int offset =
          Integer.remainderUnsigned(hi[i], span) * multiplier
              + Integer.remainderUnsigned(lo[i], span);
      out[i] = minval + Integer.remainderUnsigned(offset, span);
    }
    return out;
  }

  /**
   * A random permutation of {@code 0, 1, ..., n-1}, as {@code jax.random.permutation(key, n)}.
   *
   * <p>How (JAX's algorithm): a fixed number of rounds {@code r = ceil(3 ln n / ln(2^32 - 1))} (one
   * round for {@code n <= 1625}, two up to about 2.6 million); in each round the key is split into
   * {@code (key, subkey)}, every element gets a random unsigned 32-bit sort key from {@code
   * subkey}, and the elements are stably sorted by it. Repeated sorts make a tie in the sort keys
   * (which would favour the existing order) unlikely, at the cost of {@code O(n log n)} per round.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public static int[] permutation(RandomKey key, int n) {
    requireKey("permutation", key);
    if (n < 0) {
      throw new IllegalArgumentException("permutation: n must not be negative, got " + n);
    }
    int[] values = new int[n];
    Arrays.setAll(values, i -> i);
    int rounds = permutationRounds(n);
    long[] keyed = new long[n];
    for (int round = 0; round < rounds; round++) {
      RandomKey[] keys = key.split();
      key = keys[0];
      int[] sortKeys = Threefry.words(keys[1], n);
      // sort key in the high half (sign bit flipped, so that signed order is unsigned order),
      // current position in the low half: distinct longs ordered stably by sort key
      for (int i = 0; i < n; i++) {
        keyed[i] = ((long) (sortKeys[i] ^ Integer.MIN_VALUE) << 32) | i;
      }
      Arrays.sort(keyed);
      int[] next = new int[n];
      for (int i = 0; i < n; i++) {
        next[i] = values[(int) keyed[i]];
      }
      values = next;
    }
    return values;
  }

  /** The number of sorting rounds JAX's shuffle uses for {@code n} elements. */
  static int permutationRounds(int n) {
    double uint32Max = 4294967295.0;
    return (int) Math.ceil(3 * Math.log(Math.max(1, n)) / Math.log(uint32Max));
  }

  // ---------------------------------------------------------------------------------------------

  /** The top 23 bits of {@code word} as a float in [0, 1): a float in [1, 2) minus one. */
  static float unitFloat(int word) {
    return Float.intBitsToFloat((word >>> (32 - FLOAT_MANTISSA_BITS)) | FLOAT_ONE_BITS) - 1f;
  }

  /** The top 52 bits of {@code word} as a double in [0, 1): a double in [1, 2) minus one. */
  static double unitDouble(long word) {
    return Double.longBitsToDouble((word >>> (64 - DOUBLE_MANTISSA_BITS)) | DOUBLE_ONE_BITS) - 1.0;
  }

  private static RandomKey requireKey(String operation, RandomKey key) {
    if (key == null) {
      throw new IllegalArgumentException(operation + ": key must not be null");
    }
    return key;
  }
}
