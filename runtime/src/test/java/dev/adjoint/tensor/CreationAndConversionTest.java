package dev.adjoint.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CreationAndConversionTest {

  @Test
  void fromJavaArraysAndBack() {
    float[] values = {1, 2, 3, 4, 5, 6};
    Tensor t = Tensor.of(values, 2, 3);
    values[0] = 99; // the tensor took a copy
    assertArrayEquals(new int[] {2, 3}, t.shape());
    assertEquals(DType.FLOAT32, t.dtype());
    assertEquals(Device.CPU, t.device());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.toFloatArray());
    assertArrayEquals(new float[][] {{1, 2, 3}, {4, 5, 6}}, t.toFloatMatrix());
    assertArrayEquals(new double[][] {{1, 2, 3}, {4, 5, 6}}, t.toDoubleMatrix());
    assertEquals(6, t.get(1, 2));
    assertEquals(3, t.shape(-1));
    assertEquals(2, t.rank());
    assertEquals(6, t.size());

    Tensor v = Tensor.of(new double[] {0.1, 0.2});
    assertArrayEquals(new int[] {2}, v.shape());
    assertEquals(DType.FLOAT32, v.dtype(), "float32 unless asked, as in JAX");
    assertEquals((float) 0.1, v.toFloatArray()[0]);
    Tensor d = Tensor.of(new double[] {0.1, 0.2}, DType.FLOAT64);
    assertEquals(0.1, d.toDoubleArray()[0]);
    assertArrayEquals(new int[] {3, 2}, Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}}).shape());
    assertEquals(DType.FLOAT64, Tensor.of(new double[][] {{1}}, DType.FLOAT64).dtype());
    assertArrayEquals(new float[] {1, 2, 3, 4}, Tensor.of(new float[][] {{1, 2}, {3, 4}}).toFloatArray());
  }

  @Test
  void arraysHandedOutAreCopies() {
    Tensor t = Tensor.of(new float[] {1, 2});
    t.toFloatArray()[0] = 42;
    t.shape()[0] = 42;
    assertEquals(1, t.get(0));
    assertArrayEquals(new int[] {2}, t.shape());
  }

  @Test
  void constantsAndRanges() {
    assertArrayEquals(new int[0], Tensor.scalar(2.5).shape());
    assertEquals(2.5, Tensor.scalar(2.5).item());
    assertArrayEquals(new float[6], Tensor.zeros(2, 3).toFloatArray());
    assertArrayEquals(new double[] {1, 1}, Tensor.ones(DType.FLOAT64, 2).toDoubleArray());
    assertArrayEquals(new double[] {7, 7, 7}, Tensor.full(new int[] {3}, 7, DType.FLOAT64).toDoubleArray());
    assertArrayEquals(new float[] {0, 1, 2, 3}, Tensor.arange(4).toFloatArray());
    assertArrayEquals(new double[] {1, 1.5, 2, 2.5}, Tensor.arange(1, 3, 0.5, DType.FLOAT64).toDoubleArray());
    assertArrayEquals(new double[] {3, 2}, Tensor.arange(3, 1, -1, DType.FLOAT64).toDoubleArray());
    assertEquals(0, Tensor.arange(3, 1, 1).size());
    assertArrayEquals(new double[] {-3, -1.5, 0, 1.5, 3}, Tensor.linspace(-3, 3, 5, DType.FLOAT64).toDoubleArray());
    assertArrayEquals(new double[] {-3}, Tensor.linspace(-3, 3, 1, DType.FLOAT64).toDoubleArray());
    Tensor like = Tensor.zeros(DType.FLOAT64, 2, 2);
    assertEquals(DType.FLOAT64, Tensor.onesLike(like).dtype());
    assertArrayEquals(new double[] {1, 1, 1, 1}, Tensor.onesLike(like).toDoubleArray());
    assertArrayEquals(new double[] {5, 5, 5, 5}, Tensor.fullLike(like, 5).toDoubleArray());
    assertArrayEquals(new int[] {2, 2}, Tensor.zerosLike(like).shape());
  }

  @Test
  void oneHot() {
    Tensor t = Tensor.oneHot(new int[] {2, 0, 1}, 3);
    assertArrayEquals(new float[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}}, t.toFloatMatrix());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.oneHot(new int[] {0, 3}, 3));
    assertEquals("oneHot: label 3 at index 1 is outside [0, 3)", e.getMessage());
  }

  @Test
  void dtypeConversionAndDevice() {
    Tensor f = Tensor.of(new float[] {1.5f, -2});
    Tensor d = f.astype(DType.FLOAT64);
    assertEquals(DType.FLOAT64, d.dtype());
    assertArrayEquals(new double[] {1.5, -2}, d.toDoubleArray());
    assertSame(f, f.astype(DType.FLOAT32));
    assertSame(f, f.to(Device.CPU));
    assertEquals(DType.FLOAT32, Tensor.of(new double[] {1e-50}, DType.FLOAT64).astype(DType.FLOAT32).dtype());
    if (!dev.adjoint.backend.cuda.Cuda.isAvailable()) {  // on a GPU machine to(cuda:0) works (see DevicePlacementTest)
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.to(Device.cuda(0)));
      assertEquals("to(cuda:0): CUDA is unavailable: " + dev.adjoint.backend.cuda.Cuda.availability().reason().orElseThrow()
          + "; tensors stay on the CPU (Cuda.preferredDevice() chooses the CPU here)", e.getMessage());
    }
  }

  @Test
  void reshapeSharesAndInfers() {
    Tensor t = Tensor.arange(12);
    Tensor r = t.reshape(3, -1);
    assertArrayEquals(new int[] {3, 4}, r.shape());
    assertArrayEquals(t.toFloatArray(), r.toFloatArray());
    assertSame(t, t.reshape(12));
    assertNotSame(t, t.reshape(1, 12));
    assertArrayEquals(new int[0], Tensor.ones(1, 1).reshape().shape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.reshape(5, -1));
    assertEquals("reshape: cannot infer -1 in [5, -1] for shape [12] (12 elements)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> t.reshape(5, 2));
    assertEquals("reshape: shape [12] (12 elements) cannot become [5, 2]", e.getMessage());
  }

  @Test
  void elementAccessErrors() {
    Tensor t = Tensor.zeros(2, 3);
    assertEquals("item: needs exactly one element, shape is [2, 3]",
        assertThrows(IllegalArgumentException.class, t::item).getMessage());
    assertEquals("get: index [2, 0] is out of bounds for shape [2, 3]",
        assertThrows(IllegalArgumentException.class, () -> t.get(2, 0)).getMessage());
    assertEquals("of: 5 values do not fill shape [2, 3]",
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3)).getMessage());
    assertEquals("of: row 1 has length 1, row 0 has 2",
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[][] {{1, 2}, {3}})).getMessage());
  }

  @Test
  void toStringShowsValuesShapeAndDtype() {
    assertEquals("Tensor([[1.0, 2.0], [3.0, 4.0]], shape=[2, 2], dtype=float32)",
        Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).toString());
    assertEquals("Tensor(0.5, shape=[], dtype=float64)", Tensor.scalar(0.5, DType.FLOAT64).toString());
    assertEquals("Tensor(shape=[2000], dtype=float32)", Tensor.zeros(2000).toString());
  }

  @Test
  void ofStorageTakesTheStorageWithoutACopyAndChecksTheShape() {
    float[] values = {1, 2, 3, 4, 5, 6};
    Tensor t = Tensor.ofStorage(dev.adjoint.backend.cpu.CpuBackend.INSTANCE.fromArray(values), 2, 3);
    assertArrayEquals(new int[] {2, 3}, t.shape());
    assertEquals(6f, t.get(1, 2), 0);
    Tensor scalar = Tensor.ofStorage(dev.adjoint.backend.cpu.CpuBackend.INSTANCE.fromArray(new double[] {2.5}));
    assertEquals(0, scalar.rank());
    assertEquals(DType.FLOAT64, scalar.dtype());
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Tensor.ofStorage(dev.adjoint.backend.cpu.CpuBackend.INSTANCE.fromArray(values), 4, 2));
    assertEquals("ofStorage: 6 elements do not fill shape [4, 2]", e.getMessage());
  }
}
