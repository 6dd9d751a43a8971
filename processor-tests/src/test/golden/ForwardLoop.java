package golden;

import dev.adjoint.Differentiable;

public class ForwardLoop {
  /** Two scalar parameters and a loop: forward mode, one tangent per parameter, no tape. */
  @Differentiable
  static double logistic(double r, double x0, int steps) {
    double x = x0;
    for (int i = 0; i < steps; i++) {
      x = r * x * (1 - x);
    }
    return x;
  }

  /** One parameter differentiated (data is not); a branch, a ?: and an early exit from the loop. */
  @Differentiable(wrt = "k")
  static double damped(double k, double[] data) {
    double s = 0;
    double v = 1;
    for (int i = 0; i < data.length; i++) {
      if (s > 10) {
        break;
      }
      v = v > 0.5 ? v * Math.exp(-k * data[i]) : v / (1 + k);
      s += v * data[i];
    }
    return s;
  }
}
