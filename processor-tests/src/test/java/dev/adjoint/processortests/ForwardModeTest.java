package dev.adjoint.processortests;

import static dev.adjoint.processortests.GradientAssertions.assertGradientWrt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Forward mode ({@code Differentiable.Mode.FORWARD}): every construct of the subset that forward
 * mode handles, in one class compiled twice, once asking for forward mode and once for reverse.
 * The forward-mode gradients must match central differences and the reverse-mode ones, and hold
 * no tape. Also: which mode {@code AUTO} picks.
 */
class ForwardModeTest {
  private static final String FEATURES = """
      package PKG;

      import dev.adjoint.Differentiable;

      public class F {
        @Differentiable(mode = Differentiable.Mode.MODE)
        static double whileLoop(double x, double y) {
          double s = x;
          int n = 0;
          while (s < 10 && n < 50) {
            s = s * 1.5 + y * y;
            n++;
          }
          return s;
        }

        @Differentiable(mode = Differentiable.Mode.MODE)
        static double doWhile(double x) {
          double y = x;
          int n = 0;
          do {
            y = Math.sin(y) + x;
            n += 1;
          } while (n < 4);
          return y;
        }

        @Differentiable(mode = Differentiable.Mode.MODE, wrt = {"x", "y"})
        static double forOverData(double x, double y, double[] w) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            s = s * x + w[i] * y;
          }
          return s;
        }

        @Differentiable(mode = Differentiable.Mode.MODE, wrt = "x")
        static double breakAndContinue(double x, double[] w) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            if (w[i] < -0.5) {
              continue;
            }
            s += w[i] * x;
            if (s > 3) {
              break;
            }
            s = s * s;
          }
          return s;
        }

        @Differentiable(mode = Differentiable.Mode.MODE, wrt = {"x", "y"})
        static double returnInsideLoop(double x, double y, double[] w) {
          double s = x;
          for (int i = 0; i < w.length; i++) {
            s = s * w[i] + y;
            if (s > 0.5) {
              return s * x;
            }
          }
          return -s;
        }

        @Differentiable(mode = Differentiable.Mode.MODE)
        static double labeledNested(double x, double y) {
          double s = 0;
          outer:
          for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
              if (s > 2 + i) {
                continue outer;
              }
              if (i * j == 4) {
                break outer;
              }
              s += Math.tanh(x * (i + 1) - y * j);
            }
            s = s * 0.5 + x;
          }
          return s;
        }

        @Differentiable(mode = Differentiable.Mode.MODE)
        static double mathFunctions(double x, double y) {
          double s = 0;
          for (int i = 1; i <= 2; i++) {
            s += Math.sin(x * i) + Math.cos(y) + Math.exp(x * 0.3) + Math.log(1 + y * y) + Math.sqrt(2 + x * y)
                + Math.tanh(s) + Math.pow(1.5 + x * x, y) + Math.atan2(y, 2 + x) + Math.abs(x - y - 3)
                + Math.max(x, y + 3) + Math.hypot(x, y + 2) + Math.cbrt(3 + x) + Math.expm1(y) + Math.log1p(x * x);
            s = Math.exp(-s * s * 0.01);
          }
          return s;
        }

        @Differentiable(mode = Differentiable.Mode.MODE)
        static double integersAndBooleans(double x, double y) {
          int n = 0;
          long big = 3;
          boolean flip = false;
          double s = y;
          for (int i = 0; i < 5; i++) {
            n += i;
            big = big * 2 + n;
            flip = !flip;
            s = flip ? s * x + big * 0.01 : s - n * 0.1 * y;
          }
          return s;
        }

        @Differentiable(mode = Differentiable.Mode.MODE)
        static double redeclaredInLoop(double x, double y) {
          double s = 0;
          for (int i = 0; i < 3; i++) {
            double t = x * i + y;
            double u;
            if (t > 0.5) {
              u = t * t;
            } else {
              u = -t;
            }
            s += u * t;
          }
          return s;
        }

        @Differentiable(mode = Differentiable.Mode.MODE)
        static double compound(double x, double y) {
          double s = x;
          for (int i = 0; i < 3; i++) {
            s += y;
            s *= x;
            s -= y * 0.5;
            s /= (1 + x * x);
          }
          return s;
        }

        @Differentiable(mode = Differentiable.Mode.MODE)
        static double conditionals(double x, double y) {
          double s = x;
          for (int i = 0; i < 3; i++) {
            s = s > y ? s * y : s + x;
            s = 0.5 * (x > 0 ? Math.sin(s) : s * s) + Math.exp(y < 0 ? -s * s : y * 0.1);
          }
          return x < y ? s * x : s;
        }

        @Differentiable(mode = Differentiable.Mode.MODE)
        static double casts(double x, double y) {
          double s = 0;
          for (int i = 0; i < 3; i++) {
            int truncated = (int) (x * 10);
            long wide = truncated;
            s += (double) i * x + truncated + wide * y + (short) 3 * x;
          }
          return s;
        }

        @Differentiable(mode = Differentiable.Mode.MODE)
        static double parameterReassigned(double x, double y) {
          for (int i = 0; i < 2; i++) {
            x = x * y;
            y = x + y;
          }
          x = Math.exp(x * 0.1);
          return x * y;
        }

        @Differentiable(mode = Differentiable.Mode.MODE, wrt = "x")
        static double scalarNotDifferentiated(double x, double c) {
          for (int i = 0; i < 3; i++) {
            c = c * x + 1;
          }
          return c;
        }

        @Differentiable(mode = Differentiable.Mode.MODE)
        static double threeParameters(double a, double b, double c) {
          double s = a;
          for (int i = 0; i < 3; i++) {
            s = s * b + c * Math.sin(s);
          }
          return s;
        }

        @Differentiable
        static double helper(double a, double b) {
          return Math.tanh(a * b) + a;
        }

        @Differentiable(mode = Differentiable.Mode.MODE)
        static double callsInLoop(double x, double y) {
          double s = 0;
          for (int i = 0; i < 3; i++) {
            s += helper(s + x, y);
          }
          return s;
        }

        @Differentiable(mode = Differentiable.Mode.MODE, wrt = {"x", "y"})
        static double loopHeaders(double x, double y, double[] w) {
          double s = 0;
          for (double t = x; t < 3; t = t * 2 + y * y) {
            s += t * y;
          }
          for (double v : w) {
            s = s * 0.5 + v * x;
          }
          var u = s;
          u++;
          double a;
          double b = (a = x * y) + a;
          return u * b;
        }

        @Differentiable(mode = Differentiable.Mode.MODE, wrt = {"x", "y"})
        static double assignedInBranches(double x, double y, int n) {
          double s = y;
          for (int i = 0; i < n; i++) {
            double t;
            if (i % 3 == 0) {
              t = s * x;
            } else if (i % 3 == 1) {
              t = 0.5;
            } else {
              t = Math.max(s, x) - Math.min(y, 0.25);
            }
            s = Math.sin(t + s);
          }
          return s;
        }

        @Differentiable(mode = Differentiable.Mode.MODE)
        static double straightLine(double x, double y) {
          return x * y + Math.sin(x);
        }

        @Differentiable(mode = Differentiable.Mode.MODE)
        static float floats(float x, float y) {
          float s = x;
          for (int i = 0; i < 3; i++) {
            s = s * y + (float) Math.sin(s);
            double d = s * 0.5;
            s += (float) d;
          }
          return s;
        }

        @Differentiable(mode = Differentiable.Mode.MODE, order = 3)
        static double higherOrder(double x) {
          double s = 0;
          double t = x;
          for (int i = 0; i < 4; i++) {
            t = Math.exp(-t * 0.3) + x * i;
            s += t > 1 ? t * t : -Math.log(1 + t * t);
          }
          return s;
        }
      }
      """;

