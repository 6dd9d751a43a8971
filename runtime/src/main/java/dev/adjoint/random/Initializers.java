package dev.adjoint.random;

/**
 * Random initial weights, as float32 arrays in row-major order: the math of {@code
 * jax.nn.initializers} and of the seed tutorials' hand-written initializers, ready to be wrapped
 * as tensors.
 *
 * <p>Shapes follow Adjoint's {@code w @ x} convention, {@code [out, in]} for a dense layer and
 * {@code [out, in, k1, k2, ...]} for a kernel; see {@link Fans} for how that differs from JAX's
 * {@code [in, out]}. The fans, and so the scale of the samples, are the same for the same layer
 * either way, but the samples are laid out in the order of the shape they are drawn for: {@code
 * glorotUniform(key, out, in)} is <em>not</em> the transpose of JAX's {@code
 * glorot_uniform()(key, (in, out))}. To reproduce such a JAX matrix exactly, draw it in JAX's
 * layout and transpose it:
 *
 * <pre>{@code
 * // JAX: w = jax.nn.initializers.he_normal()(key, (n_in, n_out))      # used as x @ w
 * float[] wInOut = Initializers.varianceScaling(key, 2.0, FanMode.FAN_IN,
 *     Distribution.TRUNCATED_NORMAL, Fans.ofJaxLayout(nIn, nOut), nIn, nOut);
 * // transpose wInOut to [n_out, n_in] for w @ x
 * }</pre>
 *
 * <p>Each result is a pure function of the key and the shape. Arithmetic is float32, in the same
 * order as JAX's (variance rounded to float32 first, then its square root), so the results are
 * JAX's numbers to within the last bit or so.
 */
public final class Initializers {

  private Initializers() {}

  /** Which fan the variance is divided by. */
  public enum FanMode {
    /** {@code scale / fanIn}: keeps activations' variance in the forward pass (LeCun, He). */
    FAN_IN,
    /** {@code scale / fanOut}: keeps gradients' variance in the backward pass. */
    FAN_OUT,
    /** {@code scale / ((fanIn + fanOut) / 2)}: the compromise of Glorot and Bengio. */
    FAN_AVG
  }

  /** The distribution whose variance is scaled. */
  public enum Distribution {
    /** A normal distribution with the target variance. */
    NORMAL,
    /**
     * A standard normal truncated to (-2, 2), rescaled so that the truncated distribution has the
     * target variance (its standard deviation is divided by 0.8796..., the standard deviation of
     * the standard normal truncated to (-2, 2)). JAX's choice for Glorot, He and LeCun normal.
     */
    TRUNCATED_NORMAL,
    /** A uniform distribution on {@code (-limit, limit)} with {@code limit = sqrt(3 variance)}. */
    UNIFORM
  }

  /** Standard deviation of the standard normal truncated to (-2, 2). */
  private static final float TRUNCATED_STDDEV = (float) 0.87962566103423978;

  /**
   * The seed tutorials' scaled normal: standard normal samples divided by {@code sqrt(fanIn)}, as
   * in {@code jax.random.normal(key, [out, in]) / jnp.sqrt(in)}. For a dense layer this keeps
   * activations of order one when the inputs are. (Plain normal, not truncated; the division is a
   * float32 division by the float32 square root, as JAX does it.)
   *
   * @param shape {@code [out, in]} or {@code [out, in, k1, ...]}
   */
  public static float[] scaledNormal(RandomKey key, int... shape) {
    float sqrtFanIn = (float) Math.sqrt((float) Fans.of(shape).fanIn());
    float[] w = RandomArrays.normal(key, shape);
    for (int i = 0; i < w.length; i++) {
      w[i] = w[i] / sqrtFanIn;
    }
    return w;
  }

  /** Glorot (Xavier) uniform: {@code jax.nn.initializers.glorot_uniform()}. */
  public static float[] glorotUniform(RandomKey key, int... shape) {
    return varianceScaling(key, 1.0, FanMode.FAN_AVG, Distribution.UNIFORM, Fans.of(shape), shape);
  }

  /**
   * Glorot (Xavier) normal: {@code jax.nn.initializers.glorot_normal()}, which, as in JAX, draws
   * from a truncated normal.
   */
  public static float[] glorotNormal(RandomKey key, int... shape) {
    return varianceScaling(
        key, 1.0, FanMode.FAN_AVG, Distribution.TRUNCATED_NORMAL, Fans.of(shape), shape);
  }

  /**
   * He (Kaiming) normal, for ReLU networks: {@code jax.nn.initializers.he_normal()}, variance
   * {@code 2 / fanIn}, drawn from a truncated normal as in JAX.
   */
  public static float[] heNormal(RandomKey key, int... shape) {
    return varianceScaling(
        key, 2.0, FanMode.FAN_IN, Distribution.TRUNCATED_NORMAL, Fans.of(shape), shape);
  }

  /**
   * LeCun normal: {@code jax.nn.initializers.lecun_normal()}, variance {@code 1 / fanIn}, drawn
   * from a truncated normal (Flax's default for dense layers).
   */
  public static float[] lecunNormal(RandomKey key, int... shape) {
    return varianceScaling(
        key, 1.0, FanMode.FAN_IN, Distribution.TRUNCATED_NORMAL, Fans.of(shape), shape);
  }

  /**
   * Samples with variance {@code scale / n}, where {@code n} is the fan chosen by {@code mode}, as
   * {@code jax.nn.initializers.variance_scaling(scale, mode, distribution)}: the general form of
   * the named initializers above.
   *
   * @param fans usually {@code Fans.of(shape)}; pass {@code Fans.ofJaxLayout(shape)} to draw a
   *     weight array in JAX's {@code [in, out]} layout
   * @throws IllegalArgumentException if {@code scale} is not positive and finite, or the shape is
   *     invalid
   */
  public static float[] varianceScaling(
      RandomKey key,
      double scale,
      FanMode mode,
      Distribution distribution,
      Fans fans,
      int... shape) {
    if (!(scale > 0 && Double.isFinite(scale))) {
      throw new IllegalArgumentException(
          "varianceScaling: scale must be positive and finite, got " + scale);
    }
    if (mode == null || distribution == null || fans == null) {
      throw new IllegalArgumentException(
          "varianceScaling: mode, distribution and fans are required");
    }
    double denominator;
    switch (mode) {
      case FAN_IN:
        denominator = fans.fanIn();
        break;
      case FAN_OUT:
        denominator = fans.fanOut();
        break;
      default:
        denominator = (fans.fanIn() + fans.fanOut()) / 2;
    }
    float variance = (float) (scale / denominator);
    float[] w;
    float factor;
    switch (distribution) {
      case NORMAL:
        w = RandomArrays.normal(key, shape);
        factor = (float) Math.sqrt(variance);
        break;
      case TRUNCATED_NORMAL:
        w = RandomArrays.truncatedNormal(key, -2f, 2f, shape);
        factor = (float) Math.sqrt(variance) / TRUNCATED_STDDEV;
        break;
      default:
        w = RandomArrays.uniform(key, shape, -1f, 1f);
        factor = (float) Math.sqrt(3f * variance);
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = w[i] * factor;
    }
    return w;
  }
}
