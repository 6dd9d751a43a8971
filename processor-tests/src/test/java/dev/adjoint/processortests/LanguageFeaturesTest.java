package dev.adjoint.processortests;

import static dev.adjoint.processortests.GradientAssertions.assertGradient;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every construct of the differentiable subset, each in a method whose generated gradient is
 * checked against central differences on fresh random inputs.
 */
class LanguageFeaturesTest {
  private static final String CLASS = "features.F";
  private static Program program;
  private final Random random = new Random();

  @BeforeAll
  static void compile() {
    program = Program.compile(CLASS, """
        package features;

        import dev.adjoint.Differentiable;

        public class F {
          @Differentiable static double locals(double x, double y) {
            double a = x * y;
            var b = a + x;
            double c;
            c = b * b - a;
            a = c / (1 + y * y);
            return a + b + c;
          }

          @Differentiable static double overwrittenAfterUpdate(double x, double y) {
            y -= 0.25 * Math.sin(Math.log(1 + y * y));
            y = 1.75;
            return x * y;
          }

          @Differentiable static double compound(double x, double y) {
            double s = x;
            s += y;
            s *= x;
            s -= y * 2;
            s /= (1 + x * x);
            int k = 3;
            k++;
            k--;
            ++k;
            return s * k;
          }

          @Differentiable(wrt = "x") static double casts(double x, float y) {
            // float arithmetic would defeat float64 central differences; floats() covers it
            double d = (double) y * x;
            int truncated = (int) (x * 10);
            long wide = truncated;
            return d + truncated + wide * x + (short) 3 * x;
          }

          @Differentiable static double branches(double x, double y) {
            double r;
            if (x > y) {
              r = x * x;
            } else if (x < -y) {
              r = y * y * x;
            } else {
              r = Math.sin(x + y);
            }
            return x > 0 && y > 0 ? r * y : !(x > 0) || y < 0 ? r - x : r + 1;
          }

          @Differentiable static double forLoop(double x, double[] w) {
            double s = 0;
            for (int i = 0; i < w.length; i++) {
              s = s * x + w[i];
            }
            return s;
          }

          @Differentiable static double forEach(double x, double[] w) {
            double s = 1;
            for (double v : w) {
              s *= (v + x);
            }
            return s;
          }

          @Differentiable static double whileLoop(double x) {
            double y = x;
            int n = 0;
            while (y < 10 && n < 50) {
              y = y * 1.5 + 0.25;
              n++;
            }
            return y;
          }

          @Differentiable static double doWhile(double x) {
            double y = x;
            int n = 0;
            do {
              y = Math.sin(y) + x;
              n += 1;
            } while (n < 4);
            return y;
          }

          @Differentiable static double breakAndContinue(double x, double[] w) {
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

          @Differentiable static double returnInsideLoop(double x, double[] w) {
            double s = x;
            for (int i = 0; i < w.length; i++) {
              s = s * w[i] + x;
              if (s > 2) {
                return s * x;
              }
            }
            return -s;
          }

          @Differentiable static double nestedContinue(double x, double[][] m) {
            double s = 0;
            outer:
            for (int i = 0; i < m.length; i++) {
              for (int j = 0; j < m[i].length; j++) {
                if (m[i][j] < 0) {
                  continue outer;
                }
                if (m[i][j] > 0.8) {
                  continue;
                }
                s += m[i][j] * x * (i + 1);
              }
              s = s * 0.5 + x;
            }
            return s;
          }

          @Differentiable static double valueDependentTrips(double x) {
            double y = x;
            int steps = 0;
            while (y > 1e-3) {
              y = y * 0.5;
              steps++;
            }
            return y * steps + x;
          }

          @Differentiable static double overwrittenInLoop(double x, double[] w) {
            double t = 0;
            double acc = 0;
            for (int i = 0; i < w.length; i++) {
              t = Math.cos(t * x + w[i]);
              acc += t * t;
              t = t * w[i];
            }
            return acc + t;
          }

          @Differentiable static double conditionWithSideEffects(double x, double[] w) {
            int i = 0;
            double s = 0;
            while (i++ < w.length && s < 5) {
              s += w[i - 1] * x;
            }
            int j = 0;
            if (j++ == 0 && x > -100) {
              s += j * x;
            }
            return s;
          }

          @Differentiable static double boundWithSideEffects(double x, double[] w) {
            double s = 0;
            int n = 0;
            for (int i = 0; i < (n += 1) + 1 && i < w.length; i++) {
              s += w[i] * x * n;
            }
            return s;
          }

          @Differentiable static double arrays2d(double[][] m, double[] v) {
            double s = 0;
            for (int i = 0; i < m.length; i++) {
              for (int j = 0; j < m[i].length; j++) {
                s += m[i][j] * v[j];
              }
            }
            return s * s;
          }

          @Differentiable static double localArrays(double x, double[] w) {
            double[] h = new double[w.length];
            for (int i = 0; i < w.length; i++) {
              h[i] = Math.tanh(w[i] * x);
            }
            double[][] g = new double[2][w.length];
            for (int i = 0; i < w.length; i++) {
              g[0][i] = h[i] * h[i];
              g[1][i] = g[0][i] + x;
            }
            double s = 0;
            for (int i = 0; i < w.length; i++) {
              s += g[1][i] * g[0][i];
            }
            return s;
          }

          @Differentiable static double arrayOverwrite(double x, double[] w) {
            double[] a = w.clone();
            for (int k = 0; k < 3; k++) {
              for (int i = 1; i < a.length; i++) {
                a[i] = a[i - 1] * x + a[i];
              }
            }
            return a[a.length - 1];
          }

          @Differentiable static double arrayAllocatedInALoop(double y, double[] w) {
            for (int k = 3; k > 0; k--) {
              double[] a = new double[w.length];
              for (int i = 0; i < w.length; i++) {
                a[i] = Math.tanh(a[i] + y);
                y -= 0.25 * Math.sin(a[i] * w[i]);
              }
            }
            return y;
          }

          @Differentiable static double arrayLiteral(double x) {
            double[] c = {1.0, x, x * x};
            double s = 0;
            for (double v : c) {
              s += v;
            }
            return s;
          }

          @Differentiable static double ternaryChain(double x) {
            return x < -1 ? -x * x : x < 1 ? x : Math.log(x) + 1;
          }

          @Differentiable static double intArithmetic(double x, int n) {
            int half = n / 2;
            long big = (long) n * 3;
            boolean even = n % 2 == 0;
            return even ? x * half + big : x * x;
          }

          @Differentiable static double assignmentValues(double x, double y) {
            double a;
            double b = (a = x * y) + a;
            double[] arr = new double[2];
            double c = arr[1] = b * x;
            int i = 0;
            arr[i++] += c;
            return a + b + c + arr[0] + arr[1] + i;
          }

          @Differentiable static float floats(float x, float y) {
            float z = x * y;
            z += Math.abs(x);
            return z * (float) Math.exp(y);
          }

          // reverse mode asked for (AUTO would pick forward mode): the tape must keep t across iterations
          @Differentiable(mode = Differentiable.Mode.REVERSE)
          static double declaredWithoutValueInALoop(double x, double y) {
            double s = y;
            for (int i = 0; i < 7; i++) {
              double t;
              if (i % 3 == 0) {
                t = s * x;
              } else if (i % 3 == 1) {
                t = 0.5;
              } else {
                t = Math.max(s, x) - y;
              }
              s = Math.sin(t + s);
            }
            return s;
          }

          /**
           * A constant declared in a loop that only a kept call reads (found by RandomProgramsTest:
           * once the call's value was kept, its adjoint no longer read the constant, whose
           * recomputation then assigned a variable the adjoint sweep could not see).
           */
          @Differentiable static double constantInLoop(double y, double[] w) {
            for (int i = 0; i < w.length; i++) {
              for (int j = 1; j > 0; j--) {
                double half = -(-(0.5));
                y = Math.tanh(Math.sin(half) + y * w[i]);
              }
            }
            return y;
          }

          @Differentiable static double parameterReassigned(double x, double y) {
            x = x * y;
            y = x + y;
            x = Math.exp(x * 0.1);
            return x * y;
          }
        }
        """);
  }

