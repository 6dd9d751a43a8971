package dev.adjoint.optim;

import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Tensor;

/** Tensors from arrays computed by the fused loops, in a leaf's shape (rank 0 included). */
final class LeafArrays {
  private LeafArrays() {}

  static Tensor of(float[] values, int[] shape) {
    return shape.length == 0 ? Tensor.scalar(values[0], DType.FLOAT32) : Tensor.of(values, shape);
  }

  static Tensor of(double[] values, int[] shape) {
    return shape.length == 0 ? Tensor.scalar(values[0], DType.FLOAT64) : Tensor.of(values, DType.FLOAT64, shape);
  }
}
