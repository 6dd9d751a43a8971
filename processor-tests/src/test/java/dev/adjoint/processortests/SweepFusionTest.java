package dev.adjoint.processortests;

import static dev.adjoint.processortests.GradientAssertions.assertGradient;
import static dev.adjoint.processortests.GradientAssertions.assertGradientWrt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loops whose adjoint runs inside the forward loop (SweepFusion): which loops fuse, which must
 * not, and, for each, the gradient against central differences.
 */
class SweepFusionTest {
  private static final String CLASS = "fusion.L";
  private static final String FUSED = "adjoint of this iteration, at once";
  private static Program program;
  private static String generated;
  private final Random random = new Random(7);

  @BeforeAll
  static void compile() {
    program = Program.compile(CLASS, """
        package fusion;

        import dev.adjoint.Differentiable;

        public class L {
          @Differentiable(wrt = "p")
          static double huber(double[] p, double[] t, double delta) {
            double loss = 0;
            for (int i = 0; i < p.length; i++) {
              double r = p[i] - t[i];
              if (Math.abs(r) <= delta) {
                loss += 0.5 * r * r;
              } else {
                loss += delta * (Math.abs(r) - 0.5 * delta);
              }
            }
            return loss;
          }

          @Differentiable(wrt = {"w", "b"})
          static double mse(double[] w, double b, double[][] xs, double[] ys) {
            double total = 0;
            for (int i = 0; i < xs.length; i++) {
              double prediction = b;
              for (int j = 0; j < w.length; j++) {
                prediction += xs[i][j] * w[j];
              }
              double error = prediction - ys[i];
              total += error * error;
            }
            return total / xs.length;
          }

          /** A recurrence: each iteration's adjoint needs the next one's, so it runs backwards (in reverse mode, asked for: AUTO would pick forward mode). */
          @Differentiable(wrt = {"r", "x0"}, mode = Differentiable.Mode.REVERSE)
          static double logistic(double r, double x0, int steps) {
            double x = x0;
            for (int i = 0; i < steps; i++) {
              x = r * x * (1 - x);
            }
            return x;
          }

          /** The statement after the loop reads the loop's sum: its adjoint cannot move first. */
          @Differentiable
          static double squaredSum(double[] v) {
            double s = 0;
            for (int i = 0; i < v.length; i++) {
              s += Math.sin(v[i]) * v[i];
            }
            double t = s * s;
            return t;
          }

          /** Two loops; the second fuses, the first's adjoint needs the second's result. */
          @Differentiable
          static double twoLoops(double[] v, double c) {
            double[] h = new double[v.length];
            for (int i = 0; i < v.length; i++) {
              h[i] = Math.tanh(v[i] * c);
            }
            double out = 0;
            for (int i = 0; i < v.length; i++) {
              out += h[i] * v[i];
            }
            return out;
          }

          /** A local overwritten in each iteration, with a loop-invariant scale after the loop. */
          @Differentiable
          static double scaledAbsSum(double[] v, double scale) {
            double acc = 0;
            double last = 0;
            for (int i = 0; i < v.length; i++) {
              last = v[i] * v[i] - scale;
              acc += Math.exp(-last * last);
            }
            return acc * scale;
          }

          /** A value declared inside a branch of the body, read by the adjoint half. */
          @Differentiable
          static double branchLocal(double[] v, double c) {
            double s = 0;
            for (int i = 0; i < v.length; i++) {
              if (v[i] > 0) {
                double t = Math.tanh(v[i] * c);
                s += t * t;
              }
            }
            return s;
          }
        }
        """);
    generated = program.generatedSource("fusion.LGrad");
  }

  private String vjpOf(String method) {
    return GeneratedMethods.vjpOf(generated, method);
  }

  private double[] vector(int n) {
    return GeneratedMethods.vector(random, n);
  }

  @Test
  void aLossSummedOverIndependentElementsRunsItsAdjointInTheSameLoop() {
    String huber = vjpOf("huber");
    assertTrue(huber.contains(FUSED), huber);
    assertFalse(huber.contains("tape"), huber);
    // the branch's adjoint runs inside the branch: its condition is evaluated once per iteration
    assertEquals(1, huber.split("Math.abs\\(r\\) <= delta", -1).length - 1, huber);
    for (int k = 0; k < 5; k++) {
      assertGradientWrt(program, CLASS, "huber", new int[] {0}, vector(7), vector(7), 0.4);
    }
  }

  @Test
  void aFusedLoopNeedsNoTapeForValuesItOverwrites() {
    String mse = vjpOf("mse");
    assertTrue(mse.contains(FUSED), mse);
    assertFalse(mse.contains("tape"), "error was kept on the tape:\n" + mse);
    for (int k = 0; k < 5; k++) {
      double[][] xs = {vector(3), vector(3), vector(3), vector(3)};
      assertGradientWrt(program, CLASS, "mse", new int[] {0, 1}, vector(3), random.nextDouble(), xs, vector(4));
    }
  }

  @Test
  void aRecurrenceKeepsItsBackwardAdjointLoop() {
    String logistic = vjpOf("logistic");
    assertFalse(logistic.contains(FUSED), logistic);
    assertTrue(logistic.contains("tape.popDouble()"), logistic);
    for (int k = 0; k < 5; k++) {
      assertGradient(program, CLASS, "logistic", 2.5 + random.nextDouble(), 0.2 + 0.6 * random.nextDouble(), 6);
    }
  }

  @Test
  void aLoopWhoseResultTheFollowingAdjointReadsIsNotFused() {
    String squaredSum = vjpOf("squaredSum");
    assertFalse(squaredSum.contains(FUSED), squaredSum);
    for (int k = 0; k < 5; k++) {
      assertGradient(program, CLASS, "squaredSum", vector(5));
    }
  }

  @Test
  void ofTwoLoopsOnlyTheLastFuses() {
    String twoLoops = vjpOf("twoLoops");
    int fused = twoLoops.split(FUSED, -1).length - 1;
    assertEquals(1, fused, twoLoops);
    for (int k = 0; k < 5; k++) {
      assertGradient(program, CLASS, "twoLoops", vector(6), 0.5 + random.nextDouble());
    }
  }

  @Test
  void aVariableOverwrittenInEachIterationAndScaledAfterward() {
    for (int k = 0; k < 5; k++) {
      assertGradient(program, CLASS, "scaledAbsSum", vector(6), 0.3 + random.nextDouble());
    }
  }

  @Test
  void aValueDeclaredInABranchOfTheBodyIsInScopeForTheAdjointHalf() {
    // found by RandomProgramsTest: the fused adjoint half read a variable the forward half
    // declared inside an if, which did not compile
    String branchLocal = vjpOf("branchLocal");
    assertTrue(branchLocal.contains(FUSED), branchLocal);
    for (int k = 0; k < 5; k++) {
      assertGradient(program, CLASS, "branchLocal", vector(8), 0.5 + random.nextDouble());
    }
  }

  @Test
  void emptyArraysGiveEmptyGradients() {
    Object g = program.call("fusion.LGrad", "huberGrad", new double[0], new double[0], 0.4);
    assertEquals(0, ((double[]) g).length);
  }
}
