package dev.adjoint.examples.seeds;

import dev.adjoint.Differentiable;

/**
 * Seed 001: derivatives of x² and of the square root, and sqrt(43) approximated from sqrt(49) = 7
 * by a Taylor expansion to fifth order. The derivatives of order 2 to 5 come from differentiating
 * the generated derivative code again ({@code order = 5}).
 */
public final class SqrtTaylor {
  private SqrtTaylor() {}

  @Differentiable
  static double square(double x) {
    return x * x;
  }

  @Differentiable(order = 5)
  static double sqrt(double x) {
    return Math.pow(x, 0.5);
  }

  /** The k-th derivative of sqrt at x, k = 1..5, from the generated code. */
  static double derivative(int k, double x) {
    return switch (k) {
      case 1 -> SqrtTaylorGrad.sqrtGrad(x);
      case 2 -> SqrtTaylorGrad.sqrtGrad2(x);
      case 3 -> SqrtTaylorGrad.sqrtGrad3(x);
      case 4 -> SqrtTaylorGrad.sqrtGrad4(x);
      case 5 -> SqrtTaylorGrad.sqrtGrad5(x);
      default -> throw new IllegalArgumentException("order " + k + " is not generated");
    };
  }

  /**
   * The approximations of sqrt(49 - 6) after each order, as the tutorial's loop computes them:
   * term i divided by (i - 1)!, because its loop updates the factorial after using it. (With i!
   * the series converges to sqrt(43); {@link #taylor} does that.)
   */
  static double[] tutorialApproximations() {
    double[] out = new double[5];
    double approximation = 7;
    double factorial = 1;
    for (int i = 1; i <= 5; i++) {
      approximation += derivative(i, 49) * Math.pow(-6, i) / factorial;
      factorial *= i;
      out[i - 1] = approximation;
    }
    return out;
  }

  /** The Taylor polynomial of sqrt around 49, of the given order, at 49 + h. */
  static double taylor(int order, double h) {
    double approximation = 7;
    double factorial = 1;
    for (int i = 1; i <= order; i++) {
      factorial *= i;
      approximation += derivative(i, 49) * Math.pow(h, i) / factorial;
    }
    return approximation;
  }

  public static void main(String[] args) {
    System.out.println("d/dx x^2 at 1: " + SqrtTaylorGrad.squareGrad(1.0));
    double trueValue = Math.sqrt(43);
    double first = 7 + SqrtTaylorGrad.sqrtGrad(49) * -6;
    System.out.printf("first order: true %.10f, approximation %.10f, error %.10f%n", trueValue, first, trueValue - first);
    double[] tutorial = tutorialApproximations();
    for (int i = 0; i < tutorial.length; i++) {
      System.out.printf("the tutorial's loop, order %d: %.10f (error %.10f)%n", i + 1, tutorial[i], trueValue - tutorial[i]);
    }
    for (int order = 1; order <= 5; order++) {
      double t = taylor(order, -6);
      System.out.printf("Taylor series, order %d: %.10f (error %.2e)%n", order, t, trueValue - t);
    }
  }
}
