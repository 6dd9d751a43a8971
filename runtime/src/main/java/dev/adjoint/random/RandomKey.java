package dev.adjoint.random;

/**
 * A random key: an immutable 64-bit value from which all random numbers are derived, the
 * counterpart of a JAX PRNG key ({@code jax.random.PRNGKey} / {@code jax.random.key}).
 *
 * <p>There is no hidden generator state. A key is used up by drawing numbers from it (with
 * {@link RandomArrays}) or by {@linkplain #split() splitting} it into fresh, independent keys; the
 * same key always gives the same numbers, on every thread and every backend. The idiom of the JAX
 * tutorials carries over directly:
 *
 * <pre>{@code
 * RandomKey key = RandomKey.of(42);
 * RandomKey[] keys = key.split();          // subkey, key = jax.random.split(key)
 * RandomKey subkey = keys[0];
 * key = keys[1];
 * float[] w = RandomArrays.normal(subkey, 30, 20);
 * }</pre>
 *
 * <p>Keys are JAX's Threefry-2x32 keys: {@link #of}, {@link #split}, {@link #foldIn} and the
 * samplers in {@link RandomArrays} give bit for bit the numbers JAX gives for the same seed. A key
 * carries its {@link ThreefryMode}: {@link #of(long)} makes JAX's classic keys (the default of
 * JAX releases up to 0.4.x), {@link #of(long, ThreefryMode) of(seed, PARTITIONABLE)} the keys of
 * JAX 0.5.0 and later, where {@code jax_threefry_partitionable} is on by default; keys split or
 * folded from a key keep its mode. The two key words are unsigned 32-bit values held in {@code
 * int}s, as JAX holds them in {@code uint32}.
 */
public final class RandomKey {

  private final int word0;
  private final int word1;
  private final ThreefryMode mode;

  private RandomKey(int word0, int word1, ThreefryMode mode) {
    this.word0 = word0;
    this.word1 = word1;
    this.mode = mode;
  }

  /**
   * The key JAX makes from an integer seed with {@code jax.random.PRNGKey(seed)} or
   * {@code jax.random.key(seed)} in its default 32-bit mode: the words are {@code [0, seed mod
   * 2^32]}. As in JAX (outside {@code jit}), the high 32 bits of a seed outside the {@code int}
   * range are dropped, and a negative seed is taken modulo 2^32 ({@code of(-1)} is {@code [0,
   * 4294967295]}). For the keys JAX makes with {@code jax_enable_x64}, whose first word is the
   * seed's high half, use {@code fromWords((int) (seed >>> 32), (int) seed)}.
   */
  public static RandomKey of(long seed) {
    return of(seed, ThreefryMode.CLASSIC);
  }

  /**
   * The key {@code jax.random.key(seed)} makes under the given mode: the same words as {@link
   * #of(long)}, but splits and samples follow {@code mode}. {@code of(seed, PARTITIONABLE)} gives
   * the numbers of JAX 0.5.0 and later with their default settings.
   */
  public static RandomKey of(long seed, ThreefryMode mode) {
    return new RandomKey(0, (int) seed, requireMode(mode));
  }

  /**
   * The key with the given raw words, as {@code jax.random.wrap_key_data} makes it; each word is
   * an unsigned 32-bit value in an {@code int} ({@code 0xFFFFFFFF} is 4294967295).
   */
  public static RandomKey fromWords(int word0, int word1) {
    return fromWords(word0, word1, ThreefryMode.CLASSIC);
  }

  /** The key with the given raw words, in the given mode (see {@link #fromWords(int, int)}). */
  public static RandomKey fromWords(int word0, int word1, ThreefryMode mode) {
    return new RandomKey(word0, word1, requireMode(mode));
  }

  private static ThreefryMode requireMode(ThreefryMode mode) {
    if (mode == null) {
      throw new IllegalArgumentException("RandomKey: mode must not be null");
    }
    return mode;
  }

  /** The first word (unsigned 32 bits in an {@code int}); {@code jax.random.key_data(key)[0]}. */
  public int word0() {
    return word0;
  }

  /** The second word (unsigned 32 bits in an {@code int}); {@code jax.random.key_data(key)[1]}. */
  public int word1() {
    return word1;
  }

  /** How this key splits and draws bits; keys derived from it share the mode. */
  public ThreefryMode mode() {
    return mode;
  }

  /** Two new keys, as {@code jax.random.split(key)}; the same as {@link #split(int) split(2)}. */
  public RandomKey[] split() {
    return split(2);
  }

  /**
   * {@code n} new keys, as {@code jax.random.split(key, n)}, in this key's mode. Classic: the words
   * of key {@code i} are the words {@code 2i} and {@code 2i + 1} of the Threefry stream of this
   * key over {@code 2n} counters. Partitionable: key {@code i} is the hash of the counter block
   * {@code (0, i)}, the same as {@link #foldIn foldIn(i)}, so the first keys do not depend on
   * {@code n}. The new keys are independent of each other and of this key's own samples.
   *
   * @throws IllegalArgumentException if {@code n} is negative or {@code 2n} exceeds the range of
   *     a 32-bit counter stream that fits in an array
   */
  public RandomKey[] split(int n) {
    if (n < 0 || n > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException(
          "split: the number of keys must be in [0, " + Integer.MAX_VALUE / 2 + "], got " + n);
    }
    RandomKey[] keys = new RandomKey[n];
    if (mode == ThreefryMode.PARTITIONABLE) {
      for (int i = 0; i < n; i++) {
        keys[i] = foldIn(i);
      }
      return keys;
    }
    int[] words = Threefry.words(this, 2 * n);
    for (int i = 0; i < n; i++) {
      keys[i] = new RandomKey(words[2 * i], words[2 * i + 1], mode);
    }
    return keys;
  }

  /**
   * A new key that mixes {@code data} into this one, as {@code jax.random.fold_in(key, data)}:
   * the Threefry hash of the counter pair {@code (0, data)}. Useful to derive a distinct key per
   * step or per worker from one key without splitting ahead of time. {@code data} is taken as an
   * unsigned 32-bit value ({@code -1} means 4294967295), as JAX converts it to {@code uint32}.
   * The same in both {@linkplain ThreefryMode modes}; the new key keeps this key's mode.
   */
  public RandomKey foldIn(int data) {
    long pair = Threefry.hash(word0, word1, 0, data);
    return new RandomKey(Threefry.high(pair), Threefry.low(pair), mode);
  }

  /**
   * {@code count} raw random 32-bit words of this key, as {@code jax.random.bits(key, (count,),
   * jnp.uint32)}; each word is unsigned, carried in an {@code int}. For shaped draws see {@link
   * RandomArrays#bits(RandomKey, int...)}.
   */
  public int[] bits(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("bits: count must not be negative, got " + count);
    }
    return Threefry.words(this, count);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RandomKey
        && ((RandomKey) other).word0 == word0
        && ((RandomKey) other).word1 == word1
        && ((RandomKey) other).mode == mode;
  }

  @Override
  public int hashCode() {
    return (31 * word0 + word1) * 31 + mode.ordinal();
  }

  /**
   * The words as JAX prints key data, unsigned: {@code RandomKey[4146024105 967050713]}, with
   * {@code partitionable} after the words for a partitionable key.
   */
  @Override
  public String toString() {
    return "RandomKey["
        + Integer.toUnsignedString(word0)
        + " "
        + Integer.toUnsignedString(word1)
        + (mode == ThreefryMode.PARTITIONABLE ? " partitionable" : "")
        + "]";
  }
}
