package dev.adjoint.backend.cpu;

import dev.adjoint.backend.Backend;
import dev.adjoint.backend.Storage;
import dev.adjoint.tensor.DType;

/** float64 elements in a Java array; written only by the kernel that creates it. */
final class DoubleStorage implements Storage {
  final double[] data;

  DoubleStorage(double[] data) {
    this.data = data;
  }

  @Override
  public Backend backend() {
    return CpuBackend.INSTANCE;
  }

  @Override
  public DType dtype() {
    return DType.FLOAT64;
  }

  @Override
  public int size() {
    return data.length;
  }
}
