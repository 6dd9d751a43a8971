package dev.adjoint.processortests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers for tests that read one generated method and feed it random inputs. */
final class GeneratedMethods {
  private GeneratedMethods() {}

  /** The text of {@code <method>Vjp} in a generated source, from its signature to its closing brace. */
  static String vjpOf(String generated, String method) {
    Matcher m = Pattern.compile("static \\S+ " + method + "Vjp\\(").matcher(generated);
    assertTrue(m.find(), "no " + method + "Vjp in\n" + generated);
    return generated.substring(m.start(), generated.indexOf("\n  }\n", m.start()));
  }

  /** {@code n} numbers uniform in [-1, 1). */
  static double[] vector(Random random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextDouble() * 2 - 1;
    }
    return v;
  }
}
