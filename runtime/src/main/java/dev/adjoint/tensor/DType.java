package dev.adjoint.tensor;

/**
 * Element type of a {@link Tensor}. {@link #FLOAT32} is the default everywhere, as in JAX;
 * {@link #FLOAT64} is there for derivative checks and numerically delicate work. Operations never
 * promote one to the other silently: mixing them is an error, and {@link Tensor#astype} converts.
 */
public enum DType {
  /** 32-bit IEEE 754 floats; the default. */
  FLOAT32("float32", 4),
  /** 64-bit IEEE 754 doubles. */
  FLOAT64("float64", 8);

  private final String displayName;
  private final int byteSize;

  DType(String displayName, int byteSize) {
    this.displayName = displayName;
    this.byteSize = byteSize;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** The NumPy name: {@code float32} or {@code float64}. */
  @Override
  public String toString() {
    return displayName;
  }
}
