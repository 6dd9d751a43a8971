package dev.adjoint.processortests;

import static dev.adjoint.processortests.GradientAssertions.assertGradient;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every {@code Math} function the subset differentiates, against central differences. */
class MathRulesTest {
  private static final String CLASS = "math.M";
  private static Program program;
  private final Random random = new Random();

  @BeforeAll
  static void compile() {
    StringBuilder src = new StringBuilder("package math;\nimport dev.adjoint.Differentiable;\npublic class M {\n");
    for (String f : new String[] {"sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp",
        "expm1", "log", "log1p", "log10", "sqrt", "cbrt", "abs", "floor", "ceil", "rint", "signum", "toRadians", "toDegrees"}) {
      src.append("  @Differentiable static double ").append(f).append("(double x) { return 3 * Math.")
          .append(f).append("(x * 0.7 + 0.05); }\n");
    }
    for (String f : new String[] {"pow", "atan2", "hypot", "max", "min"}) {
      src.append("  @Differentiable static double ").append(f).append("(double x, double y) { return Math.")
          .append(f).append("(x, y) * 2; }\n");
    }
    src.append("  @Differentiable static double staticImport(double x) { return java.lang.Math.sin(x) * Math.PI; }\n");
    src.append("}\n");
    program = Program.compile(CLASS, src.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sin", "cos", "tan", "atan", "sinh", "cosh", "tanh", "exp", "expm1", "cbrt", "abs",
      "toRadians", "toDegrees"})
  void functionsOfTheWholeLine(String f) {
    for (int k = 0; k < 10; k++) {
      assertGradient(program, CLASS, f, (random.nextDouble() * 2 - 1) * 2);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"asin", "acos"})
  void functionsOnTheOpenUnitInterval(String f) {
    for (int k = 0; k < 10; k++) {
      assertGradient(program, CLASS, f, (random.nextDouble() * 2 - 1) * 1.2);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"log", "log1p", "log10", "sqrt"})
  void functionsOfPositiveNumbers(String f) {
    for (int k = 0; k < 10; k++) {
      assertGradient(program, CLASS, f, 0.1 + random.nextDouble() * 5);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"floor", "ceil", "rint", "signum"})
  void stepFunctionsHaveZeroDerivativeAwayFromTheirJumps(String f) {
    for (int k = 0; k < 10; k++) {
      double x = (random.nextInt(7) - 3) + 0.3 + random.nextDouble() * 0.2;
      assertGradient(program, CLASS, f, x);
      assertEquals(0.0, (double) program.call("math.MGrad", f + "Grad", x));
    }
  }

  @Test
  void power() {
    for (int k = 0; k < 10; k++) {
      assertGradient(program, CLASS, "pow", 0.2 + random.nextDouble() * 3, random.nextDouble() * 4 - 2);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"atan2", "hypot", "max", "min"})
  void functionsOfTwoArguments(String f) {
    for (int k = 0; k < 10; k++) {
      assertGradient(program, CLASS, f, random.nextDouble() * 4 - 2, random.nextDouble() * 4 - 2);
    }
  }

  @Test
  void documentedChoicesAtKinks() {
    // abs at 0: the right-hand derivative; max and min at a tie: all to the first argument
    assertEquals(3.0 * 0.7, (double) program.call("math.MGrad", "absGrad", -0.05 / 0.7), 1e-12);
    Object max = program.call("math.MGrad", "maxGrad", 1.0, 1.0);
    assertEquals("MaxGradient[x=2.0, y=0.0]", max.toString());
    Object min = program.call("math.MGrad", "minGrad", 1.0, 1.0);
    assertEquals("MinGradient[x=2.0, y=0.0]", min.toString());
  }

  @Test
  void constantsAndQualifiedNames() {
    assertGradient(program, CLASS, "staticImport", 0.3);
  }
}