  private double r() {
    return random.nextDouble() * 2 - 1;
  }

  private double[] vector(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r();
    }
    return v;
  }

  private double[][] matrix(int rows, int cols) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = vector(cols);
    }
    return m;
  }

  private void check(String method, Object... args) {
    assertGradient(program, CLASS, method, args);
  }

  @Test
  void aConstantOnlyAKeptCallReads() {
    for (int k = 0; k < 5; k++) {
      check("constantInLoop", r(), vector(3));
    }
  }

  @Test
  void localVariables() {
    for (int k = 0; k < 5; k++) {
      check("locals", r(), r());
    }
  }

  @Test
  void compoundAssignmentsAndIncrements() {
    for (int k = 0; k < 5; k++) {
      check("compound", r(), r());
    }
  }

  @Test
  void aParameterOverwrittenAfterAnUpdateHasZeroGradient() {
    // found by RandomProgramsTest: the update's adjoint reads yBar after the overwrite zeroed it
    for (int k = 0; k < 3; k++) {
      check("overwrittenAfterUpdate", r(), r());
    }
  }

  @Test
  void castsBetweenNumericTypes() {
    for (int k = 0; k < 5; k++) {
      double x = r() * 3;
      float y = (float) r();
      // float arguments are not differentiated by the checker: only x
      GradientAssertions.assertGradientWrt(program, CLASS, "casts", new int[] {0}, x, y);
    }
  }

  @Test
  void ifElseChainsConditionalsAndLogic() {
    for (int k = 0; k < 20; k++) {
      check("branches", r() * 2, r() * 2);
    }
  }

  @Test
  void forLoops() {
    for (int k = 0; k < 5; k++) {
      check("forLoop", r(), vector(1 + random.nextInt(6)));
    }
  }

  @Test
  void enhancedForOverArrays() {
    for (int k = 0; k < 5; k++) {
      check("forEach", r(), vector(1 + random.nextInt(6)));
    }
  }

  @Test
  void whileLoops() {
    for (int k = 0; k < 10; k++) {
      check("whileLoop", r() * 3);
    }
  }

  @Test
  void doWhileLoops() {
    for (int k = 0; k < 5; k++) {
      check("doWhile", r());
    }
  }

  @Test
  void breakAndContinue() {
    for (int k = 0; k < 20; k++) {
      check("breakAndContinue", r() * 2, vector(2 + random.nextInt(8)));
    }
  }

  @Test
  void returnFromInsideALoop() {
    for (int k = 0; k < 20; k++) {
      check("returnInsideLoop", r(), vector(1 + random.nextInt(8)));
    }
  }

  @Test
  void continueInNestedLoops() {
    for (int k = 0; k < 20; k++) {
      check("nestedContinue", r(), matrix(1 + random.nextInt(4), 1 + random.nextInt(5)));
    }
  }

  @Test
  void tripCountsThatDependOnValues() {
    for (int k = 0; k < 10; k++) {
      check("valueDependentTrips", 0.01 + random.nextDouble() * 10);
    }
  }

  @Test
  void valuesOverwrittenInsideLoops() {
    for (int k = 0; k < 10; k++) {
      check("overwrittenInLoop", r(), vector(1 + random.nextInt(8)));
    }
  }

  @Test
  void conditionsWithSideEffects() {
    for (int k = 0; k < 10; k++) {
      check("conditionWithSideEffects", r() * 2, vector(1 + random.nextInt(8)));
    }
  }

  @Test
  void loopBoundsWithSideEffects() {
    for (int k = 0; k < 10; k++) {
      check("boundWithSideEffects", r(), vector(1 + random.nextInt(8)));
    }
  }

  @Test
  void twoDimensionalParameterArrays() {
    for (int k = 0; k < 5; k++) {
      int cols = 1 + random.nextInt(4);
      check("arrays2d", matrix(1 + random.nextInt(4), cols), vector(cols));
    }
  }

  @Test
  void localArraysWrittenAndRead() {
    for (int k = 0; k < 5; k++) {
      check("localArrays", r(), vector(1 + random.nextInt(6)));
    }
  }

  @Test
  void arrayElementsOverwrittenInLoops() {
    for (int k = 0; k < 5; k++) {
      check("arrayOverwrite", r(), vector(1 + random.nextInt(6)));
    }
  }

  @Test
  void arraysAllocatedAgainInEachIteration() {
    // found by RandomProgramsTest: an array and its adjoint restored in the wrong order
    for (int k = 0; k < 5; k++) {
      check("arrayAllocatedInALoop", r(), vector(1 + random.nextInt(5)));
    }
  }

  @Test
  void arrayInitializers() {
    check("arrayLiteral", r());
  }

  @Test
  void conditionalExpressionChains() {
    for (double x : new double[] {-2.5, -0.3, 0.4, 3.2}) {
      check("ternaryChain", x);
    }
  }

  @Test
  void integerValuesAreNotDifferentiated() {
    for (int n = 0; n < 6; n++) {
      GradientAssertions.assertGradientWrt(program, CLASS, "intArithmetic", new int[] {0}, r(), n);
    }
  }

  @Test
  void assignmentsUsedAsValues() {
    for (int k = 0; k < 5; k++) {
      check("assignmentValues", r(), r());
    }
  }

  @Test
  void floatsWorkLikeDoubles() {
    for (int k = 0; k < 5; k++) {
      // x stays clear of abs's kink at 0, which the wide float step would straddle
      float x = (float) ((0.1 + random.nextDouble() * 0.9) * (random.nextBoolean() ? 1 : -1));
      float y = (float) r();
      Object g = program.call("features.FGrad", "floatsGrad", x, y);
      float h = 1e-2f;
      float fx = ((Number) program.call(CLASS, "floats", x + h, y)).floatValue()
          - ((Number) program.call(CLASS, "floats", x - h, y)).floatValue();
      double expected = fx / (2 * h);
      double actual = component(g, "x");
      org.junit.jupiter.api.Assertions.assertEquals(expected, actual, 2e-2 * Math.max(1, Math.abs(expected)));
    }
  }

  @Test
  void reassignedParameters() {
    for (int k = 0; k < 5; k++) {
      check("parameterReassigned", r(), r());
    }
  }

  @Test
  void aVariableDeclaredWithoutAValueInALoop() {
    for (int k = 0; k < 5; k++) {
      check("declaredWithoutValueInALoop", r(), r());
    }
  }

  private static double component(Object record, String name) {
    try {
      java.lang.reflect.Method m = record.getClass().getMethod(name);
      m.setAccessible(true);
      return ((Number) m.invoke(record)).doubleValue();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
