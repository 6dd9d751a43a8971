package golden;

import dev.adjoint.Differentiable;

public class StraightLine {
  /** Kinetic plus potential energy of a pendulum. */
  @Differentiable
  static double energy(double mass, double length, double angle, double velocity) {
    double height = length * (1 - Math.cos(angle));
    double kinetic = 0.5 * mass * velocity * velocity;
    double potential = mass * 9.81 * height;
    return kinetic + potential;
  }
}
