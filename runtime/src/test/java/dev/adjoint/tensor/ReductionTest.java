package dev.adjoint.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReductionTest {

  /** Reference sum/max over the masked axes of a [2, 3, 4] tensor. */
  private static double[] reference(double[] x, int[] shape, boolean[] mask, boolean max) {
    int[] out = Shape.reduced(shape, mask, true);
    double[] r = new double[Shape.size(out)];
    java.util.Arrays.fill(r, max ? Double.NEGATIVE_INFINITY : 0);
    for (int i = 0; i < x.length; i++) {
      int[] idx = Reference.index(i, shape);
      for (int a = 0; a < idx.length; a++) {
        if (mask[a]) {
          idx[a] = 0;
        }
      }
      int o = 0;
      for (int a = 0; a < idx.length; a++) {
        o = o * out[a] + idx[a];
      }
      r[o] = max ? Math.max(r[o], x[i]) : r[o] + x[i];
    }
    return r;
  }

  @Test
  void everyAxisSubsetOfRank3() {
    int[] shape = {2, 3, 4};
    for (DType dtype : DType.values()) {
      Tensor t = Reference.random(dtype, shape);
      double[] x = t.toDoubleArray();
      for (int subset = 0; subset < 8; subset++) {
        int bits = subset;
        int[] axes = java.util.stream.IntStream.range(0, 3).filter(a -> ((bits >> a) & 1) == 1).toArray();
        boolean[] mask = Shape.axisMask("test", axes, 3);
        for (boolean keep : new boolean[] {false, true}) {
          Tensor sum = t.sum(axes, keep);
          Tensor mean = t.mean(axes, keep);
          assertArrayEquals(Shape.reduced(shape, mask, keep), sum.shape());
          assertArrayEquals(Shape.reduced(shape, mask, keep), mean.shape());
          double[] expected = reference(x, shape, mask, false);
          int count = Shape.size(shape) / expected.length;
          double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-13;
          assertArrayEquals(expected, sum.toDoubleArray(), tol);
          assertArrayEquals(java.util.Arrays.stream(expected).map(v -> v / count).toArray(), mean.toDoubleArray(), tol);
        }
        if (axes.length == 1) {
          assertArrayEquals(reference(x, shape, mask, true), t.max(axes[0]).toDoubleArray(), 0);
          assertArrayEquals(Shape.reduced(shape, mask, true), t.max(axes[0], true).shape());
        }
      }
    }
  }

  @Test
  void wholeTensorReductionsAreRankZero() {
    Tensor t = Tensor.of(new float[] {1, -2, 7, 4}, 2, 2);
    assertArrayEquals(new int[0], t.sum().shape());
    assertEquals(10, t.sum().item());
    assertEquals(2.5, t.mean().item());
    assertEquals(7, t.max().item());
    assertEquals(2, t.neg().max().neg().item() + 4, 0); // min = -max(-x)
  }

  @Test
  void floatSumsAccumulateInDouble() {
    // a million copies of 0.1f: a float accumulator drifts by ~1%, a double one does not
    Tensor t = Tensor.full(new int[] {1_000_000}, 0.1);
    assertEquals(100000.0, t.sum().item(), 0.01);
  }

  @Test
  void maxPropagatesNaNAndRejectsEmptyAxes() {
    assertTrue(Double.isNaN(Tensor.of(new float[] {1, Float.NaN, 3}).max().item()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 0).max(1));
    assertEquals("max: cannot take the maximum along empty axis 1 of shape [2, 0]", e.getMessage());
    assertEquals(0, Tensor.zeros(2, 0).sum().item());
  }

  @Test
  void argmaxPicksTheFirstMaximum() {
    Tensor logits = Tensor.of(new float[] {0.1f, 2, 2, -1, 5, 3}, 2, 3);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {1, 1}, logits.argmax(1));
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 1, 1}, logits.argmax(0));
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {2}, Tensor.of(new float[] {1, 2, Float.NaN}).argmax(0));
  }

  @Test
  void axisErrors() {
    Tensor t = Tensor.zeros(2, 3);
    assertEquals("sum: axis 2 is out of range for rank 2",
        assertThrows(IllegalArgumentException.class, () -> t.sum(2)).getMessage());
    assertEquals("mean: axis -1 is repeated in [1, -1]",
        assertThrows(IllegalArgumentException.class, () -> t.mean(new int[] {1, -1}, false)).getMessage());
  }
}
