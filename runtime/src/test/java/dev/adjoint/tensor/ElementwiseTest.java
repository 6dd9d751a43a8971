package dev.adjoint.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Elementwise functions against {@code java.lang.Math}, in both dtypes, and their fused backward kernels. */
class ElementwiseTest {

  private static final double[] X = {-30, -5, -1.25, -0.5, -1e-3, 0, 1e-3, 0.5, 1.25, 5, 30};
  private static final double[] POSITIVE = {1e-3, 0.1, 0.5, 1, 2.5, 10, 1e4};

  private static void check(double[] xs, UnaryOperator<Tensor> op, DoubleUnaryOperator exact) {
    for (DType dtype : DType.values()) {
      Tensor x = Tensor.of(xs, dtype);
      double[] actual = op.apply(x).toDoubleArray();
      double[] input = x.toDoubleArray();
      for (int i = 0; i < xs.length; i++) {
        double expected = exact.applyAsDouble(input[i]);
        double tol = (dtype == DType.FLOAT32 ? 2e-7 : 4e-16) * Math.max(Math.abs(expected), 1e-30);
        assertEquals(expected, actual[i], tol, dtype + " at x = " + input[i]);
      }
    }
  }

  @Test
  void unaryFunctions() {
    check(X, Tensor::neg, x -> -x);
    check(X, Tensor::exp, Math::exp);
    check(POSITIVE, Tensor::log, Math::log);
    check(X, Tensor::tanh, Math::tanh);
    check(X, Tensor::sigmoid, x -> 1 / (1 + Math.exp(-x)));
    check(X, Tensor::relu, x -> Math.max(x, 0));
    check(X, Tensor::softplus, x -> Math.log1p(Math.exp(x)));
    check(POSITIVE, Tensor::sqrt, Math::sqrt);
    check(X, Tensor::square, x -> x * x);
    check(X, Tensor::abs, Math::abs);
  }

  @Test
  void softplusAndSigmoidDoNotOverflow() {
    Tensor big = Tensor.of(new double[] {1000, -1000}, DType.FLOAT64);
    assertArrayEquals(new double[] {1000, 0}, big.softplus().toDoubleArray());
    assertArrayEquals(new double[] {1, 0}, big.sigmoid().toDoubleArray());
  }

  @Test
  void arithmeticWithConstants() {
    check(X, x -> x.add(2.5), x -> x + 2.5);
    check(X, x -> x.sub(2.5), x -> x - 2.5);
    check(X, x -> x.rsub(2.5), x -> 2.5 - x);
    check(X, x -> x.mul(-3), x -> -3 * x);
    check(X, x -> x.div(4), x -> x / 4);
    check(POSITIVE, x -> x.rdiv(3), x -> 3 / x);
    for (double p : new double[] {2, 1, 0.5, -1, 3, 0, -2.5}) {
      check(POSITIVE, x -> x.pow(p), x -> Math.pow(x, p));
    }
  }

  @Test
  void nanPropagates() {
    Tensor nan = Tensor.of(new float[] {Float.NaN});
    for (Tensor r : new Tensor[] {nan.tanh(), nan.relu(), nan.exp(), nan.sigmoid(), nan.abs(), nan.add(1)}) {
      assertTrue(Double.isNaN(r.item()), r.toString());
    }
  }

  @Test
  void fusedBackwardKernels() {
    for (DType dtype : DType.values()) {
      Tensor x = Tensor.of(new double[] {-2, -0.5, 0.25, 0.75, 3}, dtype);
      Tensor g = Tensor.of(new double[] {1, -2, 0.5, 3, -1}, dtype);
      double[] xs = x.toDoubleArray();
      double[] gs = g.toDoubleArray();
      double tol = dtype == DType.FLOAT32 ? 1e-6 : 1e-15;
      assertClose(BackwardOps.tanhBackward(x, g), i -> gs[i] * (1 - Math.pow(Math.tanh(xs[i]), 2)), tol);
      assertClose(BackwardOps.sigmoidBackward(x, g), i -> {
        double s = 1 / (1 + Math.exp(-xs[i]));
        return gs[i] * s * (1 - s);
      }, tol);
      assertClose(BackwardOps.reluBackward(x, g), i -> xs[i] > 0 ? gs[i] : 0, tol);
      assertClose(BackwardOps.softplusBackward(x, g), i -> gs[i] / (1 + Math.exp(-xs[i])), tol);
      assertClose(BackwardOps.absBackward(x, g), i -> gs[i] * Math.signum(xs[i]), tol);
      Tensor positive = x.abs();
      assertClose(BackwardOps.sqrtBackward(positive, g), i -> gs[i] / (2 * Math.sqrt(Math.abs(xs[i]))), tol);
    }
    assertEquals(0, BackwardOps.reluBackward(Tensor.zeros(1), Tensor.ones(1)).item(), "relu'(0) = 0 as in JAX");
  }

  private static void assertClose(Tensor actual, java.util.function.IntToDoubleFunction expected, double tol) {
    double[] a = actual.toDoubleArray();
    for (int i = 0; i < a.length; i++) {
      double e = expected.applyAsDouble(i);
      assertEquals(e, a[i], tol * Math.max(1, Math.abs(e)), "element " + i);
    }
  }

  @Test
  void longArraysSplitAcrossThreadsGiveTheSameResult() {
    int n = (1 << 19) + 3;
    double[] values = Reference.randomValues(n);
    Tensor x = Tensor.of(values);
    Tensor y = Tensor.of(Reference.randomValues(n));
    float[] sum = x.add(y).toFloatArray();
    float[] tanh = x.tanh().toFloatArray();
    float[] xs = x.toFloatArray();
    float[] ys = y.toFloatArray();
    for (int i = 0; i < n; i += 997) {
      assertEquals(xs[i] + ys[i], sum[i], 0);
      assertEquals((float) Math.tanh(xs[i]), tanh[i], Math.ulp(tanh[i]));
    }
    assertEquals(xs[n - 1] + ys[n - 1], sum[n - 1], 0);
  }
}
