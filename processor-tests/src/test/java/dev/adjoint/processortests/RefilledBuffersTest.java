package dev.adjoint.processortests;

import static dev.adjoint.processortests.GradientAssertions.assertGradient;
import static dev.adjoint.processortests.GradientAssertions.assertGradientWrt;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A scratch array that a loop fills afresh in each iteration of the loop around it is filled again
 * by the adjoint of that iteration, instead of saved and restored element by element
 * (RefilledBuffers); wherever the refill would not give the values the iteration saw, the tape
 * stays. Every case against central differences.
 */
class RefilledBuffersTest {
  private static final String CLASS = "buffers.B";
  private static Program program;
  private static String generated;
  private final Random random = new Random(5);

  @BeforeAll
  static void compile() {
    program = Program.compile(CLASS, """
        package buffers;

        import dev.adjoint.Differentiable;

        public class B {
          /** ADBench's GMM in small: each point centered on each mean, in one reused buffer. */
          @Differentiable(wrt = {"means", "scale"})
          static double centered(double[][] means, double scale, double[][] points) {
            int d = points[0].length;
            double[] centered = new double[d];
            double total = 0;
            for (int i = 0; i < points.length; i++) {
              for (int c = 0; c < means.length; c++) {
                for (int r = 0; r < d; r++) {
                  centered[r] = points[i][r] - means[c][r] * scale;
                }
                double norm = 0;
                for (int r = 0; r < d; r++) {
                  double row = centered[r];
                  for (int col = 0; col < r; col++) {
                    row += 0.5 * centered[col];
                  }
                  norm += Math.sin(row) * row;
                }
                total += Math.exp(-0.1 * norm);
              }
            }
            return total;
          }

          /** The buffer carries values from one iteration into the next: it is read before the fill. */
          @Differentiable
          static double carried(double[] w, double x) {
            double[] a = new double[w.length];
            double total = 0;
            for (int round = 0; round < 3; round++) {
              for (int i = 0; i < a.length; i++) {
                total += Math.cos(a[i]) * x;
              }
              for (int i = 0; i < a.length; i++) {
                a[i] = Math.sin(w[i] * x + round);
              }
              for (int i = 0; i < a.length; i++) {
                total += a[i] * a[i];
              }
            }
            return total;
          }

          /** The filled range grows with the outer index: elements past it hold older values. */
          @Differentiable
          static double growing(double[] w, double x) {
            double[] a = new double[w.length];
            double total = 0;
            for (int round = 0; round < w.length; round++) {
              for (int i = 0; i <= round; i++) {
                a[i] = Math.sin(w[i] * x + round);
              }
              for (int i = 0; i < a.length; i++) {
                total += a[i] * a[i] * x;
              }
            }
            return total;
          }

          /** The fill reads a value the loop changes: the adjoint could not compute it again. */
          @Differentiable
          static double drifting(double[] w, double x) {
            double[] a = new double[w.length];
            double s = x;
            double total = 0;
            for (int round = 0; round < 3; round++) {
              for (int i = 0; i < a.length; i++) {
                a[i] = Math.sin(w[i] * s);
              }
              for (int i = 0; i < a.length; i++) {
                total += a[i] * a[i];
              }
              s = s * 0.5 + total * 0.1;
            }
            return total;
          }

          /** A second writer of the buffer: not a fill from scratch. */
          @Differentiable
          static double twoWriters(double[] w, double x) {
            double[] a = new double[w.length];
            double total = 0;
            for (int round = 0; round < 3; round++) {
              for (int i = 0; i < a.length; i++) {
                a[i] = Math.sin(w[i] * x + round);
              }
              a[round % a.length] = a[0] * x;
              for (int i = 0; i < a.length; i++) {
                total += a[i] * a[i];
              }
            }
            return total;
          }
        }
        """);
    generated = program.generatedSource("buffers.BGrad");
  }

  private String vjpOf(String method) {
    return GeneratedMethods.vjpOf(generated, method);
  }

  private double[] vector(int n) {
    return GeneratedMethods.vector(random, n);
  }

  private double[][] matrix(int rows, int cols) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = vector(cols);
    }
    return m;
  }

  @Test
  void aBufferFilledInEachIterationIsFilledAgainInsteadOfKept() {
    String vjp = vjpOf("centered");
    assertFalse(vjp.contains("tape.pushDouble(centered"), vjp);
    assertTrue(vjp.contains("filled again instead of restored"), vjp);
    for (int k = 0; k < 5; k++) {
      assertGradientWrt(program, CLASS, "centered", new int[] {0, 1}, matrix(3, 4), random.nextDouble(), matrix(4, 4));
    }
  }

  @Test
  void aBufferReadBeforeItsFillKeepsItsRestores() {
    assertTrue(vjpOf("carried").contains("tape.pushDouble(a["), vjpOf("carried"));
    for (int k = 0; k < 5; k++) {
      assertGradient(program, CLASS, "carried", vector(4), random.nextDouble());
    }
  }

  @Test
  void aFillWhoseRangeChangesKeepsItsRestores() {
    assertTrue(vjpOf("growing").contains("tape.pushDouble(a["), vjpOf("growing"));
    for (int k = 0; k < 5; k++) {
      assertGradient(program, CLASS, "growing", vector(4), random.nextDouble());
    }
  }

  @Test
  void aFillReadingAChangingValueKeepsItsRestores() {
    assertTrue(vjpOf("drifting").contains("tape.pushDouble(a["), vjpOf("drifting"));
    for (int k = 0; k < 5; k++) {
      assertGradient(program, CLASS, "drifting", vector(4), random.nextDouble());
    }
  }

  @Test
  void aBufferWithASecondWriterKeepsItsRestores() {
    assertFalse(vjpOf("twoWriters").contains("filled again"), vjpOf("twoWriters"));
    for (int k = 0; k < 5; k++) {
      assertGradient(program, CLASS, "twoWriters", vector(4), random.nextDouble());
    }
  }
}
