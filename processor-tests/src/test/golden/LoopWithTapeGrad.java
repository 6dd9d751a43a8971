package golden;

import dev.adjoint.tape.Tape;
import javax.annotation.processing.Generated;

/**
 * Derivatives of the {@code @Differentiable} methods of {@link LoopWithTape}, written at compile time by
 * Adjoint's annotation processor. Regenerated on every build: edit {@code LoopWithTape} instead.
 *
 * <p>Each {@code xVjp} method holds the derivative code: a forward sweep that runs the original
 * statements and keeps what the adjoint sweep needs, then an adjoint sweep that visits them in
 * reverse. {@code xGrad} and {@code xValueAndGrad} call it with a result adjoint of one.
 */
@Generated(
    value = "dev.adjoint.processor.DifferentiableProcessor",
    comments = "derivatives of golden.LoopWithTape"
)
public final class LoopWithTapeGrad {
  private LoopWithTapeGrad() {
  }

  /**
   * Gradient of {@link LoopWithTape#logistic(double, double, int)} with respect to {@code r}, {@code x0}.
   */
  public static LogisticGradient logisticGrad(double r, double x0, int steps) {
    return logisticVjp(r, x0, steps, 1.0).grad();
  }

  /**
   * Value and gradient of {@link LoopWithTape#logistic(double, double, int)} (with respect to {@code r}, {@code x0}), in one pass.
   */
  public static LogisticValueAndGrad logisticValueAndGrad(double r, double x0, int steps) {
    return logisticVjp(r, x0, steps, 1.0);
  }

  /**
   * Value of {@link LoopWithTape#logistic(double, double, int)}, and its gradient scaled by {@code resultBar} (a vector-Jacobian
   * product). Holds the derivative code; other generated code calls it to differentiate
   * through this method.
   */
  public static LogisticValueAndGrad logisticVjp(double r, double x0, int steps, double resultBar) {
    Tape tape = Tape.forCurrentThread();
    long tapeMark = tape.mark();
    try {
      // forward sweep
      double x = x0;
      for (int i = 0; i < steps; i++) {
        tape.pushDouble(x);
        x = r * x * (1 - x);
      }
      double value = x;

      // adjoint sweep: each block differentiates a source line, last line first
      double xBar = 0.0;
      double x0Bar = 0.0;
      double rBar = 0.0;

      // adjoint of line 13: return x;
      xBar = resultBar;

      // adjoint of the loop at line 10: for (int i = 0; i < steps; i++)
      for (int i = steps - 1; i >= 0; i--) {
        // adjoint of line 11: x = r * x * (1 - x)
        x = tape.popDouble();
        double xBarBefore = xBar;
        rBar += (1 - x) * x * xBarBefore;
        xBar = (r * (1 - x) - r * x) * xBarBefore;
      }

      // adjoint of line 9: double x = x0;
      x0Bar = xBar;
      return new LogisticValueAndGrad(value, new LogisticGradient(rBar, x0Bar));
    } finally {
      tape.truncate(tapeMark);
    }
  }

  /**
   * Gradient of {@link LoopWithTape#logistic(double, double, int)} with respect to {@code r}, {@code x0}: one component per parameter.
   */
  public record LogisticGradient(double r, double x0) {
  }

  /**
   * The value of {@link LoopWithTape#logistic(double, double, int)} and its gradient, computed in one pass.
   */
  public record LogisticValueAndGrad(double value, LogisticGradient grad) {
  }
}
