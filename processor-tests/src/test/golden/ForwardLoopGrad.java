package golden;

import dev.adjoint.rules.MathRules;
import javax.annotation.processing.Generated;

/**
 * Derivatives of the {@code @Differentiable} methods of {@link ForwardLoop}, written at compile time by
 * Adjoint's annotation processor. Regenerated on every build: edit {@code ForwardLoop} instead.
 *
 * <p>Each {@code xVjp} method holds the derivative code: a forward sweep that runs the original
 * statements and keeps what the adjoint sweep needs, then an adjoint sweep that visits them in
 * reverse. {@code xGrad} and {@code xValueAndGrad} call it with a result adjoint of one.
 *
 * <p>Methods in forward mode (with a loop, and one or two scalar parameters to differentiate) have
 * no adjoint sweep: their {@code xVjp} carries each value's derivatives beside it, in one pass.
 */
@Generated(
    value = "dev.adjoint.processor.DifferentiableProcessor",
    comments = "derivatives of golden.ForwardLoop"
)
public final class ForwardLoopGrad {
  private ForwardLoopGrad() {
  }

  /**
   * Gradient of {@link ForwardLoop#logistic(double, double, int)} with respect to {@code r}, {@code x0}.
   */
  public static LogisticGradient logisticGrad(double r, double x0, int steps) {
    return logisticVjp(r, x0, steps, 1.0).grad();
  }

  /**
   * Value and gradient of {@link ForwardLoop#logistic(double, double, int)} (with respect to {@code r}, {@code x0}), in one pass.
   */
  public static LogisticValueAndGrad logisticValueAndGrad(double r, double x0, int steps) {
    return logisticVjp(r, x0, steps, 1.0);
  }

  /**
   * Value of {@link ForwardLoop#logistic(double, double, int)}, and its gradient scaled by {@code resultBar} (a vector-Jacobian
   * product). Holds the derivative code; other generated code calls it to differentiate
   * through this method. In forward mode: one tangent per differentiated parameter, no tape.
   */
  public static LogisticValueAndGrad logisticVjp(double r, double x0, int steps, double resultBar) {
    // forward mode, no tape: each variable v that depends on 'r' or 'x0' carries its tangents
    // vDotR = dv/dr and vDotX0 = dv/dx0, updated beside it
    // partialU: the derivative of the value a statement assigns with respect to u
    double partialX;
    double partialR;
    double x = x0;

    // tangents of line 9: double x = x0;
    double xDotR = 0.0;
    double xDotX0 = 1.0;
    for (int i = 0; i < steps; i++) {
      // tangents of line 11: x = r * x * (1 - x)
      partialX = r * (1 - x) - r * x;
      partialR = (1 - x) * x;
      xDotR = partialX * xDotR + partialR;
      xDotX0 = partialX * xDotX0;
      x = r * x * (1 - x);
    }
    return new LogisticValueAndGrad(x, new LogisticGradient(resultBar * xDotR, resultBar * xDotX0));
  }

  /**
   * Gradient of {@link ForwardLoop#damped(double, double[])} with respect to {@code k}.
   */
  public static double dampedGrad(double k, double[] data) {
    return dampedVjp(k, data, 1.0).grad();
  }

  /**
   * Value and gradient of {@link ForwardLoop#damped(double, double[])} (with respect to {@code k}), in one pass.
   */
  public static DampedValueAndGrad dampedValueAndGrad(double k, double[] data) {
    return dampedVjp(k, data, 1.0);
  }

  /**
   * Value of {@link ForwardLoop#damped(double, double[])}, and its gradient scaled by {@code resultBar} (a vector-Jacobian
   * product). Holds the derivative code; other generated code calls it to differentiate
   * through this method. In forward mode: one tangent per differentiated parameter, no tape.
   */
  public static DampedValueAndGrad dampedVjp(double k, double[] data, double resultBar) {
    // forward mode, no tape: each variable v that depends on 'k' carries its tangent
    // vDot = dv/dk, updated beside it
    // partialU: the derivative of the value a statement assigns with respect to u
    double partialV;
    double partialK;
    double returnValue = 0.0;
    double returnValueDot = 0.0;
    double s = 0;

    // tangents of line 19: double s = 0;
    double sDot = 0.0;
    double v = 1;

    // tangents of line 20: double v = 1;
    double vDot = 0.0;
    boolean breakLoop = false;
    {
      int i = 0;
      while (!breakLoop && i < data.length) {
        if (s > 10) {
          breakLoop = true;
        }
        if (!breakLoop) {
          if (v > 0.5) {
            // tangents of line 25: v = v > 0.5 ? v * Math.exp(-k * data[i]) : v / (1 + k)
            partialV = Math.exp(-k * data[i]);
            partialK = -(MathRules.exp(Math.exp(-k * data[i]), v) * data[i]);
            vDot = partialV * vDot + partialK;
            v *= Math.exp(-k * data[i]);
          } else {
            // tangents of line 25: v = v > 0.5 ? v * Math.exp(-k * data[i]) : v / (1 + k)
            double partial = 1.0 / (1 + k);
            partialK = -(v / (1 + k) * partial);
            vDot = partial * vDot + partialK;
            v /= 1 + k;
          }

          // tangents of line 26: s += v * data[i]
          partialV = data[i];
          sDot += partialV * vDot;
          s += v * data[i];
        }
        if (!breakLoop) {
          i++;
        }
      }
    }
    returnValue = s;

    // tangents of line 28: return s;
    returnValueDot = sDot;
    return new DampedValueAndGrad(returnValue, resultBar * returnValueDot);
  }

  /**
   * Gradient of {@link ForwardLoop#logistic(double, double, int)} with respect to {@code r}, {@code x0}: one component per parameter.
   */
  public record LogisticGradient(double r, double x0) {
  }

  /**
   * The value of {@link ForwardLoop#logistic(double, double, int)} and its gradient, computed in one pass.
   */
  public record LogisticValueAndGrad(double value, LogisticGradient grad) {
  }

  /**
   * The value of {@link ForwardLoop#damped(double, double[])} and its gradient, computed in one pass.
   */
  public record DampedValueAndGrad(double value, double grad) {
  }
}
