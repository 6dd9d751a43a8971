package dev.adjoint.random;

import java.util.Arrays;

/**
 * The fan-in and fan-out of a weight array: how many inputs feed each output unit, and how many
 * outputs each input unit feeds. Variance-scaling initializers ({@link Initializers}) scale their
 * samples by these.
 *
 * <p>Adjoint's networks follow the seeds' {@code w @ x} convention, so a dense layer's weight
 * matrix has shape {@code [out, in]}, and a convolution kernel {@code [out, in, k1, k2, ...]}
 * (PyTorch's layout): {@link #of} reads them that way. JAX's {@code jax.nn.initializers} assume
 * the transposed {@code x @ w} convention instead, {@code [in, out]} for a dense layer and {@code
 * [k1, k2, ..., in, out]} for a kernel ({@code in_axis=-2, out_axis=-1}): {@link #ofJaxLayout}
 * reads that. Both give the same two numbers for the same layer; they differ in which dimension is
 * which.
 *
 * @param fanIn inputs per output unit, times the receptive field size
 * @param fanOut outputs per input unit, times the receptive field size
 */
public record Fans(double fanIn, double fanOut) {

  /**
   * The fans of a weight array of shape {@code [out, in, k1, k2, ...]}: {@code fanIn = in * k1 *
   * k2 * ...} and {@code fanOut = out * k1 * k2 * ...}.
   *
   * @throws IllegalArgumentException if the shape has fewer than two dimensions or a negative one
   */
  public static Fans of(int... shape) {
    requireRank(shape, "[out, in, ...]");
    double receptiveField = 1;
    for (int i = 2; i < shape.length; i++) {
      receptiveField *= shape[i];
    }
    return new Fans(shape[1] * receptiveField, shape[0] * receptiveField);
  }

  /**
   * The fans of a weight array in JAX's default layout {@code [..., in, out]} (a dense {@code [in,
   * out]} matrix, a kernel {@code [k1, k2, ..., in, out]}), as {@code
   * jax.nn.initializers.variance_scaling} computes them with its default axes.
   *
   * @throws IllegalArgumentException if the shape has fewer than two dimensions or a negative one
   */
  public static Fans ofJaxLayout(int... shape) {
    requireRank(shape, "[..., in, out]");
    int rank = shape.length;
    double receptiveField = 1;
    for (int i = 0; i < rank - 2; i++) {
      receptiveField *= shape[i];
    }
    return new Fans(shape[rank - 2] * receptiveField, shape[rank - 1] * receptiveField);
  }

  private static void requireRank(int[] shape, String layout) {
    Shapes.size("fans", shape);
    if (shape.length < 2) {
      throw new IllegalArgumentException(
          "fans: a weight shape needs at least two dimensions "
              + layout
              + ", got "
              + Arrays.toString(shape));
    }
  }
}
