package dev.adjoint.rules;

import dev.adjoint.DerivativeOf;

/**
 * Derivative rules for {@link java.lang.Math}, written as a user writes rules for their own
 * functions. Each rule takes the function's arguments and the adjoint of its result, and returns
 * the adjoint contribution for one argument; those whose derivative is a function of the result
 * alone ({@code exp}, {@code expm1}, {@code tanh}, {@code sqrt}, {@code cbrt}) take the result and
 * its adjoint only, so the adjoint sweep needs neither the argument nor anything it reads. Every body stays inside the differentiable subset,
 * so that the processor can differentiate the rules themselves: second and higher derivatives
 * need no further rules.
 *
 * <p>Where a function is not differentiable, the rules pick a side:
 *
 * <ul>
 *   <li>{@code abs} at 0: the derivative from the right, +1.
 *   <li>{@code max(a, b)} and {@code min(a, b)} at a tie: all of it goes to {@code a}.
 *   <li>{@code pow(a, b)} with respect to {@code b} at {@code a == 0}: 0 (the limit for b &gt; 0);
 *       with respect to {@code a} when {@code b == 0}: 0.
 *   <li>{@code hypot} at (0, 0): 0.
 *   <li>{@code floor}, {@code ceil}, {@code rint}, {@code signum}: 0 everywhere (the jumps have
 *       no derivative).
 * </ul>
 */
public final class MathRules {
  private MathRules() {}

  @DerivativeOf(value = Math.class, method = "sin")
  public static double sin(double x, double resultBar) {
    return resultBar * Math.cos(x);
  }

  @DerivativeOf(value = Math.class, method = "cos")
  public static double cos(double x, double resultBar) {
    return -resultBar * Math.sin(x);
  }

  @DerivativeOf(value = Math.class, method = "tan")
  public static double tan(double x, double resultBar) {
    double c = Math.cos(x);
    return resultBar / (c * c);
  }

  @DerivativeOf(value = Math.class, method = "asin")
  public static double asin(double x, double resultBar) {
    return resultBar / Math.sqrt(1 - x * x);
  }

  @DerivativeOf(value = Math.class, method = "acos")
  public static double acos(double x, double resultBar) {
    return -resultBar / Math.sqrt(1 - x * x);
  }

  @DerivativeOf(value = Math.class, method = "atan")
  public static double atan(double x, double resultBar) {
    return resultBar / (1 + x * x);
  }

  @DerivativeOf(value = Math.class, method = "atan2", wrt = "0")
  public static double atan2Y(double y, double x, double resultBar) {
    return resultBar * x / (x * x + y * y);
  }

  @DerivativeOf(value = Math.class, method = "atan2", wrt = "1")
  public static double atan2X(double y, double x, double resultBar) {
    return -resultBar * y / (x * x + y * y);
  }

  @DerivativeOf(value = Math.class, method = "sinh")
  public static double sinh(double x, double resultBar) {
    return resultBar * Math.cosh(x);
  }

  @DerivativeOf(value = Math.class, method = "cosh")
  public static double cosh(double x, double resultBar) {
    return resultBar * Math.sinh(x);
  }

  @DerivativeOf(value = Math.class, method = "tanh", usesResult = true)
  public static double tanh(double result, double resultBar) {
    return resultBar * (1 - result * result);
  }

  @DerivativeOf(value = Math.class, method = "exp", usesResult = true)
  public static double exp(double result, double resultBar) {
    return resultBar * result;
  }

  @DerivativeOf(value = Math.class, method = "expm1", usesResult = true)
  public static double expm1(double result, double resultBar) {
    return resultBar * (result + 1);
  }

  @DerivativeOf(value = Math.class, method = "log")
  public static double log(double x, double resultBar) {
    return resultBar / x;
  }

  @DerivativeOf(value = Math.class, method = "log1p")
  public static double log1p(double x, double resultBar) {
    return resultBar / (1 + x);
  }

  @DerivativeOf(value = Math.class, method = "log10")
  public static double log10(double x, double resultBar) {
    return resultBar / (x * 2.302585092994046); // ln 10
  }

