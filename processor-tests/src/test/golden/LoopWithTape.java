package golden;

import dev.adjoint.Differentiable;

public class LoopWithTape {
  /** Iterates a logistic map; the state is overwritten every step, so the tape keeps it (reverse mode asked for). */
  @Differentiable(mode = Differentiable.Mode.REVERSE)
  static double logistic(double r, double x0, int steps) {
    double x = x0;
    for (int i = 0; i < steps; i++) {
      x = r * x * (1 - x);
    }
    return x;
  }
}
