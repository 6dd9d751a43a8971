package dev.adjoint.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LayoutTest {

  @Test
  void transposeMatchesIndexPermutation() {
    int[] shape = {2, 3, 4, 5};
    Tensor t = Reference.random(DType.FLOAT64, shape);
    double[] x = t.toDoubleArray();
    for (int[] perm : new int[][] {{0, 1, 3, 2}, {3, 2, 1, 0}, {1, 0, 2, 3}, {2, 0, 3, 1}}) {
      Tensor p = t.transpose(perm);
      int[] out = p.shape();
      for (int i = 0; i < 4; i++) {
        assertEquals(shape[perm[i]], out[i]);
      }
      double[] y = p.toDoubleArray();
      for (int i = 0; i < y.length; i++) {
        int[] oi = Reference.index(i, out);
        int[] ii = new int[4];
        for (int a = 0; a < 4; a++) {
          ii[perm[a]] = oi[a];
        }
        int flat = ((ii[0] * 3 + ii[1]) * 4 + ii[2]) * 5 + ii[3];
        assertEquals(x[flat], y[i]);
      }
    }
    assertSame(t, t.transpose(0, 1, 2, 3));
  }

  @Test
  void largeMatrixTransposeUsesTilesCorrectly() {
    for (DType dtype : DType.values()) {
      Tensor t = Reference.random(dtype, 67, 45);
      double[] x = t.toDoubleArray();
      double[] y = t.transpose().toDoubleArray();
      for (int r = 0; r < 67; r++) {
        for (int c = 0; c < 45; c++) {
          assertEquals(x[r * 45 + c], y[c * 67 + r]);
        }
      }
    }
  }

  @Test
  void transposeOfVectorIsItself() {
    Tensor v = Tensor.arange(3);
    assertSame(v, v.transpose());
  }

  @Test
  void broadcastToAndSumTo() {
    Tensor row = Tensor.of(new float[] {1, 2, 3});
    assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, row.broadcastTo(2, 3).toFloatArray());
    Tensor col = Tensor.of(new float[] {1, 2}, 2, 1);
    assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2}, col.broadcastTo(2, 3).toFloatArray());
    Tensor m = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertArrayEquals(new float[] {5, 7, 9}, m.sumTo(3).toFloatArray());
    assertArrayEquals(new float[] {6, 15}, m.sumTo(2, 1).toFloatArray());
    assertArrayEquals(new float[] {21}, m.sumTo(1, 1).toFloatArray());
    assertArrayEquals(new int[0], m.sumTo().shape());
    assertSame(m, m.sumTo(2, 3));
    assertEquals("broadcastTo: shape [3] cannot be broadcast to [2, 4]",
        assertThrows(IllegalArgumentException.class, () -> row.broadcastTo(2, 4)).getMessage());
    assertEquals("sumTo: shape [2] does not broadcast to [2, 3], so it cannot be summed back to",
        assertThrows(IllegalArgumentException.class, () -> m.sumTo(2)).getMessage());
  }

  @Test
  void gatherRowsPicksMinibatches() {
    Tensor data = Tensor.arange(12).reshape(4, 3);
    Tensor batch = data.gatherRows(new int[] {3, 0, 3});
    assertArrayEquals(new float[][] {{9, 10, 11}, {0, 1, 2}, {9, 10, 11}}, batch.toFloatMatrix());
    assertArrayEquals(new int[] {0, 3}, data.gatherRows(new int[0]).shape());
    assertEquals("gatherRows: row 4 at index 1 is out of bounds for shape [4, 3]",
        assertThrows(IllegalArgumentException.class, () -> data.gatherRows(new int[] {0, 4})).getMessage());
    Tensor back = BackwardOps.scatterAddRows(batch, new int[] {3, 0, 3}, 4);
    assertArrayEquals(new float[][] {{0, 1, 2}, {0, 0, 0}, {0, 0, 0}, {18, 20, 22}}, back.toFloatMatrix());
  }

  @Test
  void sliceConcatAndUnslice() {
    Tensor t = Tensor.arange(24).reshape(2, 3, 4);
    Tensor s = t.slice(1, 1, 3);
    assertArrayEquals(new int[] {2, 2, 4}, s.shape());
    assertEquals(t.get(1, 2, 3), s.get(1, 1, 3));
    Tensor back = Tensor.concat(1, t.slice(1, 0, 1), s);
    assertArrayEquals(t.toFloatArray(), back.toFloatArray());
    assertArrayEquals(new int[] {2, 3, 8}, t.concat(t, -1).shape());
    Tensor padded = BackwardOps.unslice(s, new int[] {2, 3, 4}, 1, 1);
    assertEquals(0, padded.get(0, 0, 2));
    assertEquals(t.get(0, 2, 2), padded.get(0, 2, 2));
    assertSame(t, t.slice(0, 0, 2));
    assertEquals("slice: range [2, 5) is invalid for axis 2 of shape [2, 3, 4]",
        assertThrows(IllegalArgumentException.class, () -> t.slice(2, 2, 5)).getMessage());
    assertEquals("concat: shapes [2, 3, 4] and [2, 2, 4] differ off axis 0",
        assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0, t, s)).getMessage());
  }
}
