package dev.adjoint.backend.cpu;

import dev.adjoint.backend.BinaryOp;
import dev.adjoint.tensor.Broadcast;
import dev.adjoint.tensor.Shape;

/**
 * Chooses the loop for a broadcast binary operation: one flat loop for equal shapes (split among
 * threads when long), one loop against a single value when an operand has one element, one loop
 * per row when an operand repeats along leading axes (a bias), and otherwise runs along the
 * innermost coalesced axis ({@link StridedLoop}).
 */
final class BinaryKernels {
  private BinaryKernels() {}

  /** Elements per thread below which a flat loop stays on the calling thread. */
  static final int PARALLEL_GRAIN = 1 << 17;

  static float[] apply(BinaryOp op, float[] a, int[] aShape, float[] b, int[] bShape, int[] outShape) {
    int size = Shape.size(outShape);
    float[] out = new float[size];
    if (a.length == size && b.length == size) { // neither is stretched: same flat order as out
      int parts = CpuThreads.partsFor(size, PARALLEL_GRAIN);
      if (parts == 1) {
        FloatBinaryKernels.same(op, a, b, out, 0, size);
      } else {
        CpuThreads.forEachPart(parts, p -> FloatBinaryKernels.same(op, a, b, out, start(p, parts, size), start(p + 1, parts, size)));
      }
    } else if (b.length == 1 && a.length == size) {
      FloatBinaryKernels.vectorScalar(op, a, 0, b[0], out, 0, size);
    } else if (a.length == 1 && b.length == size) {
      FloatBinaryKernels.scalarVector(op, a[0], b, 0, out, 0, size);
    } else if (a.length == size && isSuffix(bShape, outShape)) { // e.g. [32, 30] + [30]
      for (int o = 0; o < size; o += b.length) {
        FloatBinaryKernels.vectorVector(op, a, o, b, 0, out, o, b.length);
      }
    } else if (b.length == size && isSuffix(aShape, outShape)) {
      for (int o = 0; o < size; o += a.length) {
        FloatBinaryKernels.vectorVector(op, a, 0, b, o, out, o, a.length);
      }
    } else {
      StridedLoop loop = loop(aShape, bShape, outShape);
      int as = loop.innerStride(0);
      int bs = loop.innerStride(1);
      loop.forEach((off, n) -> {
        if (as == 1 && bs == 1) {
          FloatBinaryKernels.vectorVector(op, a, off[0], b, off[1], out, off[2], n);
        } else if (as == 1) {
          FloatBinaryKernels.vectorScalar(op, a, off[0], b[off[1]], out, off[2], n);
        } else {
          FloatBinaryKernels.scalarVector(op, a[off[0]], b, off[1], out, off[2], n);
        }
      });
    }
    return out;
  }

  static double[] apply(BinaryOp op, double[] a, int[] aShape, double[] b, int[] bShape, int[] outShape) {
    int size = Shape.size(outShape);
    double[] out = new double[size];
    if (a.length == size && b.length == size) { // neither is stretched: same flat order as out
      int parts = CpuThreads.partsFor(size, PARALLEL_GRAIN);
      if (parts == 1) {
        DoubleBinaryKernels.same(op, a, b, out, 0, size);
      } else {
        CpuThreads.forEachPart(parts, p -> DoubleBinaryKernels.same(op, a, b, out, start(p, parts, size), start(p + 1, parts, size)));
      }
    } else if (b.length == 1 && a.length == size) {
      DoubleBinaryKernels.vectorScalar(op, a, 0, b[0], out, 0, size);
    } else if (a.length == 1 && b.length == size) {
      DoubleBinaryKernels.scalarVector(op, a[0], b, 0, out, 0, size);
    } else if (a.length == size && isSuffix(bShape, outShape)) { // e.g. [32, 30] + [30]
      for (int o = 0; o < size; o += b.length) {
        DoubleBinaryKernels.vectorVector(op, a, o, b, 0, out, o, b.length);
      }
    } else if (b.length == size && isSuffix(aShape, outShape)) {
      for (int o = 0; o < size; o += a.length) {
        DoubleBinaryKernels.vectorVector(op, a, 0, b, o, out, o, a.length);
      }
    } else {
      StridedLoop loop = loop(aShape, bShape, outShape);
      int as = loop.innerStride(0);
      int bs = loop.innerStride(1);
      loop.forEach((off, n) -> {
        if (as == 1 && bs == 1) {
          DoubleBinaryKernels.vectorVector(op, a, off[0], b, off[1], out, off[2], n);
        } else if (as == 1) {
          DoubleBinaryKernels.vectorScalar(op, a, off[0], b[off[1]], out, off[2], n);
        } else {
          DoubleBinaryKernels.scalarVector(op, a[off[0]], b, off[1], out, off[2], n);
        }
      });
    }
    return out;
  }

  /**
   * {@code x += b} in place, where {@code b} repeats whole along the leading axes of {@code x}
   * (a bias) or has {@code x}'s size; false, touching nothing, for any other broadcast. The sums
   * are the ones {@link #apply} computes, to the bit.
   */
  static boolean addInto(float[] x, int[] shape, float[] b, int[] bShape) {
    if (b.length == x.length) {
      for (int i = 0; i < x.length; i++) {
        x[i] = x[i] + b[i];
      }
      return true;
    }
    if (b.length == 0 || !isSuffix(bShape, shape)) {
      return false;
    }
    for (int o = 0; o < x.length; o += b.length) {
      for (int j = 0; j < b.length; j++) {
        x[o + j] = x[o + j] + b[j];
      }
    }
    return true;
  }

  static boolean addInto(double[] x, int[] shape, double[] b, int[] bShape) {
    if (b.length == x.length) {
      for (int i = 0; i < x.length; i++) {
        x[i] = x[i] + b[i];
      }
      return true;
    }
    if (b.length == 0 || !isSuffix(bShape, shape)) {
      return false;
    }
    for (int o = 0; o < x.length; o += b.length) {
      for (int j = 0; j < b.length; j++) {
        x[o + j] = x[o + j] + b[j];
      }
    }
    return true;
  }

  /**
   * Whether {@code shape} (ignoring leading ones) equals the trailing axes of {@code out}: the
   * operand repeats whole along the leading axes, the common bias broadcast.
   */
  static boolean isSuffix(int[] shape, int[] out) {
    int first = 0;
    while (first < shape.length && shape[first] == 1) {
      first++;
    }
    int length = shape.length - first;
    if (length == 0 || length > out.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (shape[first + i] != out[out.length - length + i]) {
        return false;
      }
    }
    return true;
  }

  private static StridedLoop loop(int[] aShape, int[] bShape, int[] outShape) {
    return new StridedLoop(outShape,
        Broadcast.strides(aShape, outShape), Broadcast.strides(bShape, outShape), Shape.strides(outShape));
  }

  /** Start of part {@code p} of {@code parts} equal ranges of {@code [0, size)}. */
  static int start(int p, int parts, int size) {
    return (int) ((long) size * p / parts);
  }
}