  @DerivativeOf(value = Math.class, method = "sqrt", usesResult = true)
  public static double sqrt(double result, double resultBar) {
    return resultBar * 0.5 / result;
  }

  @DerivativeOf(value = Math.class, method = "cbrt", usesResult = true)
  public static double cbrt(double result, double resultBar) {
    return resultBar / (3 * result * result);
  }

  @DerivativeOf(value = Math.class, method = "pow", wrt = "0")
  public static double powBase(double a, double b, double resultBar) {
    return b == 0 ? 0.0 : resultBar * b * Math.pow(a, b - 1);
  }

  @DerivativeOf(value = Math.class, method = "pow", wrt = "1", usesResult = true)
  public static double powExponent(double a, double b, double result, double resultBar) {
    return a == 0 ? 0.0 : resultBar * result * Math.log(a);
  }

  @DerivativeOf(value = Math.class, method = "abs")
  public static double abs(double x, double resultBar) {
    return x >= 0 ? resultBar : -resultBar;
  }

  @DerivativeOf(value = Math.class, method = "abs")
  public static float abs(float x, float resultBar) {
    return x >= 0 ? resultBar : -resultBar;
  }

  @DerivativeOf(value = Math.class, method = "max", wrt = "0")
  public static double maxFirst(double a, double b, double resultBar) {
    return a >= b ? resultBar : 0.0;
  }

  @DerivativeOf(value = Math.class, method = "max", wrt = "1")
  public static double maxSecond(double a, double b, double resultBar) {
    return a >= b ? 0.0 : resultBar;
  }

  @DerivativeOf(value = Math.class, method = "max", wrt = "0")
  public static float maxFirst(float a, float b, float resultBar) {
    return a >= b ? resultBar : 0.0f;
  }

  @DerivativeOf(value = Math.class, method = "max", wrt = "1")
  public static float maxSecond(float a, float b, float resultBar) {
    return a >= b ? 0.0f : resultBar;
  }

  @DerivativeOf(value = Math.class, method = "min", wrt = "0")
  public static double minFirst(double a, double b, double resultBar) {
    return a <= b ? resultBar : 0.0;
  }

  @DerivativeOf(value = Math.class, method = "min", wrt = "1")
  public static double minSecond(double a, double b, double resultBar) {
    return a <= b ? 0.0 : resultBar;
  }

  @DerivativeOf(value = Math.class, method = "min", wrt = "0")
  public static float minFirst(float a, float b, float resultBar) {
    return a <= b ? resultBar : 0.0f;
  }

  @DerivativeOf(value = Math.class, method = "min", wrt = "1")
  public static float minSecond(float a, float b, float resultBar) {
    return a <= b ? 0.0f : resultBar;
  }

  @DerivativeOf(value = Math.class, method = "hypot", wrt = "0")
  public static double hypotFirst(double x, double y, double resultBar) {
    double h = Math.hypot(x, y);
    return h == 0 ? 0.0 : resultBar * x / h;
  }

  @DerivativeOf(value = Math.class, method = "hypot", wrt = "1")
  public static double hypotSecond(double x, double y, double resultBar) {
    double h = Math.hypot(x, y);
    return h == 0 ? 0.0 : resultBar * y / h;
  }

  @DerivativeOf(value = Math.class, method = "toRadians")
  public static double toRadians(double x, double resultBar) {
    return resultBar * (Math.PI / 180);
  }

  @DerivativeOf(value = Math.class, method = "toDegrees")
  public static double toDegrees(double x, double resultBar) {
    return resultBar * (180 / Math.PI);
  }

  @DerivativeOf(value = Math.class, method = "floor")
  public static double floor(double x, double resultBar) {
    return 0.0;
  }

  @DerivativeOf(value = Math.class, method = "ceil")
  public static double ceil(double x, double resultBar) {
    return 0.0;
  }

  @DerivativeOf(value = Math.class, method = "rint")
  public static double rint(double x, double resultBar) {
    return 0.0;
  }

  @DerivativeOf(value = Math.class, method = "signum")
  public static double signum(double x, double resultBar) {
    return 0.0;
  }

  @DerivativeOf(value = Math.class, method = "signum")
  public static float signum(float x, float resultBar) {
    return 0.0f;
  }
}
