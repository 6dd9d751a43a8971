package dev.adjoint.tensor;

import java.util.Arrays;

/**
 * Static helpers for shapes, which are plain {@code int[]} arrays of dimension lengths in
 * row-major order. A shape array handed to a tensor is never modified afterwards, so tensors
 * share them freely; every helper here that returns a shape returns a fresh array.
 */
public final class Shape {
  private Shape() {}

  /** Number of elements of a tensor of this shape (1 for rank 0). */
  public static int size(int[] shape) {
    long size = 1;
    for (int d : shape) {
      size *= d;
    }
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shape " + format(shape) + " has more than 2^31-1 elements");
    }
    return (int) size;
  }

  /** Checks every dimension is non-negative and returns a defensive copy. */
  public static int[] validated(String op, int[] shape) {
    if (shape == null) {
      throw new IllegalArgumentException(op + ": shape must not be null");
    }
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(op + ": negative dimension in shape " + format(shape));
      }
    }
    int[] copy = shape.clone();
    size(copy);
    return copy;
  }

  /** NumPy-style text: {@code [3, 4]}, {@code []} for a scalar. */
  public static String format(int[] shape) {
    return Arrays.toString(shape);
  }

  /**
   * Resolves a possibly negative axis ({@code -1} is the last) against a rank, or throws naming the
   * operation.
   */
  public static int axis(String op, int axis, int rank) {
    int resolved = axis < 0 ? axis + rank : axis;
    if (resolved < 0 || resolved >= rank) {
      throw new IllegalArgumentException(
          op + ": axis " + axis + " is out of range for rank " + rank);
    }
    return resolved;
  }

  /**
   * Marks the given (possibly negative) axes in a boolean mask of length {@code rank}; repeated
   * axes are an error.
   */
  public static boolean[] axisMask(String op, int[] axes, int rank) {
    boolean[] mask = new boolean[rank];
    for (int a : axes) {
      int r = axis(op, a, rank);
      if (mask[r]) {
        throw new IllegalArgumentException(op + ": axis " + a + " is repeated in " + Arrays.toString(axes));
      }
      mask[r] = true;
    }
    return mask;
  }

  /** Product of {@code shape[from..to)}. */
  public static int product(int[] shape, int from, int to) {
    int p = 1;
    for (int i = from; i < to; i++) {
      p *= shape[i];
    }
    return p;
  }

  /** Row-major strides in elements. */
  public static int[] strides(int[] shape) {
    int[] strides = new int[shape.length];
    int s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= shape[i];
    }
    return strides;
  }

  /** The shape with the masked axes removed, or set to 1 when {@code keepDims}. */
  public static int[] reduced(int[] shape, boolean[] mask, boolean keepDims) {
    int count = 0;
    for (boolean m : mask) {
      if (!m) {
        count++;
      }
    }
    int[] out = new int[keepDims ? shape.length : count];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (!mask[i]) {
        out[j++] = shape[i];
      } else if (keepDims) {
        out[j++] = 1;
      }
    }
    return out;
  }
}
