package dev.adjoint.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SoftmaxTest {

  @Test
  void matchesDefinitionAlongEachAxis() {
    Tensor x = Reference.random(DType.FLOAT64, 3, 4, 2);
    for (int axis = 0; axis < 3; axis++) {
      Tensor e = x.exp();
      Tensor expected = e.div(e.sum(axis, true));
      assertArrayEquals(expected.toDoubleArray(), x.softmax(axis).toDoubleArray(), 1e-15);
      assertArrayEquals(expected.log().toDoubleArray(), x.logSoftmax(axis).toDoubleArray(), 1e-14);
    }
  }

  @Test
  void stableForLargeLogits() {
    Tensor x = Tensor.of(new float[] {1000, 1001, 1002});
    float[] s = x.softmax(0).toFloatArray();
    assertEquals(1, s[0] + s[1] + s[2], 1e-6);
    assertEquals(-2.407606, x.logSoftmax(0).toFloatArray()[0], 1e-5);
    assertArrayEquals(new float[] {0.09003057f, 0.24472848f, 0.66524094f}, s, 1e-7f);
  }
}
