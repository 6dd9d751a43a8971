package golden;

import dev.adjoint.rules.MathRules;
import javax.annotation.processing.Generated;

/**
 * Derivatives of the {@code @Differentiable} methods of {@link Calls}, written at compile time by
 * Adjoint's annotation processor. Regenerated on every build: edit {@code Calls} instead.
 *
 * <p>Each {@code xVjp} method holds the derivative code: a forward sweep that runs the original
 * statements and keeps what the adjoint sweep needs, then an adjoint sweep that visits them in
 * reverse. {@code xGrad} and {@code xValueAndGrad} call it with a result adjoint of one.
 */
@Generated(
    value = "dev.adjoint.processor.DifferentiableProcessor",
    comments = "derivatives of golden.Calls"
)
public final class CallsGrad {
  private CallsGrad() {
  }

  /**
   * Gradient of {@link Calls#sigmoid(double)} with respect to {@code z}.
   */
  public static double sigmoidGrad(double z) {
    return sigmoidVjp(z, 1.0).grad();
  }

  /**
   * Value and gradient of {@link Calls#sigmoid(double)} (with respect to {@code z}), in one pass.
   */
  public static SigmoidValueAndGrad sigmoidValueAndGrad(double z) {
    return sigmoidVjp(z, 1.0);
  }

  /**
   * Value of {@link Calls#sigmoid(double)}, and its gradient scaled by {@code resultBar} (a vector-Jacobian
   * product). Holds the derivative code; other generated code calls it to differentiate
   * through this method.
   */
  public static SigmoidValueAndGrad sigmoidVjp(double z, double resultBar) {
    // forward sweep
    double exp = Math.exp(-z);
    double value = 1 / (1 + exp);

    // adjoint sweep: each block differentiates a source line, last line first
    double expBar = 0.0;
    double zBar = 0.0;

    // adjoint of line 8: return 1 / (1 + Math.exp(-z));
    double partial = resultBar / (1 + exp);
    expBar = -(1 / (1 + exp) * partial);

    // adjoint of line 8: return 1 / (1 + Math.exp(-z));
    zBar = -MathRules.exp(exp, expBar);
    return new SigmoidValueAndGrad(value, zBar);
  }

  /**
   * Gradient of {@link Calls#logLikelihood(double[], double, double[], double)} with respect to {@code w}, {@code b}.
   */
  public static LogLikelihoodGradient logLikelihoodGrad(double[] w, double b, double[] x,
      double label) {
    return logLikelihoodVjp(w, b, x, label, 1.0).grad();
  }

  /**
   * Value and gradient of {@link Calls#logLikelihood(double[], double, double[], double)} (with respect to {@code w}, {@code b}), in one pass.
   */
  public static LogLikelihoodValueAndGrad logLikelihoodValueAndGrad(double[] w, double b,
      double[] x, double label) {
    return logLikelihoodVjp(w, b, x, label, 1.0);
  }

  /**
   * Value of {@link Calls#logLikelihood(double[], double, double[], double)}, and its gradient scaled by {@code resultBar} (a vector-Jacobian
   * product). Holds the derivative code; other generated code calls it to differentiate
   * through this method.
   */
  public static LogLikelihoodValueAndGrad logLikelihoodVjp(double[] w, double b, double[] x,
      double label, double resultBar) {
    double[] wBar = new double[w.length];

    // forward sweep
    double z = b;
    for (int j = 0; j < w.length; j++) {
      z += w[j] * x[j];
    }

    // inlined: Calls.sigmoid (line 6)
    double exp = Math.exp(-z);
    double sigmoid = 1 / (1 + exp);
    double p = sigmoid;
    double value = label * Math.log(p) + (1 - label) * Math.log(1 - p);

    // adjoint sweep: each block differentiates a source line, last line first
    double zBar = 0.0;
    double bBar = 0.0;
    double expBar = 0.0;
    double sigmoidBar = 0.0;
    double pBar = 0.0;

    // adjoint of line 19: return label * Math.log(p) + (1 - label) * Math.log(1 - p);
    pBar = MathRules.log(p, label * resultBar);
    pBar += -MathRules.log(1 - p, (1 - label) * resultBar);

    // adjoint of line 18: double p = sigmoid(z);
    sigmoidBar = pBar;

    // adjoint of line 8: return 1 / (1 + Math.exp(-z));
    double partial = sigmoidBar / (1 + exp);
    expBar = -(1 / (1 + exp) * partial);

    // adjoint of line 8: return 1 / (1 + Math.exp(-z));
    zBar = -MathRules.exp(exp, expBar);

    // adjoint of the loop at line 15: for (int j = 0; j < w.length; j++)
    for (int j = 0; j < w.length; j++) {
      // no iteration needs another's adjoint: they run in the source's order
      // adjoint of line 16: z += w[j] * x[j]
      wBar[j] += x[j] * zBar;
    }

    // adjoint of line 14: double z = b;
    bBar = zBar;
    return new LogLikelihoodValueAndGrad(value, new LogLikelihoodGradient(wBar, bBar));
  }

  /**
   * The value of {@link Calls#sigmoid(double)} and its gradient, computed in one pass.
   */
  public record SigmoidValueAndGrad(double value, double grad) {
  }

  /**
   * Gradient of {@link Calls#logLikelihood(double[], double, double[], double)} with respect to {@code w}, {@code b}: one component per parameter.
   */
  public record LogLikelihoodGradient(double[] w, double b) {
  }

  /**
   * The value of {@link Calls#logLikelihood(double[], double, double[], double)} and its gradient, computed in one pass.
   */
  public record LogLikelihoodValueAndGrad(double value, LogLikelihoodGradient grad) {
  }
}
