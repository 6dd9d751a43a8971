package dev.adjoint.processortests;

import static dev.adjoint.processortests.GradientAssertions.assertGradient;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A local array written one element per iteration keeps nothing on the tape when no other
 * iteration, and nothing after the loop, reads the element again (DeadRestores per element);
 * where one does, the tape stays. Every case against central differences.
 */
class ElementRestoresTest {
  private static final String CLASS = "elements.E";
  private static Program program;
  private static String generated;
  private final Random random = new Random(11);

  @BeforeAll
  static void compile() {
    program = Program.compile(CLASS, """
        package elements;

        import dev.adjoint.Differentiable;

        public class E {
          /** A hidden layer into a fresh array, read by a second loop. */
          @Differentiable
          static double layer(double[] w, double[] x, double c) {
            double[] hidden = new double[w.length];
            for (int j = 0; j < w.length; j++) {
              hidden[j] = Math.tanh(w[j] * x[j] + c);
            }
            double out = 0;
            for (int j = 0; j < hidden.length; j++) {
              out += hidden[j] * hidden[j];
            }
            return out;
          }

          /** Each element is built from the one before: the restores stay. */
          @Differentiable
          static double chain(double[] w, double x) {
            double[] a = new double[w.length + 1];
            a[0] = x;
            for (int i = 1; i < a.length; i++) {
              a[i] = Math.sin(a[i - 1] * w[i - 1]);
            }
            return a[a.length - 1];
          }

          /** The same element written twice in one loop, by two iterations over an outer loop. */
          @Differentiable
          static double rewritten(double[] w, double x) {
            double[] a = new double[w.length];
            double total = 0;
            for (int round = 0; round < 3; round++) {
              for (int i = 0; i < a.length; i++) {
                a[i] = Math.sin(a[i] + w[i] * x);
              }
              for (int i = 0; i < a.length; i++) {
                total += a[i] * (round + 1);
              }
            }
            return total;
          }

          /**
           * Overwritten without being read, but an earlier round's adjoint reads the old values; the
           * fill reads the running total, so the adjoint cannot fill the array again (RefilledBuffers).
           */
          @Differentiable
          static double overwrittenEachRound(double[] w, double x) {
            double[] a = new double[w.length];
            double total = 0;
            for (int round = 0; round < 3; round++) {
              for (int i = 0; i < a.length; i++) {
                a[i] = Math.sin(w[i] * x + 0.1 * total);
              }
              for (int i = 0; i < a.length; i++) {
                total += a[i] * a[i] * (round + 1);
              }
            }
            return total;
          }

          /**
           * A row per layer of a recurrence, whose values the adjoint never reads (tanh's rule takes
           * its result alone): the row's adjoint alias must still come back layer by layer.
           */
          @Differentiable(wrt = "m")
          static double layers(double[][] m, double x0) {
            double h = x0;
            for (int k = 0; k < m.length; k++) {
              double[] row = m[k];
              double activated = Math.tanh(h * 0.5 + row[0]);
              h = activated;
            }
            return h;
          }

          /** A new array in each iteration, read again by the loop inside (found by RandomProgramsTest). */
          @Differentiable
          static double freshEachIteration(double[] w, double x) {
            double y = x;
            for (int i = 0; i < w.length; i++) {
              double[] a = new double[w.length];
              a[i] = Math.tanh(a[i] + x - Math.sin(y));
              int c = 0;
              while (c < 1) {
                c++;
                y = Math.tanh(y + a[i] * w[i]);
              }
            }
            return y;
          }
        }
        """);
    generated = program.generatedSource("elements.EGrad");
  }

  private String vjpOf(String method) {
    return GeneratedMethods.vjpOf(generated, method);
  }

  private double[] vector(int n) {
    return GeneratedMethods.vector(random, n);
  }

  @Test
  void aLayerWrittenIntoAFreshArrayNeedsNoTape() {
    String layer = vjpOf("layer");
    assertFalse(layer.contains("tape"), layer);
    for (int k = 0; k < 5; k++) {
      assertGradient(program, CLASS, "layer", vector(6), vector(6), random.nextDouble());
    }
  }

  @Test
  void anElementTheNextIterationReadsKeepsItsRestore() {
    assertTrue(vjpOf("chain").contains("tape.popDouble()"), vjpOf("chain"));
    for (int k = 0; k < 5; k++) {
      assertGradient(program, CLASS, "chain", vector(5), random.nextDouble());
    }
  }

  @Test
  void valuesAnEarlierRoundsAdjointReadsAreKept() {
    assertTrue(vjpOf("overwrittenEachRound").contains("tape.popDouble()"), vjpOf("overwrittenEachRound"));
    for (int k = 0; k < 5; k++) {
      assertGradient(program, CLASS, "overwrittenEachRound", vector(4), random.nextDouble());
    }
  }

  @Test
  void aRowAliasKeepsItsAdjointPerIterationWhenItsValuesAreNotNeeded() {
    // the row, and its adjoint's row, are taken again in each adjoint iteration: no tape
    String layers = vjpOf("layers");
    assertTrue(layers.contains("rowBar = mBar[k];"), layers);
    assertFalse(layers.contains("pushObject"), layers);
    for (int k = 0; k < 5; k++) {
      double[][] m = {vector(2), vector(2), vector(2)};
      GradientAssertions.assertGradientWrt(program, CLASS, "layers", new int[] {0}, m, random.nextDouble());
    }
  }

  @Test
  void anArrayCreatedInEachIterationIsNotTrackedByElement() {
    for (int k = 0; k < 5; k++) {
      assertGradient(program, CLASS, "freshEachIteration", vector(4), random.nextDouble());
    }
  }

  @Test
  void anElementAnOuterLoopWritesAgainKeepsItsRestore() {
    assertTrue(vjpOf("rewritten").contains("tape.popDouble()"), vjpOf("rewritten"));
    for (int k = 0; k < 5; k++) {
      assertGradient(program, CLASS, "rewritten", vector(4), random.nextDouble());
    }
  }
}
