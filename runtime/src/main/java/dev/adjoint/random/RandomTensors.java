package dev.adjoint.random;

import dev.adjoint.random.Initializers.Distribution;
import dev.adjoint.random.Initializers.FanMode;
import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Tensor;

/**
 * Random tensors: {@code jax.random}'s samplers and {@code jax.nn.initializers} returning {@link
 * Tensor}s, as thin wrappers over {@link RandomArrays} and {@link Initializers} (same numbers, same
 * row-major order, in the requested shape). float32 by default, as in JAX; float64 where a
 * {@link DType} is passed ({@code jax_enable_x64}'s samplers, not float32 samples widened).
 *
 * <p>The name avoids a clash with {@code java.util.Random} in user imports. Integer samples
 * ({@link #randint}, {@link #permutation}) come back as {@code int[]}: tensors hold floats, and
 * index arrays are what {@link Tensor#gatherRows} and {@link Tensor#oneHot} take.
 *
 * <pre>{@code
 * RandomKey[] keys = RandomKey.of(0).split();
 * Tensor w1 = RandomTensors.normal(keys[0], 16, 2).mul(1e-2);       // scale * random.normal(w_key, (16, 2))
 * Tensor x = RandomTensors.uniform(keys[1], new int[] {32, 1}, -3, 3); // random.uniform(k, [32, 1], minval=-3, maxval=3)
 * }</pre>
 */
public final class RandomTensors {
  private RandomTensors() {}

  // ---------------------------------------------------------------------------------------------
  // samplers

  /** Standard normal float32 samples: {@code jax.random.normal(key, shape)}. */
  public static Tensor normal(RandomKey key, int... shape) {
    return tensor(RandomArrays.normal(key, shape), shape);
  }

  /** Standard normal samples of the given dtype: {@code jax.random.normal(key, shape, dtype)}. */
  public static Tensor normal(RandomKey key, DType dtype, int... shape) {
    return dtype == DType.FLOAT64 ? tensor(RandomArrays.normalDouble(key, shape), shape) : normal(key, shape);
  }

  /** Uniform float32 samples in [0, 1): {@code jax.random.uniform(key, shape)}. */
  public static Tensor uniform(RandomKey key, int... shape) {
    return tensor(RandomArrays.uniform(key, shape), shape);
  }

  /**
   * Uniform float32 samples in [{@code minval}, {@code maxval}): {@code jax.random.uniform(key,
   * shape, minval=minval, maxval=maxval)} (the bounds rounded to float32, as JAX rounds them).
   */
  public static Tensor uniform(RandomKey key, int[] shape, double minval, double maxval) {
    return tensor(RandomArrays.uniform(key, shape, (float) minval, (float) maxval), shape);
  }

  /** Uniform samples of the given dtype in [{@code minval}, {@code maxval}). */
  public static Tensor uniform(RandomKey key, int[] shape, double minval, double maxval, DType dtype) {
    return dtype == DType.FLOAT64
        ? tensor(RandomArrays.uniformDouble(key, shape, minval, maxval), shape)
        : uniform(key, shape, minval, maxval);
  }

  /** float32 samples of a standard normal truncated to ({@code lower}, {@code upper}): {@code jax.random.truncated_normal}. */
  public static Tensor truncatedNormal(RandomKey key, double lower, double upper, int... shape) {
    return tensor(RandomArrays.truncatedNormal(key, (float) lower, (float) upper, shape), shape);
  }

  /**
   * Integers in [{@code minval}, {@code maxval}) as {@code jax.random.randint(key, shape, minval,
   * maxval)}, row-major: {@link RandomArrays#randint}, here for a one-stop import. Use them as
   * indices ({@code x.gatherRows(rows)}).
   */
  public static int[] randint(RandomKey key, int[] shape, int minval, int maxval) {
    return RandomArrays.randint(key, shape, minval, maxval);
  }

  /** A random permutation of {@code 0 .. n-1}: {@code jax.random.permutation(key, n)}. */
  public static int[] permutation(RandomKey key, int n) {
    return RandomArrays.permutation(key, n);
  }

  /**
   * The rows (first axis) of {@code x} in random order: {@code jax.random.permutation(key, x)},
   * e.g. to shuffle a data set before an epoch.
   */
  public static Tensor permutation(RandomKey key, Tensor x) {
    if (x.rank() == 0) {
      throw new IllegalArgumentException("permutation: needs at least one axis, shape is []");
    }
    return x.gatherRows(RandomArrays.permutation(key, x.shape(0)));
  }

  // ---------------------------------------------------------------------------------------------
  // initializers (float32; weights [out, in], see Fans)

  /** The seeds' {@code normal(key, [out, in]) / sqrt(in)}: {@link Initializers#scaledNormal}. */
  public static Tensor scaledNormal(RandomKey key, int... shape) {
    return tensor(Initializers.scaledNormal(key, shape), shape);
  }

  /** Glorot (Xavier) uniform: {@link Initializers#glorotUniform}. */
  public static Tensor glorotUniform(RandomKey key, int... shape) {
    return tensor(Initializers.glorotUniform(key, shape), shape);
  }

  /** Glorot (Xavier) normal, truncated as in JAX: {@link Initializers#glorotNormal}. */
  public static Tensor glorotNormal(RandomKey key, int... shape) {
    return tensor(Initializers.glorotNormal(key, shape), shape);
  }

  /** He (Kaiming) normal, truncated as in JAX: {@link Initializers#heNormal}. */
  public static Tensor heNormal(RandomKey key, int... shape) {
    return tensor(Initializers.heNormal(key, shape), shape);
  }

  /** He (Kaiming) uniform: {@code jax.nn.initializers.he_uniform()}, variance {@code 2 / fanIn}. */
  public static Tensor heUniform(RandomKey key, int... shape) {
    return tensor(Initializers.varianceScaling(key, 2.0, FanMode.FAN_IN, Distribution.UNIFORM, Fans.of(shape), shape),
        shape);
  }

  /** LeCun normal, truncated as in JAX: {@link Initializers#lecunNormal}. */
  public static Tensor lecunNormal(RandomKey key, int... shape) {
    return tensor(Initializers.lecunNormal(key, shape), shape);
  }

  // ---------------------------------------------------------------------------------------------

  /** The samples in {@code shape}; the empty shape is a rank-0 tensor. */
  private static Tensor tensor(float[] values, int[] shape) {
    return shape.length == 0 ? Tensor.scalar(values[0], DType.FLOAT32) : Tensor.of(values, shape);
  }

  private static Tensor tensor(double[] values, int[] shape) {
    return shape.length == 0 ? Tensor.scalar(values[0], DType.FLOAT64) : Tensor.of(values, DType.FLOAT64, shape);
  }
}
