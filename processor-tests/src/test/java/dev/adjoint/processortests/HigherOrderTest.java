package dev.adjoint.processortests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code order = k}: derivatives 2..k from differentiating generated code again, checked
 * analytically, against seed 001's Taylor expansion of sqrt around 49, and by differences of the
 * next lower order.
 */
class HigherOrderTest {
  private static Program program;

  @BeforeAll
  static void compile() {
    program = Program.compile("higher.H", """
        package higher;
        import dev.adjoint.Differentiable;
        public class H {
          @Differentiable(order = 5)
          static double root(double x) {
            return Math.pow(x, 0.5);
          }

          @Differentiable(order = 4)
          static double sine(double x) {
            return Math.sin(2 * x);
          }

          @Differentiable(order = 3)
          static double program(double x) {
            double s = 0;
            double t = x;
            for (int i = 0; i < 4; i++) {
              t = Math.exp(-t * 0.3) + x * i;
              if (t > 1) {
                s += t * t;
              } else {
                s -= Math.log(1 + t * t);
              }
            }
            return s + helper(x);
          }

          @Differentiable
          static double helper(double x) {
            return Math.atan(x) * x;
          }

          @Differentiable(order = 3)
          static double whileLoop(double x) {
            double y = x;
            int n = 0;
            while (n < 3) {
              y = Math.tanh(y) + x * y;
              n++;
            }
            return y;
          }
        }
        """);
  }

  private static double d(String method, double x) {
    return ((Number) program.call("higher.HGrad", method, x)).doubleValue();
  }

  @Test
  void derivativesOfSqrtAreExact() {
    double x = 49;
    assertEquals(0.5 * Math.pow(x, -0.5), d("rootGrad", x), 1e-15);
    assertEquals(-0.25 * Math.pow(x, -1.5), d("rootGrad2", x), 1e-15);
    assertEquals(0.375 * Math.pow(x, -2.5), d("rootGrad3", x), 1e-17);
    assertEquals(-0.9375 * Math.pow(x, -3.5), d("rootGrad4", x), 1e-19);
    assertEquals(3.28125 * Math.pow(x, -4.5), d("rootGrad5", x), 1e-21);
  }

  @Test
  void seed001TaylorLoopReproducesItsPrintedValues() {
    // seed 001's loop, as it is written: it divides term i by (i-1)! (factorial is updated after
    // use); JAX printed these float32 values
    String[] derivatives = {"rootGrad", "rootGrad2", "rootGrad3", "rootGrad4", "rootGrad5"};
    double[] printed = {6.5714287757873535, 6.54518985748291, 6.542779922485352, 6.542533874511719, 6.542507648468018};
    double approximation = 7;
    double factorial = 1;
    for (int i = 1; i <= 5; i++) {
      approximation += d(derivatives[i - 1], 49) * Math.pow(-6, i) / factorial;
      factorial *= i;
      assertEquals(printed[i - 1], approximation, 2e-6, "order " + i + " (float32 in the seed)");
    }
  }

  @Test
  void taylorSeriesOfSqrtConvergesToSqrt43() {
    String[] derivatives = {"rootGrad", "rootGrad2", "rootGrad3", "rootGrad4", "rootGrad5"};
    double approximation = 7;
    double factorial = 1;
    double previousError = Double.MAX_VALUE;
    for (int i = 1; i <= 5; i++) {
      factorial *= i;
      approximation += d(derivatives[i - 1], 49) * Math.pow(-6, i) / factorial;
      double error = Math.abs(approximation - Math.sqrt(43));
      org.junit.jupiter.api.Assertions.assertTrue(error < previousError, "order " + i + " improves");
      previousError = error;
    }
    assertEquals(Math.sqrt(43), approximation, 2e-6);
  }

  @Test
  void derivativesOfSineCycle() {
    for (double x : new double[] {-1.3, 0.2, 0.9}) {
      assertEquals(2 * Math.cos(2 * x), d("sineGrad", x), 1e-13);
      assertEquals(-4 * Math.sin(2 * x), d("sineGrad2", x), 1e-13);
      assertEquals(-8 * Math.cos(2 * x), d("sineGrad3", x), 1e-12);
      assertEquals(16 * Math.sin(2 * x), d("sineGrad4", x), 1e-12);
    }
  }

  @Test
  void higherOrdersThroughLoopsBranchesAndCallsMatchDifferences() {
    for (String method : new String[] {"program", "whileLoop"}) {
      for (double x : new double[] {-0.7, 0.1, 0.45, 1.3}) {
        double h = 1e-5;
        String[] names = {method + "Grad", method + "Grad2", method + "Grad3"};
        for (int k = 1; k < names.length; k++) {
          double numeric = (d(names[k - 1], x + h) - d(names[k - 1], x - h)) / (2 * h);
          GradientCheck.assertClose(numeric, d(names[k], x), method + " order " + (k + 1) + " at " + x);
        }
      }
    }
  }
}
