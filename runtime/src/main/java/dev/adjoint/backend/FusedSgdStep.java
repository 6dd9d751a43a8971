package dev.adjoint.backend;

/**
 * The float32 scalars of one step of optax's {@code sgd(lr)} or {@code sgd(lr, momentum,
 * nesterov)} applied to parameters, for a backend that runs the whole step in one pass
 * ({@link Backend#sgdApply}): with {@code g}, {@code t} (the momentum trace) and {@code p} one
 * element of a leaf,
 *
 * <pre>
 *   t' = g + t decay;   u = nesterov ? g + t' decay : t'      (without a trace: u = g)
 *   p' = p + u factor
 * </pre>
 *
 * each operation rounded to float32 in this order, as the stages {@code trace},
 * {@code scale(-lr)} and {@code applyUpdates} round them one after another ({@code factor = -lr}).
 */
public record FusedSgdStep(float decay, float factor, boolean nesterov) {

  /** The step's new leaves, in the order of its inputs ({@code traces} null without a trace). */
  public record Result(Storage[] params, Storage[] traces) {}

  /**
   * The kernel's {@code SgdApplyConstants} as 32-bit words.
   *
   * @param withTrace whether the leaves carry a momentum trace
   */
  public int[] words(boolean withTrace) {
    return new int[] {Float.floatToRawIntBits(decay), Float.floatToRawIntBits(factor), nesterov ? 1 : 0,
        withTrace ? 1 : 0};
  }
}
