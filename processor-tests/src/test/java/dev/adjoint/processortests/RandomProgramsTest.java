package dev.adjoint.processortests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Property: every random program of the subset compiles, and its generated gradient matches
 * central differences, in reverse mode and (a second set of programs) in forward mode. Each try compiles a class of many programs at once (javac's start-up would
 * otherwise dominate); jqwik reports the seed of a failing try, which regenerates it exactly.
 */
class RandomProgramsTest {
  private static final int PROGRAMS_PER_TRY = 60;
  private static final int INPUTS_PER_PROGRAM = 3;

  /** With respect to x, y and w: reverse mode (w is an array). */
  @Property(tries = 5)
  void gradientsOfRandomProgramsMatchCentralDifferences(@ForAll long seed) {
    run(seed, false);
  }

  /**
   * With respect to x and y only, in forward mode (w is data): every program asks for it, so a
   * construct forward mode mishandles fails here instead of falling back to reverse mode.
   */
  @Property(tries = 5)
  void forwardModeGradientsOfRandomProgramsMatchCentralDifferences(@ForAll long seed) {
    run(seed, true);
  }

  private void run(long seed, boolean forward) {
    Random random = new Random(seed);
    StringBuilder src = new StringBuilder("package random;\nimport dev.adjoint.Differentiable;\npublic class P {\n");
    src.append(RandomProgramGenerator.HELPER);
    List<String> methods = new ArrayList<>();
    String annotation = forward ? "@Differentiable(wrt = {\"x\", \"y\"}, mode = Differentiable.Mode.FORWARD)" : "@Differentiable";
    for (int k = 0; k < PROGRAMS_PER_TRY; k++) {
      String method = RandomProgramGenerator.method(random, "p" + k, annotation, !forward);
      methods.add(method);
      src.append(method);
    }
    src.append("}\n");
    Program program;
    try {
      program = Program.compile("random.P", src.toString());
    } catch (AssertionError e) {
      throw new AssertionError("random programs (seed " + seed + ") failed to compile:\n" + numbered(src.toString()), e);
    }

    int checked = 0;
    int atKinks = 0;
    if (forward) {
      String generated = program.generatedSource("random.PGrad");
      for (int k = 0; k < PROGRAMS_PER_TRY; k++) {
        String vjp = GeneratedMethods.vjpOf(generated, "p" + k);
        assertTrue(vjp.contains("forward mode, no tape") && !vjp.contains("tape."), vjp);
      }
    }
    for (int k = 0; k < PROGRAMS_PER_TRY; k++) {
      for (int trial = 0; trial < INPUTS_PER_PROGRAM; trial++) {
        double x = random.nextDouble() * 2 - 1;
        double y = random.nextDouble() * 2 - 1;
        double[] w = new double[random.nextInt(5)];
        for (int i = 0; i < w.length; i++) {
          w[i] = random.nextDouble() * 2 - 1;
        }
        Outcome o = check(program, "p" + k, x, y, w, forward ? 2 : 2 + w.length);
        if (o == Outcome.AT_KINK) {
          atKinks++;
        } else if (o == Outcome.MISMATCH) {
          fail("gradient of p" + k + " differs from central differences at x=" + x + " y=" + y
              + " w=" + java.util.Arrays.toString(w) + ":\n" + methods.get(k) + "\n" + mismatch);
        }
        checked++;
      }
    }
    // inputs right at a branch's switching point are skipped; they must stay rare
    assertTrue(atKinks * 10 < checked, atKinks + " of " + checked + " inputs sat at a kink");
  }

  private static String numbered(String source) {
    StringBuilder b = new StringBuilder();
    String[] lines = source.split("\n");
    for (int i = 0; i < lines.length; i++) {
      b.append(i + 1).append(": ").append(lines[i]).append('\n');
    }
    return b.toString();
  }

  private enum Outcome {
    MATCH,
    MISMATCH,
    AT_KINK
  }

  private String mismatch = "";

  /** Compares the first {@code checked} components of the gradient (x, y, then w's). */
  private Outcome check(Program p, String name, double x, double y, double[] w, int checked) {
    double[] point = new double[2 + w.length];
    point[0] = x;
    point[1] = y;
    System.arraycopy(w, 0, point, 2, w.length);
    double[] gradient = generatedGradient(p, name, point);
    for (int i = 0; i < checked; i++) {
      double d1 = difference(p, name, point, i, 1e-6);
      double d2 = difference(p, name, point, i, 1e-7);
      if (!close(d1, d2, 1e-4)) {
        return Outcome.AT_KINK;
      }
      if (!close(d1, gradient[i], 1e-5)) {
        // a comparison of two nearly equal values (say (y + x) - x against y) can switch branch
        // within the step by rounding alone, on both steps alike: there the generated derivative
        // itself jumps between the points the differences used, so the point is a kink
        if (jumpsWithinStep(p, name, point, i, gradient[i])) {
          return Outcome.AT_KINK;
        }
        mismatch = "component " + i + ": central difference " + d1 + ", generated " + gradient[i];
        return Outcome.MISMATCH;
      }
    }
    return Outcome.MATCH;
  }

  private static boolean jumpsWithinStep(Program p, String name, double[] point, int i, double derivative) {
    for (double relativeStep : new double[] {1e-6, -1e-6, 1e-7, -1e-7}) {
      double[] moved = point.clone();
      moved[i] += relativeStep * Math.max(1, Math.abs(point[i]));
      if (!close(generatedGradient(p, name, moved)[i], derivative, 1e-5)) {
        return true;
      }
    }
    return false;
  }

  private static double[] generatedGradient(Program p, String name, double[] point) {
    double[] w = java.util.Arrays.copyOfRange(point, 2, point.length);
    Object g = p.call("random.PGrad", name + "Grad", point[0], point[1], w);
    double[] gradient = new double[point.length];
    try {
      RecordComponent[] parts = g.getClass().getRecordComponents();
      for (RecordComponent part : parts) {
        part.getAccessor().setAccessible(true);
      }
      gradient[0] = (double) parts[0].getAccessor().invoke(g);
      gradient[1] = (double) parts[1].getAccessor().invoke(g);
      if (parts.length > 2) {
        double[] gw = (double[]) parts[2].getAccessor().invoke(g);
        System.arraycopy(gw, 0, gradient, 2, w.length);
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    return gradient;
  }

  private static double difference(Program p, String name, double[] point, int i, double relativeStep) {
    double h = relativeStep * Math.max(1, Math.abs(point[i]));
    double[] plus = point.clone();
    double[] minus = point.clone();
    plus[i] += h;
    minus[i] -= h;
    return (value(p, name, plus) - value(p, name, minus)) / (2 * h);
  }

  private static double value(Program p, String name, double[] point) {
    double[] w = java.util.Arrays.copyOfRange(point, 2, point.length);
    return (double) p.call("random.P", name, point[0], point[1], w);
  }

  private static boolean close(double a, double b, double tolerance) {
    return Math.abs(a - b) <= tolerance * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
  }
}
