package dev.adjoint.processor;

/**
 * The names of what the processor generates for a {@code @Differentiable} method. Callers in other
 * compilations derive the same names from the method alone, so the scheme lives in one place.
 */
public final class GradNames {
  private GradNames() {}

  /**
   * The generated class for a class: {@code FooGrad} for {@code p.Foo}, {@code Outer_InnerGrad}
   * for {@code p.Outer.Inner}.
   *
   * @param packageName the package ({@code ""} for the unnamed package)
   * @param nestedNames the simple names from the top-level class inward
   */
  public static String gradClass(String packageName, java.util.List<String> nestedNames) {
    String simple = String.join("_", nestedNames) + "Grad";
    return packageName.isEmpty() ? simple : packageName + "." + simple;
  }

  /** {@code name} plus a number for the 2nd, 3rd... overload of that name, so names stay unique. */
  public static String base(String methodName, int overloadIndex) {
    return overloadIndex == 0 ? methodName : methodName + (overloadIndex + 1);
  }

  public static String grad(String base) {
    return base + "Grad";
  }

  public static String higherGrad(String base, int order) {
    return base + "Grad" + order;
  }

  public static String valueAndGrad(String base) {
    return base + "ValueAndGrad";
  }

  public static String vjp(String base) {
    return base + "Vjp";
  }

  /** Record of the gradient with respect to several parameters: {@code LossGradient}. */
  public static String gradientRecord(String base) {
    return capitalize(base) + "Gradient";
  }

  /** Record of value and gradient: {@code LossValueAndGrad}. */
  public static String valueAndGradRecord(String base) {
    return capitalize(base) + "ValueAndGrad";
  }

  public static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
