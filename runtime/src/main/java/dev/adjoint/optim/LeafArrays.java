package dev.adjoint.optim;

import dev.adjoint.backend.cpu.CpuBackend;
import dev.adjoint.tensor.Tensor;

/**
 * Tensors from arrays computed by the fused loops, in a leaf's shape (rank 0 included). The loops
 * write fresh arrays that nothing else holds, so the tensors take them over instead of copying.
 */
final class LeafArrays {
  private LeafArrays() {}

  static Tensor of(float[] values, int[] shape) {
    return Tensor.ofStorage(CpuBackend.INSTANCE.fromArray(values), shape);
  }

  static Tensor of(double[] values, int[] shape) {
    return Tensor.ofStorage(CpuBackend.INSTANCE.fromArray(values), shape);
  }
}
