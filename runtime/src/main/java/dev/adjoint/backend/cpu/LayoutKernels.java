package dev.adjoint.backend.cpu;

import dev.adjoint.tensor.Broadcast;
import dev.adjoint.tensor.Shape;

/**
 * Copies that rearrange elements: transposes, broadcasts, row gathers and scatters, concatenation
 * and slicing. Contiguous pieces move with {@link System#arraycopy} (which works on both element
 * types); only strided reads need typed loops.
 */
final class LayoutKernels {
  private LayoutKernels() {}

  /** Edge of the square tiles a large 2-D transpose is done in, so both sides stay in cache. */
  private static final int TILE = 32;

  static float[] transpose(float[] x, int[] shape, int[] perm) {
    float[] out = new float[x.length];
    if (shape.length == 2 && perm[0] == 1) { // a matrix, as in every dense layer: no loop setup
      transpose2d(x, shape[0], shape[1], out);
      return out;
    }
    int[] outShape = permuted(shape, perm);
    StridedLoop loop = new StridedLoop(outShape, permuted(Shape.strides(shape), perm), Shape.strides(outShape));
    if (loop.innerStride(0) == 1) {
      loop.forEach((off, n) -> System.arraycopy(x, off[0], out, off[1], n));
    } else {
      int s = loop.innerStride(0);
      loop.forEach((off, n) -> {
        for (int j = 0, i = off[0], o = off[1]; j < n; j++, i += s, o++) {
          out[o] = x[i];
        }
      });
    }
    return out;
  }

  static double[] transpose(double[] x, int[] shape, int[] perm) {
    double[] out = new double[x.length];
    if (shape.length == 2 && perm[0] == 1) { // a matrix, as in every dense layer: no loop setup
      transpose2d(x, shape[0], shape[1], out);
      return out;
    }
    int[] outShape = permuted(shape, perm);
    StridedLoop loop = new StridedLoop(outShape, permuted(Shape.strides(shape), perm), Shape.strides(outShape));
    if (loop.innerStride(0) == 1) {
      loop.forEach((off, n) -> System.arraycopy(x, off[0], out, off[1], n));
    } else {
      int s = loop.innerStride(0);
      loop.forEach((off, n) -> {
        for (int j = 0, i = off[0], o = off[1]; j < n; j++, i += s, o++) {
          out[o] = x[i];
        }
      });
    }
    return out;
  }

  private static void transpose2d(float[] x, int rows, int cols, float[] out) {
    for (int r0 = 0; r0 < rows; r0 += TILE) {
      int r1 = Math.min(rows, r0 + TILE);
      for (int c0 = 0; c0 < cols; c0 += TILE) {
        int c1 = Math.min(cols, c0 + TILE);
        for (int r = r0; r < r1; r++) {
          for (int c = c0; c < c1; c++) {
            out[c * rows + r] = x[r * cols + c];
          }
        }
      }
    }
  }

  private static void transpose2d(double[] x, int rows, int cols, double[] out) {
    for (int r0 = 0; r0 < rows; r0 += TILE) {
      int r1 = Math.min(rows, r0 + TILE);
      for (int c0 = 0; c0 < cols; c0 += TILE) {
        int c1 = Math.min(cols, c0 + TILE);
        for (int r = r0; r < r1; r++) {
          for (int c = c0; c < c1; c++) {
            out[c * rows + r] = x[r * cols + c];
          }
        }
      }
    }
  }

  /** Copies {@code x} of {@code shape} broadcast to {@code outShape} into {@code out}. */
  static void broadcastTo(Object x, int[] shape, int[] outShape, Object out) {
    StridedLoop loop = new StridedLoop(outShape, Broadcast.strides(shape, outShape), Shape.strides(outShape));
    if (loop.innerStride(0) == 1) {
      loop.forEach((off, n) -> System.arraycopy(x, off[0], out, off[1], n));
    } else if (x instanceof float[] xf) {
      float[] of = (float[]) out;
      loop.forEach((off, n) -> java.util.Arrays.fill(of, off[1], off[1] + n, xf[off[0]]));
    } else {
      double[] xd = (double[]) x;
      double[] od = (double[]) out;
      loop.forEach((off, n) -> java.util.Arrays.fill(od, off[1], off[1] + n, xd[off[0]]));
    }
  }

  static void gatherRows(Object x, int rowLength, int[] rows, Object out) {
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(x, rows[i] * rowLength, out, i * rowLength, rowLength);
    }
  }

  static void scatterAddRows(float[] values, int rowLength, int[] rows, float[] out) {
    for (int i = 0; i < rows.length; i++) {
      int src = i * rowLength;
      int dst = rows[i] * rowLength;
      for (int j = 0; j < rowLength; j++) {
        out[dst + j] += values[src + j];
      }
    }
  }

  static void scatterAddRows(double[] values, int rowLength, int[] rows, double[] out) {
    for (int i = 0; i < rows.length; i++) {
      int src = i * rowLength;
      int dst = rows[i] * rowLength;
      for (int j = 0; j < rowLength; j++) {
        out[dst + j] += values[src + j];
      }
    }
  }

  static void concat(Object[] parts, int outer, int[] blockLengths, Object out) {
    int total = 0;
    for (int b : blockLengths) {
      total += b;
    }
    for (int o = 0; o < outer; o++) {
      int dst = o * total;
      for (int p = 0; p < parts.length; p++) {
        System.arraycopy(parts[p], o * blockLengths[p], out, dst, blockLengths[p]);
        dst += blockLengths[p];
      }
    }
  }

  static void slice(Object x, int outer, int blockLength, int start, int length, Object out) {
    for (int o = 0; o < outer; o++) {
      System.arraycopy(x, o * blockLength + start, out, o * length, length);
    }
  }

  private static int[] permuted(int[] values, int[] perm) {
    int[] out = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      out[i] = values[perm[i]];
    }
    return out;
  }
}
