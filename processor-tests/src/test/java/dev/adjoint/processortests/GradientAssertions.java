package dev.adjoint.processortests;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/** Checks {@code Foo.f}'s generated gradient {@code FooGrad.fGrad} against central differences. */
final class GradientAssertions {
  private GradientAssertions() {}

  /** Differentiates with respect to every double, double[] and double[][] argument. */
  static void assertGradient(Program p, String className, String method, Object... args) {
    List<Integer> wrt = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof Double || args[i] instanceof double[] || args[i] instanceof double[][]
          || args[i] instanceof dev.adjoint.tensor.Tensor) {
        wrt.add(i);
      }
    }
    assertGradientWrt(p, className, method, wrt.stream().mapToInt(Integer::intValue).toArray(), args);
  }

  static void assertGradientWrt(Program p, String className, String method, int[] wrt, Object... args) {
    String gradClass = gradClassOf(className);
    Object gradient = p.call(gradClass, method + "Grad", GradientCheck.deepCopy(args));
    GradientCheck.check(a -> ((Number) p.call(className, method, a)).doubleValue(), gradient, args, wrt);
    // the value returned with the gradient is the function's value
    Object valueAndGrad = p.call(gradClass, method + "ValueAndGrad", GradientCheck.deepCopy(args));
    double value = ((Number) p.call(className, method, GradientCheck.deepCopy(args))).doubleValue();
    try {
      Method accessor = valueAndGrad.getClass().getMethod("value");
      accessor.setAccessible(true);
      double reported = ((Number) accessor.invoke(valueAndGrad)).doubleValue();
      GradientCheck.assertClose(value, reported, method + " value");
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  static String gradClassOf(String className) {
    int dot = className.lastIndexOf('.');
    return className.substring(0, dot + 1) + className.substring(dot + 1).replace('$', '_') + "Grad";
  }
}