  private static Program forward;
  private static Program reverse;
  private static String forwardSource;
  private final Random random = new Random();

  @BeforeAll
  static void compile() {
    forward = Program.compile("fwd.F", FEATURES.replace("PKG", "fwd").replace("Mode.MODE", "Mode.FORWARD"));
    reverse = Program.compile("rev.F", FEATURES.replace("PKG", "rev").replace("Mode.MODE", "Mode.REVERSE"));
    forwardSource = forward.generatedSource("fwd.FGrad");
  }

  private double r() {
    return random.nextDouble() * 2 - 1;
  }

  /** Arguments for each method, and the indices of those it differentiates. */
  private record Case(int[] wrt, Supplier<Object[]> args) {}

  private Map<String, Case> cases() {
    Supplier<Object[]> two = () -> new Object[] {r(), r()};
    Supplier<Object[]> withData = () -> new Object[] {r(), r(), GeneratedMethods.vector(random, 1 + random.nextInt(5))};
    return Map.ofEntries(
        Map.entry("whileLoop", new Case(new int[] {0, 1}, () -> new Object[] {0.5 + random.nextDouble(), r()})),
        Map.entry("doWhile", new Case(new int[] {0}, () -> new Object[] {r()})),
        Map.entry("forOverData", new Case(new int[] {0, 1}, withData)),
        Map.entry("breakAndContinue", new Case(new int[] {0}, () -> new Object[] {r(), GeneratedMethods.vector(random, 6)})),
        Map.entry("returnInsideLoop", new Case(new int[] {0, 1}, withData)),
        Map.entry("labeledNested", new Case(new int[] {0, 1}, two)),
        Map.entry("mathFunctions", new Case(new int[] {0, 1}, two)),
        Map.entry("integersAndBooleans", new Case(new int[] {0, 1}, two)),
        Map.entry("redeclaredInLoop", new Case(new int[] {0, 1}, two)),
        Map.entry("compound", new Case(new int[] {0, 1}, two)),
        Map.entry("conditionals", new Case(new int[] {0, 1}, two)),
        Map.entry("casts", new Case(new int[] {0, 1}, two)),
        Map.entry("parameterReassigned", new Case(new int[] {0, 1}, two)),
        Map.entry("scalarNotDifferentiated", new Case(new int[] {0}, two)),
        Map.entry("threeParameters", new Case(new int[] {0, 1, 2}, () -> new Object[] {r(), r(), r()})),
        Map.entry("callsInLoop", new Case(new int[] {0, 1}, two)),
        Map.entry("straightLine", new Case(new int[] {0, 1}, two)),
        Map.entry("loopHeaders", new Case(new int[] {0, 1}, () -> new Object[] {0.2 + random.nextDouble(), r(),
            GeneratedMethods.vector(random, 3)})),
        Map.entry("assignedInBranches", new Case(new int[] {0, 1}, () -> new Object[] {r(), r(), 7})),
        Map.entry("higherOrder", new Case(new int[] {0}, () -> new Object[] {r()})));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"whileLoop", "doWhile", "forOverData", "breakAndContinue", "returnInsideLoop", "labeledNested",
      "mathFunctions", "integersAndBooleans", "redeclaredInLoop", "compound", "conditionals", "casts",
      "parameterReassigned", "scalarNotDifferentiated", "threeParameters", "callsInLoop", "loopHeaders",
      "assignedInBranches", "straightLine", "higherOrder"})
  void forwardModeMatchesCentralDifferencesAndReverseMode(String method) {
    String vjp = GeneratedMethods.vjpOf(forwardSource, method);
    assertTrue(vjp.contains("forward mode, no tape"), vjp);
    assertFalse(vjp.contains("tape."), vjp);
    Case c = cases().get(method);
    for (int k = 0; k < 8; k++) {
      Object[] args = c.args().get();
      assertGradientWrt(forward, "fwd.F", method, c.wrt(), args);
      List<Double> f = components(forward.call("fwd.FGrad", method + "Grad", GradientCheck.deepCopy(args)), c.wrt().length);
      List<Double> b = components(reverse.call("rev.FGrad", method + "Grad", GradientCheck.deepCopy(args)), c.wrt().length);
      for (int i = 0; i < f.size(); i++) {
        GradientCheck.assertClose(b.get(i), f.get(i), method + ": forward against reverse mode, component " + i);
      }
      // the VJP scales the gradient by the result's adjoint
      Object[] withSeed = java.util.Arrays.copyOf(GradientCheck.deepCopy(args), args.length + 1);
      withSeed[args.length] = 0.75;
      Object vjpResult = forward.call("fwd.FGrad", method + "Vjp", withSeed);
      List<Double> scaled = components(component(vjpResult, "grad"), c.wrt().length);
      for (int i = 0; i < f.size(); i++) {
        assertEquals(0.75 * f.get(i), scaled.get(i), 1e-12 * Math.max(1, Math.abs(f.get(i))), method + " vjp, component " + i);
      }
    }
  }

  @Test
  void floatsInForwardModeMatchReverseMode() {
    assertFalse(GeneratedMethods.vjpOf(forwardSource, "floats").contains("tape."));
    for (int k = 0; k < 8; k++) {
      float x = (float) r();
      float y = (float) r();
      List<Double> f = components(forward.call("fwd.FGrad", "floatsGrad", x, y), 2);
      List<Double> b = components(reverse.call("rev.FGrad", "floatsGrad", x, y), 2);
      for (int i = 0; i < 2; i++) {
        assertEquals(b.get(i), f.get(i), 1e-4 * Math.max(1, Math.abs(b.get(i))), "component " + i);
      }
    }
  }

  @Test
  void higherDerivativesOfForwardModeCodeMatchReverseModes() {
    for (int k = 0; k < 8; k++) {
      double x = r();
      for (String d : new String[] {"higherOrderGrad", "higherOrderGrad2", "higherOrderGrad3"}) {
        double f = ((Number) forward.call("fwd.FGrad", d, x)).doubleValue();
        double b = ((Number) reverse.call("rev.FGrad", d, x)).doubleValue();
        GradientCheck.assertClose(b, f, d + " at " + x);
      }
    }
  }

  // ------------------------------------------------------------------------- what AUTO picks

  @Test
  void autoPicksForwardModeForLoopsOverOneOrTwoScalarsAndReverseModeOtherwise() {
    Program p = Program.compile("auto.A", """
        package auto;
        import dev.adjoint.Differentiable;
        public class A {
          @Differentiable static double oneScalar(double x) {
            double s = x;
            for (int i = 0; i < 5; i++) {
              s = s * Math.cos(s) + x;
            }
            return s;
          }

          @Differentiable static double twoScalars(double r, double x0, int steps) {
            double x = x0;
            for (int i = 0; i < steps; i++) {
              x = r * x * (1 - x);
            }
            return x;
          }

          @Differentiable static double threeScalars(double a, double b, double c) {
            double s = a;
            for (int i = 0; i < 3; i++) {
              s = s * b + c * Math.sin(s);
            }
            return s;
          }

          @Differentiable static double straightLine(double a, double b) {
            double s = a * b;
            s = Math.sin(s) * a;
            return s;
          }

          @Differentiable static double arrayParameter(double x, double[] w) {
            double s = 0;
            for (int i = 0; i < w.length; i++) {
              s = s * x + w[i];
            }
            return s;
          }

          @Differentiable(wrt = "x") static double dataParameter(double x, double[] w) {
            double s = 0;
            for (int i = 0; i < w.length; i++) {
              s = s * x + w[i];
            }
            return s;
          }

          @Differentiable static double localArray(double x) {
            double[] a = new double[3];
            for (int i = 0; i < 3; i++) {
              a[i] = Math.sin(x * i) + (i > 0 ? a[i - 1] : 0);
            }
            return a[2] * x;
          }

          @Differentiable(mode = Differentiable.Mode.REVERSE) static double reverseAsked(double x) {
            double s = x;
            for (int i = 0; i < 5; i++) {
              s = s * Math.cos(s) + x;
            }
            return s;
          }
        }
        """);
    String generated = p.generatedSource("auto.AGrad");
    for (String m : new String[] {"oneScalar", "twoScalars", "dataParameter"}) {
      String vjp = GeneratedMethods.vjpOf(generated, m);
      assertTrue(vjp.contains("forward mode, no tape") && !vjp.contains("Tape") && !vjp.contains("adjoint sweep"), vjp);
    }
    for (String m : new String[] {"threeScalars", "straightLine", "arrayParameter", "localArray", "reverseAsked"}) {
      String vjp = GeneratedMethods.vjpOf(generated, m);
      assertTrue(vjp.contains("adjoint sweep") && !vjp.contains("forward mode"), vjp);
    }
    assertTrue(GeneratedMethods.vjpOf(generated, "twoScalars").contains("xDotR = partialX * xDotR + partialR;"), generated);
    assertTrue(GeneratedMethods.vjpOf(generated, "reverseAsked").contains("Tape"), generated);
    for (int k = 0; k < 5; k++) {
      assertGradientWrt(p, "auto.A", "oneScalar", new int[] {0}, r());
      assertGradientWrt(p, "auto.A", "twoScalars", new int[] {0, 1}, 2.5 + random.nextDouble(), 0.2 + 0.6 * random.nextDouble(), 8);
      assertGradientWrt(p, "auto.A", "threeScalars", new int[] {0, 1, 2}, r(), r(), r());
      assertGradientWrt(p, "auto.A", "dataParameter", new int[] {0}, r(), GeneratedMethods.vector(random, 4));
      assertGradientWrt(p, "auto.A", "localArray", new int[] {0}, r());
    }
  }

  @Test
  void reverseModeCallsAForwardModeVjpThroughCallsNestedTooDeeplyToInline() {
    Program p = Program.compile("chain.C", """
        package chain;
        import dev.adjoint.Differentiable;
        public class C {
          @Differentiable static double inner(double x) {
            double s = x;
            for (int i = 0; i < 4; i++) {
              s = Math.sin(s) * x + 0.5;
            }
            return s;
          }

          @Differentiable static double l3(double x) { return inner(x) * 2; }

          @Differentiable static double l2(double x) { return l3(x) + x; }

          @Differentiable static double l1(double x) { return l2(x * x); }

          @Differentiable static double outer(double[] w) {
            double s = 0;
            for (int i = 0; i < w.length; i++) {
              s += l1(w[i]) * w[i];
            }
            return s;
          }
        }
        """);
    String generated = p.generatedSource("chain.CGrad");
    assertTrue(GeneratedMethods.vjpOf(generated, "inner").contains("forward mode, no tape"), generated);
    assertTrue(GeneratedMethods.vjpOf(generated, "outer").contains("innerVjp("), generated);
    for (int k = 0; k < 5; k++) {
      assertGradientWrt(p, "chain.C", "outer", new int[] {0}, (Object) GeneratedMethods.vector(random, 4));
    }
  }

  // ------------------------------------------------------------------------- helpers

  private static Object component(Object record, String name) {
    try {
      java.lang.reflect.Method accessor = record.getClass().getMethod(name);
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** A gradient's components: the value itself for one parameter, else the record's components. */
  private static List<Double> components(Object gradient, int count) {
    List<Double> out = new ArrayList<>();
    if (count == 1) {
      out.add(((Number) gradient).doubleValue());
      return out;
    }
    try {
      for (RecordComponent rc : gradient.getClass().getRecordComponents()) {
        rc.getAccessor().setAccessible(true);
        out.add(((Number) rc.getAccessor().invoke(gradient)).doubleValue());
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    return out;
  }
}
