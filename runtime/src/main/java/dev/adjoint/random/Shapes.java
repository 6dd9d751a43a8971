package dev.adjoint.random;

import java.util.Arrays;

/** Checks the shapes callers pass to samplers; errors name the operation and the shape. */
final class Shapes {

  private Shapes() {}

  /**
   * The number of elements of {@code shape} (1 for the scalar shape {@code []}).
   *
   * @throws IllegalArgumentException naming {@code operation} and the shape if a dimension is
   *     negative or the element count does not fit in a Java array
   */
  static int size(String operation, int[] shape) {
    if (shape == null) {
      throw new IllegalArgumentException(operation + ": shape must not be null");
    }
    long size = 1;
    for (int dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException(
            operation + ": shape " + Arrays.toString(shape) + " has a negative dimension");
      }
      size *= dim;
      if (size > Integer.MAX_VALUE - 8) { // the largest array size JVMs reliably allocate
        throw new IllegalArgumentException(
            operation
                + ": shape "
                + Arrays.toString(shape)
                + " has too many elements for one array");
      }
    }
    return (int) size;
  }
}
