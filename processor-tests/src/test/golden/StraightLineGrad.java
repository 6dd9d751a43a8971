package golden;

import dev.adjoint.rules.MathRules;
import javax.annotation.processing.Generated;

/**
 * Derivatives of the {@code @Differentiable} methods of {@link StraightLine}, written at compile time by
 * Adjoint's annotation processor. Regenerated on every build: edit {@code StraightLine} instead.
 *
 * <p>Each {@code xVjp} method holds the derivative code: a forward sweep that runs the original
 * statements and keeps what the adjoint sweep needs, then an adjoint sweep that visits them in
 * reverse. {@code xGrad} and {@code xValueAndGrad} call it with a result adjoint of one.
 */
@Generated(
    value = "dev.adjoint.processor.DifferentiableProcessor",
    comments = "derivatives of golden.StraightLine"
)
public final class StraightLineGrad {
  private StraightLineGrad() {
  }

  /**
   * Gradient of {@link StraightLine#energy(double, double, double, double)} with respect to {@code mass}, {@code length}, {@code angle}, {@code velocity}.
   */
  public static EnergyGradient energyGrad(double mass, double length, double angle,
      double velocity) {
    return energyVjp(mass, length, angle, velocity, 1.0).grad();
  }

  /**
   * Value and gradient of {@link StraightLine#energy(double, double, double, double)} (with respect to {@code mass}, {@code length}, {@code angle}, {@code velocity}), in one pass.
   */
  public static EnergyValueAndGrad energyValueAndGrad(double mass, double length, double angle,
      double velocity) {
    return energyVjp(mass, length, angle, velocity, 1.0);
  }

  /**
   * Value of {@link StraightLine#energy(double, double, double, double)}, and its gradient scaled by {@code resultBar} (a vector-Jacobian
   * product). Holds the derivative code; other generated code calls it to differentiate
   * through this method.
   */
  public static EnergyValueAndGrad energyVjp(double mass, double length, double angle,
      double velocity, double resultBar) {
    // forward sweep
    double cos = Math.cos(angle);
    double height = length * (1 - cos);
    double kinetic = 0.5 * mass * velocity * velocity;
    double potential = mass * 9.81 * height;
    double value = kinetic + potential;

    // adjoint sweep: each block differentiates a source line, last line first
    double cosBar = 0.0;
    double angleBar = 0.0;
    double heightBar = 0.0;
    double lengthBar = 0.0;
    double kineticBar = 0.0;
    double massBar = 0.0;
    double velocityBar = 0.0;
    double potentialBar = 0.0;

    // adjoint of line 12: return kinetic + potential;
    kineticBar = resultBar;
    potentialBar = resultBar;

    // adjoint of line 11: double potential = mass * 9.81 * height;
    massBar = height * 9.81 * potentialBar;
    heightBar = mass * 9.81 * potentialBar;

    // adjoint of line 10: double kinetic = 0.5 * mass * velocity * velocity;
    massBar += 0.5 * velocity * velocity * kineticBar;
    velocityBar = (0.5 * mass * velocity + 0.5 * mass * velocity) * kineticBar;

    // adjoint of line 9: double height = length * (1 - Math.cos(angle));
    lengthBar = (1 - cos) * heightBar;
    cosBar = -(length * heightBar);

    // adjoint of line 9: double height = length * (1 - Math.cos(angle));
    angleBar = MathRules.cos(angle, cosBar);
    return new EnergyValueAndGrad(value, new EnergyGradient(massBar, lengthBar, angleBar, velocityBar));
  }

  /**
   * Gradient of {@link StraightLine#energy(double, double, double, double)} with respect to {@code mass}, {@code length}, {@code angle}, {@code velocity}: one component per parameter.
   */
  public record EnergyGradient(double mass, double length, double angle, double velocity) {
  }

  /**
   * The value of {@link StraightLine#energy(double, double, double, double)} and its gradient, computed in one pass.
   */
  public record EnergyValueAndGrad(double value, EnergyGradient grad) {
  }
}
