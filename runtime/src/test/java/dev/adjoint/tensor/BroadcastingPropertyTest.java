package dev.adjoint.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Broadcast arithmetic on random shape pairs, against an index-by-index reference. */
class BroadcastingPropertyTest {

  /** An output shape and two operand shapes that broadcast to it. */
  record Case(int[] out, int[] a, int[] b) {
    @Override
    public String toString() {
      return Arrays.toString(a) + " op " + Arrays.toString(b) + " -> " + Arrays.toString(out);
    }
  }

  @Provide
  Arbitrary<Case> broadcastCases() {
    Arbitrary<int[]> outShapes = Arbitraries.integers().between(1, 5).array(int[].class).ofMinSize(0).ofMaxSize(4);
    return outShapes.flatMap(out -> Combinators.combine(operand(out), operand(out)).as((a, b) -> {
      int[] full = Broadcast.shape("test", a, b); // may be smaller than out where both are 1
      return new Case(full, a, b);
    }));
  }

  /** A suffix of {@code out} with some dimensions replaced by 1. */
  private static Arbitrary<int[]> operand(int[] out) {
    return Arbitraries.integers().between(0, out.length).flatMap(rank ->
        Arbitraries.integers().between(0, 1).array(int[].class).ofSize(rank).map(ones -> {
          int[] s = new int[rank];
          for (int i = 0; i < rank; i++) {
            s[i] = ones[i] == 1 ? 1 : out[out.length - rank + i];
          }
          return s;
        }));
  }

  @Property(tries = 300)
  void arithmeticMatchesReference(@ForAll("broadcastCases") Case c, @ForAll boolean float64) {
    DType dtype = float64 ? DType.FLOAT64 : DType.FLOAT32;
    Tensor a = Reference.random(dtype, c.a());
    Tensor b = Reference.random(dtype, c.b()).abs().add(0.5);
    check(c, a, b, a.add(b), Double::sum);
    check(c, a, b, a.sub(b), (x, y) -> x - y);
    check(c, a, b, a.mul(b), (x, y) -> x * y);
    check(c, a, b, a.div(b), (x, y) -> x / y);
  }

  @Property(tries = 200)
  void sumToUndoesBroadcastToAsItsAdjoint(@ForAll("broadcastCases") Case c) {
    // <broadcastTo(x), y> == <x, sumTo(y)>: the two are adjoint linear maps
    Tensor x = Reference.random(DType.FLOAT64, c.a());
    Tensor y = Reference.random(DType.FLOAT64, c.out());
    double left = dot(x.broadcastTo(c.out()), y);
    double right = dot(x, y.sumTo(c.a()));
    assertEquals(left, right, 1e-9 * (1 + Math.abs(left)));
    assertArrayEquals(c.a(), y.sumTo(c.a()).shape());
  }

  private static void check(Case c, Tensor a, Tensor b, Tensor result, DoubleBinaryOperator f) {
    assertArrayEquals(c.out(), result.shape());
    assertEquals(a.dtype(), result.dtype());
    double[] expected = Reference.binary(a.toDoubleArray(), c.a(), b.toDoubleArray(), c.b(), c.out(), f);
    double[] actual = result.toDoubleArray();
    double tol = a.dtype() == DType.FLOAT32 ? 1e-6 : 1e-15;
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), c + " at " + i);
    }
  }

  private static double dot(Tensor a, Tensor b) {
    double[] x = a.toDoubleArray();
    double[] y = b.toDoubleArray();
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }
}
