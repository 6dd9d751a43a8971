package golden;

import dev.adjoint.Differentiable;

public class Square {
  @Differentiable
  static double square(double x) {
    return x * x;
  }
}
