package dev.adjoint.backend;

/**
 * The float32 scalars of one step of optax's {@code adam(lr)} or {@code adamw(lr, ...)} applied to
 * parameters, for a backend that runs the whole step in one pass ({@link Backend#adamApply}): with
 * {@code g}, {@code m}, {@code v}, {@code p} one element of a leaf,
 *
 * <pre>
 *   m' = c1 g + b1 m
 *   v' = c2 (g g) + b2 v
 *   u  = (m' / bc1) / (sqrt(v' / bc2) + eps)
 *   u' = u + p weightDecay          (AdamW, on the leaves its mask decays; else u' = u)
 *   p' = p + u' factor
 * </pre>
 *
 * each operation rounded to float32 in this order. The host rounds the constants as JAX rounds
 * Python floats ({@code c1 = 1 - b1}, {@code bc1 = 1 - b1^t} and so on, {@code factor = -lr}), so
 * the result has the bits of optax's stages run one after another.
 */
public record FusedAdamStep(float b1, float b2, float c1, float c2, float bc1, float bc2, float eps, float factor,
    float weightDecay) {

  /** The step's new leaves, in the order of its inputs; fresh storage, the inputs are unchanged. */
  public record Result(Storage[] params, Storage[] mu, Storage[] nu) {}

  /** The scalars in the order of the kernel's {@code AdamApplyConstants}, as 32-bit words. */
  public int[] words() {
    float[] f = {b1, b2, c1, c2, bc1, bc2, eps, factor, weightDecay};
    int[] words = new int[f.length];
    for (int i = 0; i < f.length; i++) {
      words[i] = Float.floatToRawIntBits(f[i]);
    }
    return words;
  }
}
