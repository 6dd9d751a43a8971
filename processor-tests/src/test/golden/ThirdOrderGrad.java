package golden;

import dev.adjoint.rules.MathRules;
import javax.annotation.processing.Generated;

/**
 * Derivatives of the {@code @Differentiable} methods of {@link ThirdOrder}, written at compile time by
 * Adjoint's annotation processor. Regenerated on every build: edit {@code ThirdOrder} instead.
 *
 * <p>Each {@code xVjp} method holds the derivative code: a forward sweep that runs the original
 * statements and keeps what the adjoint sweep needs, then an adjoint sweep that visits them in
 * reverse. {@code xGrad} and {@code xValueAndGrad} call it with a result adjoint of one.
 */
@Generated(
    value = "dev.adjoint.processor.DifferentiableProcessor",
    comments = "derivatives of golden.ThirdOrder"
)
public final class ThirdOrderGrad {
  private ThirdOrderGrad() {
  }

  /**
   * Gradient of {@link ThirdOrder#gaussian(double)} with respect to {@code x}.
   */
  public static double gaussianGrad(double x) {
    return gaussianVjp(x, 1.0).grad();
  }

  /**
   * Value and gradient of {@link ThirdOrder#gaussian(double)} (with respect to {@code x}), in one pass.
   */
  public static GaussianValueAndGrad gaussianValueAndGrad(double x) {
    return gaussianVjp(x, 1.0);
  }

  /**
   * Value of {@link ThirdOrder#gaussian(double)}, and its gradient scaled by {@code resultBar} (a vector-Jacobian
   * product). Holds the derivative code; other generated code calls it to differentiate
   * through this method.
   */
  public static GaussianValueAndGrad gaussianVjp(double x, double resultBar) {
    // forward sweep
    double value = Math.exp(-x * x / 2);

    // adjoint sweep: each block differentiates a source line, last line first
    double xBar = 0.0;

    // adjoint of line 8: return Math.exp(-x * x / 2);
    double partial = MathRules.exp(value, resultBar) / 2;
    xBar = (-x - x) * partial;
    return new GaussianValueAndGrad(value, xBar);
  }

  /**
   * Derivative number 2 of {@link ThirdOrder#gaussian(double)} with respect to {@code x}: the forward derivative of
   * the code of the derivative number 1.
   */
  public static double gaussianGrad2(double x) {
    double xDot = 1.0;

    // forward sweep
    double valueDot = MathRules.exp(Math.exp(-x * x / 2), (-xDot * x + (-x * xDot)) / 2);
    double value = Math.exp(-x * x / 2);

    // adjoint sweep: each block differentiates a source line, last line first
    double xBarDot = 0.0;

    // adjoint of line 8: return Math.exp(-x * x / 2);
    // inlined: MathRules.exp
    double resultBar = 1.0;
    double expDot = resultBar * valueDot;
    double exp = resultBar * value;
    double partialDot = expDot / 2;
    double partial = exp / 2;
    xBarDot = (-xDot - xDot) * partial + (-x - x) * partialDot;
    return xBarDot;
  }

  /**
   * Derivative number 3 of {@link ThirdOrder#gaussian(double)} with respect to {@code x}: the forward derivative of
   * the code of the derivative number 2.
   */
  public static double gaussianGrad3(double x) {
    double xDot2 = 1.0;
    double xDot = 1.0;

    // forward sweep
    // inlined: MathRules.exp
    double resultDot = MathRules.exp(Math.exp(-x * x / 2), (-xDot2 * x + (-x * xDot2)) / 2);
    double result = Math.exp(-x * x / 2);
    double resultBar2Dot = (-xDot * xDot2 + (-xDot2 * xDot)) / 2;
    double resultBar2 = (-xDot * x + (-x * xDot)) / 2;
    double exp2Dot = resultBar2Dot * result + resultBar2 * resultDot;
    double exp2 = resultBar2 * result;
    double valueDotDot = exp2Dot;
    double valueDot = exp2;
    double valueDot2 = MathRules.exp(Math.exp(-x * x / 2), (-xDot2 * x + (-x * xDot2)) / 2);

    // adjoint sweep: each block differentiates a source line, last line first
    double xBarDotDot = 0.0;

    // adjoint of line 8: return Math.exp(-x * x / 2);
    // inlined: MathRules.exp
    double resultBar = 1.0;
    double expDotDot = resultBar * valueDotDot;
    double expDot = resultBar * valueDot;
    double expDot2 = resultBar * valueDot2;
    double partialDotDot = expDotDot / 2;
    double partialDot = expDot / 2;
    double partialDot2 = expDot2 / 2;
    xBarDotDot = (-xDot - xDot) * partialDot2 + ((-xDot2 - xDot2) * partialDot + (-x - x) * partialDotDot);
    return xBarDotDot;
  }

  /**
   * The value of {@link ThirdOrder#gaussian(double)} and its gradient, computed in one pass.
   */
  public record GaussianValueAndGrad(double value, double grad) {
  }
}
