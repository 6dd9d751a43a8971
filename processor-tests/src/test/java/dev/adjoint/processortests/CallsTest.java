package dev.adjoint.processortests;

import static dev.adjoint.processortests.GradientAssertions.assertGradient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.DifferentiableProcessor;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls from one differentiable method to another (same class, another class compiled together,
 * a library's class files) and to functions with user-written {@code @DerivativeOf} rules.
 */
class CallsTest {
  private final Random random = new Random();

  @Test
  void callsWithinAndAcrossClassesOfOneCompilation() {
    Program p = Program.compile("calls.A", """
        package calls;
        import dev.adjoint.Differentiable;
        public class A {
          @Differentiable static double outer(double x, double[] w) {
            double s = 0;
            for (int i = 0; i < w.length; i++) {
              s += inner(w[i], x) + B.other(x * w[i]);
            }
            return s * helperOfOne(x);
          }
          @Differentiable static double inner(double a, double b) {
            return Math.sin(a * b) + a * a;
          }
          @Differentiable static double helperOfOne(double x) {
            return x * x + 1;
          }
          @Differentiable static double rows(double[][] m, double y) {
            double s = 0;
            for (int i = 0; i < m.length; i++) {
              s += B.sumOfSquares(m[i]) * y;
            }
            return s + B.sumOfSquares(m[0]);
          }
        }
        class B {
          @Differentiable static double other(double z) {
            return Math.exp(-z * z);
          }
          @Differentiable static double sumOfSquares(double[] v) {
            double s = 0;
            for (double e : v) {
              s += e * e;
            }
            return s;
          }
        }
        """);
    for (int k = 0; k < 5; k++) {
      assertGradient(p, "calls.A", "outer", random.nextDouble(), new double[] {random.nextDouble(), -random.nextDouble(), 0.3});
      assertGradient(p, "calls.A", "rows", new double[][] {{0.1, random.nextDouble()}, {-0.4, 0.9}}, random.nextDouble());
    }
    String generated = p.generatedSource("calls.AGrad");
    assertTrue(generated.contains("// inlined: B.other"), "a call to another differentiable method is inlined:\n" + generated);
    assertFalse(generated.contains("BGrad.otherVjp("), "an inlined call keeps its forward values:\n" + generated);
  }

  @Test
  void recursionAndDeepNestingGoThroughTheCalleesVjp() {
    Program p = Program.compile("deep.R", """
        package deep;
        import dev.adjoint.Differentiable;
        public class R {
          @Differentiable(wrt = "x") static double power(double x, int n) {
            if (n == 0) {
              return 1;
            }
            return x * power(x, n - 1);
          }
          @Differentiable static double a(double x) { return Math.sin(b(x * 1.1)); }
          @Differentiable static double b(double x) { return x * c(x + 0.5); }
          @Differentiable static double c(double x) { return Math.exp(d(x) / 3); }
          @Differentiable static double d(double x) { return x * e(x) - 1; }
          @Differentiable static double e(double x) { return Math.cos(x) * x; }
        }
        """);
    for (int k = 0; k < 5; k++) {
      double x = 2 * random.nextDouble() - 1;
      assertEquals(5 * Math.pow(x, 4), (double) p.call("deep.RGrad", "powerGrad", x, 5), 1e-12 * (1 + Math.pow(x, 4)));
      assertGradient(p, "deep.R", "a", x);
    }
    String generated = p.generatedSource("deep.RGrad");
    assertTrue(generated.contains("RGrad.powerVjp("), "recursion goes through the VJP:\n" + generated);
    String aVjp = generated.substring(generated.indexOf("public static AValueAndGrad aVjp("));
    aVjp = aVjp.substring(0, aVjp.indexOf("\n  }\n"));
    assertTrue(aVjp.contains("// inlined: R.d") && !aVjp.contains("// inlined: R.e") && aVjp.contains("RGrad.eVjp("),
        "three levels are inlined, the fourth goes through its VJP:\n" + aVjp);
  }

  @Test
  void nestedClassesGetFlattenedNamesAndOverloadsGetNumbers() {
    Program p = Program.compile("nested.Outer", """
        package nested;
        import dev.adjoint.Differentiable;
        public class Outer {
          public static class Inner {
            @Differentiable static double f(double x) {
              return x * x * x;
            }
            @Differentiable static double f(double x, double y) {
              return x * y;
            }
          }
        }
        """);
    assertEquals(27.0, (double) p.call("nested.Outer_InnerGrad", "fGrad", 3.0), 1e-12);
    assertEquals("F2Gradient[x=5.0, y=2.0]", p.call("nested.Outer_InnerGrad", "f2Grad", 2.0, 5.0).toString());
  }

  @Test
  void userRulesForTheirOwnFunctions() {
    Program p = Program.compile("rules.Use", """
        package rules;
        import dev.adjoint.DerivativeOf;
        import dev.adjoint.Differentiable;
        public class Use {
          static double softplus(double x) {
            return Math.log1p(Math.exp(x));
          }
          @DerivativeOf(value = Use.class, method = "softplus")
          static double softplusRule(double x, double resultBar) {
            return resultBar / (1 + Math.exp(-x));
          }
          @Differentiable static double f(double x, double y) {
            return softplus(x * y) + Other.scaled(x, y);
          }
          @Differentiable(order = 3) static double g(double x) {
            return softplus(2 * x);
          }
        }
        class Other {
          static double scaled(double a, double b) {
            return a * a * b;
          }
        }
        class OtherRules {
          @DerivativeOf(value = Other.class, method = "scaled", wrt = "a")
          static double scaledA(double a, double b, double resultBar) {
            return resultBar * 2 * a * b;
          }
          @DerivativeOf(value = Other.class, method = "scaled", wrt = "1")
          static double scaledB(double a, double b, double resultBar) {
            return resultBar * a * a;
          }
        }
        """);
    for (int k = 0; k < 5; k++) {
      assertGradient(p, "rules.Use", "f", random.nextDouble() * 2 - 1, random.nextDouble() * 2 - 1);
    }
    // higher derivatives of a user rule come from differentiating the rule's own body
    for (double x : new double[] {-1, 0.2, 1.5}) {
      double s = 1 / (1 + Math.exp(-2 * x));
      assertEquals(2 * s, (double) p.call("rules.UseGrad", "gGrad", x), 1e-12);
      assertEquals(4 * s * (1 - s), (double) p.call("rules.UseGrad", "gGrad2", x), 1e-12);
      assertEquals(8 * s * (1 - s) * (1 - 2 * s), (double) p.call("rules.UseGrad", "gGrad3", x), 1e-12);
    }
  }

  @Test
  void anInlinedCallsArgumentIsNamedInTheAdjointSweepsComments() {
    Program p = Program.compile("calls.Named", """
        package calls;
        import dev.adjoint.Differentiable;
        public class Named {
          @Differentiable static double sigmoid(double z) { return 1 / (1 + Math.exp(-z)); }
          @Differentiable static double f(double x, double w) { return sigmoid(x * w + 1); }
        }
        """);
    String vjp = GeneratedMethods.vjpOf(p.generatedSource("calls.NamedGrad"), "f");
    assertTrue(vjp.contains("// adjoint of line 5: Named.sigmoid's parameter z"), vjp);
    assertFalse(java.util.regex.Pattern.compile("// adjoint of\\s*\\n").matcher(vjp).find(), vjp);
    for (int k = 0; k < 3; k++) {
      assertGradient(p, "calls.Named", "f", random.nextDouble() - 0.5, random.nextDouble() - 0.5);
    }
  }

  @Test
  void aRuleTakingTheResultAloneNeedsNoneOfTheArgumentsInTheAdjointSweep() {
    Program p = Program.compile("rules.Growth", """
        package rules;
        import dev.adjoint.DerivativeOf;
        import dev.adjoint.Differentiable;
        public class Growth {
          static double grow(double x, double rate) {
            return Math.exp(rate * x);
          }
          /** d/dx exp(rate x) = rate exp(rate x): the result and the (undifferentiated) rate. */
          @DerivativeOf(value = Growth.class, method = "grow", wrt = "x", usesResult = true)
          static double growX(double x, double rate, double result, double resultBar) {
            return resultBar * rate * result;
          }
          /** d/drate exp(rate x) = x exp(rate x): needs x, so it takes the arguments too. */
          @DerivativeOf(value = Growth.class, method = "grow", wrt = "rate", usesResult = true)
          static double growRate(double x, double rate, double result, double resultBar) {
            return resultBar * x * result;
          }
          static double softExp(double x) {
            return Math.exp(x) + 1;
          }
          /** The derivative of exp(x) + 1 is the result less one. */
          @DerivativeOf(value = Growth.class, method = "softExp", usesResult = true)
          static double softExpRule(double result, double resultBar) {
            return resultBar * (result - 1);
          }
          @Differentiable static double chain(double x0, double[] w) {
            double x = x0;
            double total = 0;
            for (int i = 0; i < w.length; i++) {
              double z = w[i] * x;
              x = softExp(z) * 0.1 + grow(x, 0.3) * 0.2;
              total += x;
            }
            return total;
          }
        }
        """);
    String vjp = GeneratedMethods.vjpOf(p.generatedSource("rules.GrowthGrad"), "chain");
    // the rule gets the kept result and the adjoint, not z: z need not be saved for it
    assertTrue(vjp.contains("Growth.softExpRule(softExp, "), vjp);
    assertFalse(vjp.contains("pushDouble(z)"), vjp);
    for (int k = 0; k < 5; k++) {
      assertGradient(p, "rules.Growth", "chain", random.nextDouble() - 0.5,
          GeneratedMethods.vector(random, 4));
    }
  }

  @Test
  void methodsAndRulesFromALibrarysClassFiles(@TempDir Path library) throws IOException {
    Compilation lib = Compiler.javac().withProcessors(new DifferentiableProcessor()).compile(
        JavaFileObjects.forSourceString("lib.Lib", """
            package lib;
            import dev.adjoint.DerivativeOf;
            import dev.adjoint.Differentiable;
            public class Lib {
              @Differentiable public static double energy(double x, double k) {
                return 0.5 * k * x * x;
              }
              public static double cube(double x) {
                return x * x * x;
              }
              @DerivativeOf(value = Lib.class, method = "cube")
              public static double cubeRule(double x, double resultBar) {
                return resultBar * 3 * x * x;
              }
            }
            """));
    assertEquals(Compilation.Status.SUCCESS, lib.status(), lib.diagnostics().toString());
    writeClassOutput(lib, library);
    assertTrue(Files.exists(library.resolve("lib/Lib.adjoint-ir")), "the library keeps its IR beside its classes");

    List<File> classpath = new ArrayList<>();
    classpath.add(library.toFile());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    Compilation user = Compiler.javac().withProcessors(new DifferentiableProcessor()).withClasspath(classpath)
        .compile(JavaFileObjects.forSourceString("app.App", """
            package app;
            import dev.adjoint.Differentiable;
            import lib.Lib;
            public class App {
              @Differentiable static double total(double x, double k) {
                return Lib.energy(x, k) + Lib.cube(x + k);
              }
              @Differentiable(order = 3) static double third(double x) {
                return Lib.cube(x) + Lib.energy(x, 2.0);
              }
            }
            """));
    assertEquals(Compilation.Status.SUCCESS, user.status(), user.diagnostics().toString());
    String generated = user.generatedSourceFile("app.AppGrad").orElseThrow().getCharContent(true).toString();
    assertTrue(generated.contains("// inlined: Lib.energy"), generated);
    assertTrue(generated.contains("Lib.cubeRule("), generated);

    try (java.net.URLClassLoader libraryLoader = new java.net.URLClassLoader(
        new java.net.URL[] {library.toUri().toURL()}, CallsTest.class.getClassLoader())) {
      Program app = Program.of(user, libraryLoader);
      for (int k = 0; k < 5; k++) {
        assertGradient(app, "app.App", "total", random.nextDouble(), random.nextDouble());
      }
      // d^3/dx^3 of x^3 + x^2 is 6, whatever x: through the library's stored IR and rule
      assertEquals(6.0, (double) app.call("app.AppGrad", "thirdGrad3", 0.37), 1e-12);
      assertEquals(6 * 0.37 + 2, (double) app.call("app.AppGrad", "thirdGrad2", 0.37), 1e-12);
    }
  }

  private static void writeClassOutput(Compilation c, Path dir) throws IOException {
    for (JavaFileObject f : c.generatedFiles()) {
      String path = f.toUri().getPath();
      int start = path.indexOf("/CLASS_OUTPUT/");
      if (start < 0) {
        continue;
      }
      Path target = dir.resolve(path.substring(start + "/CLASS_OUTPUT/".length()));
      Files.createDirectories(target.getParent());
      try (InputStream in = f.openInputStream()) {
        Files.write(target, in.readAllBytes());
      }
    }
  }
}
