package dev.adjoint.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Tensor;
import java.util.Random;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Checks a reverse-mode rule against float64 central differences. For a primitive {@code f} of
 * one varied input {@code x} (the others held fixed in the lambda), the probe
 * {@code L(x) = sum(f(x) * R)} with a random {@code R} has gradient {@code rule(R)}; every
 * component of the rule's result is compared with {@code (L(x + h e_i) - L(x - h e_i)) / 2h}.
 */
final class GradientCheck {
  private GradientCheck() {}

  static final double STEP = 1e-6;
  static final double TOLERANCE = 1e-6;

  private static final Random RANDOM = new Random(20240917);

  /** A float64 tensor with uniform entries in {@code [-2, 2]}. */
  static Tensor random(int... shape) {
    return uniform(-2, 2, shape);
  }

  /** A float64 tensor with entries in {@code [lo, hi]}. */
  static Tensor uniform(double lo, double hi, int... shape) {
    double[] v = new double[dev.adjoint.tensor.Shape.size(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = lo + (hi - lo) * RANDOM.nextDouble();
    }
    return Tensor.of(v, DType.FLOAT64).reshape(shape);
  }

  /** Entries in {@code [-2, -0.1] ∪ [0.1, 2]}: away from the kinks of relu and abs. */
  static Tensor awayFromZero(int... shape) {
    double[] v = random(shape).toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.copySign(0.1 + Math.abs(v[i]) * 0.95, v[i]);
    }
    return Tensor.of(v, DType.FLOAT64).reshape(shape);
  }

  /** Tensor input, tensor result. */
  static void check(Tensor x, Function<Tensor, Tensor> f, Function<Tensor, Tensor> rule) {
    Tensor y = f.apply(x);
    Tensor r = random(y.shape());
    Tensor analytic = rule.apply(r);
    assertArrayEquals(x.shape(), analytic.shape(), "rule result shape");
    assertEquals(DType.FLOAT64, analytic.dtype(), "rule result dtype");
    double[] expected = numeric(x, t -> dot(f.apply(t), r));
    compare(expected, analytic.toDoubleArray());
  }

  /** Tensor input, double result. */
  static void checkToDouble(Tensor x, ToDoubleFunction<Tensor> f, Function<Double, Tensor> rule) {
    double r = RANDOM.nextGaussian();
    Tensor analytic = rule.apply(r);
    assertArrayEquals(x.shape(), analytic.shape(), "rule result shape");
    double[] expected = numeric(x, t -> f.applyAsDouble(t) * r);
    compare(expected, analytic.toDoubleArray());
  }

  /** Double input, tensor result. */
  static void checkScalar(double c, DoubleFunction<Tensor> f, ToDoubleFunction<Tensor> rule) {
    Tensor y = f.apply(c);
    Tensor r = random(y.shape());
    double analytic = rule.applyAsDouble(r);
    double expected = (dot(f.apply(c + STEP), r) - dot(f.apply(c - STEP), r)) / (2 * STEP);
    compare(new double[] {expected}, new double[] {analytic});
  }

  /** double[] input, tensor result. */
  static void checkArray(double[] x, Function<double[], Tensor> f, Function<Tensor, double[]> rule) {
    Tensor r = random(f.apply(x).shape());
    double[] analytic = rule.apply(r);
    double[] expected = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double[] plus = x.clone();
      double[] minus = x.clone();
      plus[i] += STEP;
      minus[i] -= STEP;
      expected[i] = (dot(f.apply(plus), r) - dot(f.apply(minus), r)) / (2 * STEP);
    }
    compare(expected, analytic);
  }

  /** {@code sum(a * b)} in double. */
  static double dot(Tensor a, Tensor b) {
    double[] x = a.toDoubleArray();
    double[] y = b.toDoubleArray();
    assertEquals(x.length, y.length, "probe size");
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }

  private static double[] numeric(Tensor x, ToDoubleFunction<Tensor> probe) {
    double[] base = x.toDoubleArray();
    double[] grad = new double[base.length];
    for (int i = 0; i < base.length; i++) {
      double[] plus = base.clone();
      double[] minus = base.clone();
      plus[i] += STEP;
      minus[i] -= STEP;
      grad[i] = (probe.applyAsDouble(Tensor.of(plus, DType.FLOAT64).reshape(x.shape()))
          - probe.applyAsDouble(Tensor.of(minus, DType.FLOAT64).reshape(x.shape()))) / (2 * STEP);
    }
    return grad;
  }

  private static void compare(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, "gradient length");
    for (int i = 0; i < expected.length; i++) {
      double scale = Math.max(1, Math.max(Math.abs(expected[i]), Math.abs(actual[i])));
      if (!(Math.abs(expected[i] - actual[i]) <= TOLERANCE * scale)) {
        fail("component " + i + ": central difference " + expected[i] + ", rule " + actual[i]);
      }
    }
  }
}
