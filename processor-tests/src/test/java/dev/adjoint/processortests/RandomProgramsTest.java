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

  /** With respect to x, y, w and m: reverse mode (w and m are arrays). */
  @Property(tries = 5)
  void gradientsOfRandomProgramsMatchCentralDifferences(@ForAll long seed) {
    run(seed, false);
  }

  /**
   * With respect to x and y only, in forward mode (w and m are data): every program asks for it, so a
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
        Inputs in = Inputs.random(random);
        Outcome o = check(program, "p" + k, in, forward ? 2 : in.size());
        if (o == Outcome.AT_KINK) {
          atKinks++;
        } else if (o == Outcome.MISMATCH) {
          fail("gradient of p" + k + " differs from central differences at " + in + ":\n" + methods.get(k) + "\n" + mismatch);
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

  /**
   * A program's arguments, and the same flattened into one point (x, y, w's elements, m's
   * elements row by row) for differences; m's rows keep their lengths (1 to 3, ragged).
   */
  private record Inputs(double x, double y, double[] w, double[][] m) {
    static Inputs random(Random random) {
      double[] w = new double[random.nextInt(5)];
      for (int i = 0; i < w.length; i++) {
        w[i] = random.nextDouble() * 2 - 1;
      }
      double[][] m = new double[random.nextInt(4)][];
      for (int r = 0; r < m.length; r++) {
        m[r] = new double[1 + random.nextInt(3)];
        for (int c = 0; c < m[r].length; c++) {
          m[r][c] = random.nextDouble() * 2 - 1;
        }
      }
      return new Inputs(random.nextDouble() * 2 - 1, random.nextDouble() * 2 - 1, w, m);
    }

    int size() {
      int n = 2 + w.length;
      for (double[] row : m) {
        n += row.length;
      }
      return n;
    }

    double[] point() {
      double[] p = new double[size()];
      p[0] = x;
      p[1] = y;
      System.arraycopy(w, 0, p, 2, w.length);
      int at = 2 + w.length;
      for (double[] row : m) {
        System.arraycopy(row, 0, p, at, row.length);
        at += row.length;
      }
      return p;
    }

    /** Inputs of these shapes holding {@code p}'s values (fresh arrays). */
    Inputs at(double[] p) {
      double[] w2 = java.util.Arrays.copyOfRange(p, 2, 2 + w.length);
      double[][] m2 = new double[m.length][];
      int at = 2 + w.length;
      for (int r = 0; r < m.length; r++) {
        m2[r] = java.util.Arrays.copyOfRange(p, at, at + m[r].length);
        at += m[r].length;
      }
      return new Inputs(p[0], p[1], w2, m2);
    }

    @Override
    public String toString() {
      return "x=" + x + " y=" + y + " w=" + java.util.Arrays.toString(w) + " m=" + java.util.Arrays.deepToString(m);
    }
  }

  /** Compares the first {@code checked} components of the gradient (x, y, then w's, then m's). */
  private Outcome check(Program p, String name, Inputs in, int checked) {
    double[] point = in.point();
    double[] gradient = generatedGradient(p, name, in, point);
    for (int i = 0; i < checked; i++) {
      double d1 = difference(p, name, in, point, i, 1e-6);
      double d2 = difference(p, name, in, point, i, 1e-7);
      if (!close(d1, d2, 1e-4)) {
        return Outcome.AT_KINK;
      }
      if (!close(d1, gradient[i], 1e-5)) {
        // a comparison of two nearly equal values (say (y + x) - x against y) can switch branch
        // within the step by rounding alone, on both steps alike: there the generated derivative
        // itself jumps between the points the differences used, so the point is a kink
        if (jumpsWithinStep(p, name, in, point, i, gradient[i])) {
          return Outcome.AT_KINK;
        }
        mismatch = "component " + i + ": central difference " + d1 + ", generated " + gradient[i];
        return Outcome.MISMATCH;
      }
    }
    return Outcome.MATCH;
  }

  private static boolean jumpsWithinStep(Program p, String name, Inputs in, double[] point, int i, double derivative) {
    for (double relativeStep : new double[] {1e-6, -1e-6, 1e-7, -1e-7}) {
      double[] moved = point.clone();
      moved[i] += relativeStep * Math.max(1, Math.abs(point[i]));
      if (!close(generatedGradient(p, name, in, moved)[i], derivative, 1e-5)) {
        return true;
      }
    }
    return false;
  }

  private static double[] generatedGradient(Program p, String name, Inputs shape, double[] point) {
    Inputs in = shape.at(point);
    Object g = p.call("random.PGrad", name + "Grad", in.x(), in.y(), in.w(), in.m());
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
        double[][] gm = (double[][]) parts[3].getAccessor().invoke(g);
        System.arraycopy(new Inputs(0, 0, gw, gm).point(), 2, gradient, 2, point.length - 2);
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    return gradient;
  }

  private static double difference(Program p, String name, Inputs shape, double[] point, int i, double relativeStep) {
    double h = relativeStep * Math.max(1, Math.abs(point[i]));
    double[] plus = point.clone();
    double[] minus = point.clone();
    plus[i] += h;
    minus[i] -= h;
    return (value(p, name, shape.at(plus)) - value(p, name, shape.at(minus))) / (2 * h);
  }

  private static double value(Program p, String name, Inputs in) {
    return (double) p.call("random.P", name, in.x(), in.y(), in.w(), in.m());
  }

  private static boolean close(double a, double b, double tolerance) {
    return Math.abs(a - b) <= tolerance * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
  }
}
