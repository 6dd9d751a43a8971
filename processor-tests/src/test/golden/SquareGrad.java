package golden;

import javax.annotation.processing.Generated;

/**
 * Derivatives of the {@code @Differentiable} methods of {@link Square}, written at compile time by
 * Adjoint's annotation processor. Regenerated on every build: edit {@code Square} instead.
 *
 * <p>Each {@code xVjp} method holds the derivative code: a forward sweep that runs the original
 * statements and keeps what the adjoint sweep needs, then an adjoint sweep that visits them in
 * reverse. {@code xGrad} and {@code xValueAndGrad} call it with a result adjoint of one.
 */
@Generated(
    value = "dev.adjoint.processor.DifferentiableProcessor",
    comments = "derivatives of golden.Square"
)
public final class SquareGrad {
  private SquareGrad() {
  }

  /**
   * Gradient of {@link Square#square(double)} with respect to {@code x}.
   */
  public static double squareGrad(double x) {
    return squareVjp(x, 1.0).grad();
  }

  /**
   * Value and gradient of {@link Square#square(double)} (with respect to {@code x}), in one pass.
   */
  public static SquareValueAndGrad squareValueAndGrad(double x) {
    return squareVjp(x, 1.0);
  }

  /**
   * Value of {@link Square#square(double)}, and its gradient scaled by {@code resultBar} (a vector-Jacobian
   * product). Holds the derivative code; other generated code calls it to differentiate
   * through this method.
   */
  public static SquareValueAndGrad squareVjp(double x, double resultBar) {
    // forward sweep
    double value = x * x;

    // adjoint sweep: each block differentiates a source line, last line first
    double xBar = 0.0;

    // adjoint of line 8: return x * x;
    xBar = 2.0 * x * resultBar;
    return new SquareValueAndGrad(value, xBar);
  }

  /**
   * The value of {@link Square#square(double)} and its gradient, computed in one pass.
   */
  public record SquareValueAndGrad(double value, double grad) {
  }
}
