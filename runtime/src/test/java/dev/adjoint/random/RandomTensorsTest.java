package dev.adjoint.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.random.Initializers.Distribution;
import dev.adjoint.random.Initializers.FanMode;
import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The tensor facade gives exactly the array layer's numbers, in the requested shape and dtype. */
class RandomTensorsTest {

  private static final RandomKey KEY = RandomKey.of(3);

  private static void assertTensor(float[] expected, int[] shape, Tensor actual) {
    assertEquals(DType.FLOAT32, actual.dtype());
    assertArrayEquals(shape, actual.shape());
    assertArrayEquals(expected, actual.toFloatArray(), 0f);
  }

  private static void assertTensor(double[] expected, int[] shape, Tensor actual) {
    assertEquals(DType.FLOAT64, actual.dtype());
    assertArrayEquals(shape, actual.shape());
    assertArrayEquals(expected, actual.toDoubleArray(), 0);
  }

  @Test
  void samplersWrapTheArrayLayer() {
    int[] shape = {4, 3};
    assertTensor(RandomArrays.normal(KEY, shape), shape, RandomTensors.normal(KEY, 4, 3));
    assertTensor(RandomArrays.normal(KEY, shape), shape, RandomTensors.normal(KEY, DType.FLOAT32, 4, 3));
    assertTensor(RandomArrays.normalDouble(KEY, shape), shape, RandomTensors.normal(KEY, DType.FLOAT64, 4, 3));
    assertTensor(RandomArrays.uniform(KEY, shape), shape, RandomTensors.uniform(KEY, 4, 3));
    assertTensor(RandomArrays.uniform(KEY, shape, -3f, 3f), shape, RandomTensors.uniform(KEY, shape, -3, 3));
    assertTensor(RandomArrays.uniformDouble(KEY, shape, -3, 3), shape,
        RandomTensors.uniform(KEY, shape, -3, 3, DType.FLOAT64));
    assertTensor(RandomArrays.truncatedNormal(KEY, -2f, 2f, shape), shape,
        RandomTensors.truncatedNormal(KEY, -2, 2, 4, 3));
  }

  @Test
  void theEmptyShapeIsAScalar() {
    Tensor z = RandomTensors.normal(KEY);
    assertEquals(0, z.rank());
    assertEquals(RandomArrays.normal(KEY)[0], (float) z.item());
    assertEquals(RandomArrays.normalDouble(KEY)[0], RandomTensors.normal(KEY, DType.FLOAT64).item());
  }

  @Test
  void integersStayIndexArrays() {
    int[] shape = {100, 16};
    assertArrayEquals(RandomArrays.randint(KEY, shape, 0, 1000), RandomTensors.randint(KEY, shape, 0, 1000));
    assertArrayEquals(RandomArrays.permutation(KEY, 50), RandomTensors.permutation(KEY, 50));
  }

  @Test
  void permutingATensorShufflesItsRows() {
    Tensor x = Tensor.arange(12).reshape(6, 2);
    Tensor shuffled = RandomTensors.permutation(KEY, x);
    int[] order = RandomArrays.permutation(KEY, 6);
    for (int i = 0; i < 6; i++) {
      assertEquals(x.get(order[i], 0), shuffled.get(i, 0));
      assertEquals(x.get(order[i], 1), shuffled.get(i, 1));
    }
    assertThrows(IllegalArgumentException.class, () -> RandomTensors.permutation(KEY, Tensor.scalar(1)));
  }

  @Test
  void initializersWrapTheArrayLayer() {
    int[] shape = {30, 20};
    assertTensor(Initializers.scaledNormal(KEY, shape), shape, RandomTensors.scaledNormal(KEY, 30, 20));
    assertTensor(Initializers.glorotUniform(KEY, shape), shape, RandomTensors.glorotUniform(KEY, 30, 20));
    assertTensor(Initializers.glorotNormal(KEY, shape), shape, RandomTensors.glorotNormal(KEY, 30, 20));
    assertTensor(Initializers.heNormal(KEY, shape), shape, RandomTensors.heNormal(KEY, 30, 20));
    assertTensor(Initializers.lecunNormal(KEY, shape), shape, RandomTensors.lecunNormal(KEY, 30, 20));
    assertTensor(Initializers.varianceScaling(KEY, 2.0, FanMode.FAN_IN, Distribution.UNIFORM, Fans.of(shape), shape),
        shape, RandomTensors.heUniform(KEY, 30, 20));
  }

  @Test
  void heUniformHasVarianceTwoOverFanIn() {
    float[] w = RandomTensors.heUniform(KEY, 400, 50).toFloatArray();
    double limit = Math.sqrt(3 * 2.0 / 50);
    double sumSquares = 0;
    for (float v : w) {
      assertEquals(true, Math.abs(v) <= limit, "inside the limit");
      sumSquares += v * v;
    }
    assertEquals(2.0 / 50, sumSquares / w.length, 0.002);
  }

  @Test
  void reproducesSeed002sFirstWeights() {
    // w1 = 1e-2 * random.normal(w_key, (16, 2)) with w_key, b_key = random.split(PRNGKey(0))
    Tensor w1 = RandomTensors.normal(RandomKey.of(0).split()[0], 16, 2).mul(1e-2);
    assertEquals(-0.00797431, w1.get(0, 0), 5e-9);
    assertEquals(0.00609697, w1.get(0, 1), 5e-9);
    assertEquals(0.0072066, w1.get(15, 1), 5e-9);
  }
}
