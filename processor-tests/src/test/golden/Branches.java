package golden;

import dev.adjoint.Differentiable;

public class Branches {
  /** Huber loss of a residual. */
  @Differentiable
  static double huber(double prediction, double target, double delta) {
    double r = prediction - target;
    double loss;
    if (Math.abs(r) <= delta) {
      loss = 0.5 * r * r;
    } else {
      loss = delta * (Math.abs(r) - 0.5 * delta);
    }
    return loss;
  }
}
