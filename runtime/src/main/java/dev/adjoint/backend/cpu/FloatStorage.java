package dev.adjoint.backend.cpu;

import dev.adjoint.backend.Backend;
import dev.adjoint.backend.Storage;
import dev.adjoint.tensor.DType;

/** float32 elements in a Java array; written only by the kernel that creates it. */
final class FloatStorage implements Storage {
  final float[] data;

  FloatStorage(float[] data) {
    this.data = data;
  }

  @Override
  public Backend backend() {
    return CpuBackend.INSTANCE;
  }

  @Override
  public DType dtype() {
    return DType.FLOAT32;
  }

  @Override
  public int size() {
    return data.length;
  }
}
