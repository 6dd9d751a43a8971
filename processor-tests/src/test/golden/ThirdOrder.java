package golden;

import dev.adjoint.Differentiable;

public class ThirdOrder {
  @Differentiable(order = 3)
  static double gaussian(double x) {
    return Math.exp(-x * x / 2);
  }
}
