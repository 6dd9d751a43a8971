package golden;

import dev.adjoint.rules.MathRules;
import javax.annotation.processing.Generated;

/**
 * Derivatives of the {@code @Differentiable} methods of {@link Branches}, written at compile time by
 * Adjoint's annotation processor. Regenerated on every build: edit {@code Branches} instead.
 *
 * <p>Each {@code xVjp} method holds the derivative code: a forward sweep that runs the original
 * statements and keeps what the adjoint sweep needs, then an adjoint sweep that visits them in
 * reverse. {@code xGrad} and {@code xValueAndGrad} call it with a result adjoint of one.
 */
@Generated(
    value = "dev.adjoint.processor.DifferentiableProcessor",
    comments = "derivatives of golden.Branches"
)
public final class BranchesGrad {
  private BranchesGrad() {
  }

  /**
   * Gradient of {@link Branches#huber(double, double, double)} with respect to {@code prediction}, {@code target}, {@code delta}.
   */
  public static HuberGradient huberGrad(double prediction, double target, double delta) {
    return huberVjp(prediction, target, delta, 1.0).grad();
  }

  /**
   * Value and gradient of {@link Branches#huber(double, double, double)} (with respect to {@code prediction}, {@code target}, {@code delta}), in one pass.
   */
  public static HuberValueAndGrad huberValueAndGrad(double prediction, double target,
      double delta) {
    return huberVjp(prediction, target, delta, 1.0);
  }

  /**
   * Value of {@link Branches#huber(double, double, double)}, and its gradient scaled by {@code resultBar} (a vector-Jacobian
   * product). Holds the derivative code; other generated code calls it to differentiate
   * through this method.
   */
  public static HuberValueAndGrad huberVjp(double prediction, double target, double delta,
      double resultBar) {
    // forward sweep
    double r = prediction - target;
    double loss;
    if (Math.abs(r) <= delta) {
      loss = 0.5 * r * r;
    } else {
      loss = delta * (Math.abs(r) - 0.5 * delta);
    }
    double value = loss;

    // adjoint sweep: each block differentiates a source line, last line first
    double rBar = 0.0;
    double predictionBar = 0.0;
    double targetBar = 0.0;
    double lossBar = 0.0;
    double deltaBar = 0.0;

    // adjoint of line 16: return loss;
    lossBar = resultBar;

    // adjoint of the branch taken at line 11: if (Math.abs(r) <= delta)
    if (Math.abs(r) <= delta) {
      // adjoint of line 12: loss = 0.5 * r * r
      rBar = (0.5 * r + 0.5 * r) * lossBar;
      lossBar = 0.0;
    } else {
      // adjoint of line 14: loss = delta * (Math.abs(r) - 0.5 * delta)
      deltaBar = (Math.abs(r) - 0.5 * delta - 0.5 * delta) * lossBar;
      rBar = MathRules.abs(r, delta * lossBar);
      lossBar = 0.0;
    }

    // adjoint of line 9: double r = prediction - target;
    predictionBar = rBar;
    targetBar = -rBar;
    return new HuberValueAndGrad(value, new HuberGradient(predictionBar, targetBar, deltaBar));
  }

  /**
   * Gradient of {@link Branches#huber(double, double, double)} with respect to {@code prediction}, {@code target}, {@code delta}: one component per parameter.
   */
  public record HuberGradient(double prediction, double target, double delta) {
  }

  /**
   * The value of {@link Branches#huber(double, double, double)} and its gradient, computed in one pass.
   */
  public record HuberValueAndGrad(double value, HuberGradient grad) {
  }
}
