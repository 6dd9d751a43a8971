package dev.adjoint.backend.cpu;

import dev.adjoint.backend.MatmulSpec;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Copies blocks of {@code op(A)} and {@code op(B)} into the panels that {@link VectorTiles} reads
 * with constant strides, whatever the transpose flags, zero-padded to whole panels so that a
 * kernel never needs a shorter variant for the last rows or columns. Part of the Vector-API path
 * (it gathers with it), loaded only where that is enabled.
 */
final class PackedPanels {
  private PackedPanels() {}

  /**
   * Rows {@code [i0, i0 + mb)} and depth {@code [p0, p0 + kb)} of {@code op(A)} into panels of
   * {@code mr} rows: element {@code (i0 + q mr + r, p0 + p)} at {@code dst[(q kb + p) mr + r]}; rows
   * past {@code mb} in the last panel are zeros.
   */
  static void packA(float[] a, int aOff, MatmulSpec s, int i0, int mb, int p0, int kb, int mr, float[] dst) {
    int m = s.m();
    int k = s.k();
    for (int q = 0; q * mr < mb; q++) {
      int base = q * kb * mr;
      int rows = Math.min(mr, mb - q * mr);
      int first = i0 + q * mr;
      if (s.transposeA()) { // stored k x m: a panel's rows are contiguous for each p
        for (int p = 0; p < kb; p++) {
          int src = aOff + (p0 + p) * m + first;
          int at = base + p * mr;
          for (int r = 0; r < rows; r++) {
            dst[at + r] = a[src + r];
          }
          for (int r = rows; r < mr; r++) {
            dst[at + r] = 0f;
          }
        }
      } else if (rows == 12 && mr == 12) {
        rows12(a, aOff + first * k + p0, k, dst, base, kb);
      } else if (rows == 6 && mr == 6) {
        rows6(a, aOff + first * k + p0, k, dst, base, kb);
      } else {
        for (int r = 0; r < rows; r++) {
          int src = aOff + (first + r) * k + p0;
          for (int p = 0; p < kb; p++) {
            dst[base + p * mr + r] = a[src + p];
          }
        }
        for (int r = rows; r < mr; r++) {
          for (int p = 0; p < kb; p++) {
            dst[base + p * mr + r] = 0f;
          }
        }
      }
    }
  }

  /**
   * Twelve rows of A, {@code k} apart from {@code src}, interleaved: twice as fast as the general
   * loop (the same per-element work, but C2 drops its index arithmetic and range checks).
   */
  private static void rows12(float[] a, int src, int k, float[] dst, int base, int kb) {
    for (int at = base, s = src; at < base + 12 * kb; at += 12, s++) {
      dst[at] = a[s];
      dst[at + 1] = a[s + k];
      dst[at + 2] = a[s + 2 * k];
      dst[at + 3] = a[s + 3 * k];
      dst[at + 4] = a[s + 4 * k];
      dst[at + 5] = a[s + 5 * k];
      dst[at + 6] = a[s + 6 * k];
      dst[at + 7] = a[s + 7 * k];
      dst[at + 8] = a[s + 8 * k];
      dst[at + 9] = a[s + 9 * k];
      dst[at + 10] = a[s + 10 * k];
      dst[at + 11] = a[s + 11 * k];
    }
  }

  /** Six rows, as {@link #rows12}. */
  private static void rows6(float[] a, int src, int k, float[] dst, int base, int kb) {
    for (int at = base, s = src; at < base + 6 * kb; at += 6, s++) {
      dst[at] = a[s];
      dst[at + 1] = a[s + k];
      dst[at + 2] = a[s + 2 * k];
      dst[at + 3] = a[s + 3 * k];
      dst[at + 4] = a[s + 4 * k];
      dst[at + 5] = a[s + 5 * k];
    }
  }

  /**
   * Depth {@code [p0, p0 + kb)} and columns {@code [j0, j0 + nb)} of {@code op(B)} into panels of
   * {@code nr} columns: element {@code (p0 + p, j0 + q nr + j)} at {@code dst[(q kb + p) nr + j]};
   * columns past {@code nb} in the last panel are zeros.
   */
  static void packB(float[] b, int bOff, MatmulSpec s, int p0, int kb, int j0, int nb, int nr, float[] dst) {
    int n = s.n();
    int k = s.k();
    for (int q = 0; q * nr < nb; q++) {
      int base = q * kb * nr;
      int cols = Math.min(nr, nb - q * nr);
      int first = j0 + q * nr;
      if (!s.transposeB()) {
        for (int p = 0; p < kb; p++) {
          int at = base + p * nr;
          System.arraycopy(b, bOff + (p0 + p) * n + first, dst, at, cols);
          if (cols < nr) {
            Arrays.fill(dst, at + cols, at + nr, 0f);
          }
        }
      } else { // stored n x k: a column of op(B) is contiguous
        transposed(b, bOff + first * k + p0, k, kb, cols, nr, dst, base);
        for (int p = 0; p < kb && cols < nr; p++) {
          Arrays.fill(dst, base + p * nr + cols, base + (p + 1) * nr, 0f);
        }
      }
    }
  }

  /**
   * {@code dst[base + p nr + j] = b[src + j k + p]} for {@code p < kb}, {@code j < cols}: one gather
   * of a vector's worth of columns per row of the panel, the last one flush with {@code cols}
   * (overlapping the one before) when {@code cols} is not a multiple of the vector length. JDK 17
   * compiles the gather to AVX-512's {@code vgatherdps}: 55 us per 384 x 512 block against 188 us
   * for the scalar loop, which remains for panels narrower than a vector.
   */
  private static void transposed(float[] b, int src, int k, int kb, int cols, int nr, float[] dst, int base) {
    VectorSpecies<Float> species = VectorTiles.SPECIES;
    int lanes = species.length();
    if (cols < lanes) {
      for (int j = 0; j < cols; j++) {
        for (int p = 0; p < kb; p++) {
          dst[base + p * nr + j] = b[src + j * k + p];
        }
      }
      return;
    }
    int[] columns = new int[lanes];
    for (int i = 0; i < lanes; i++) {
      columns[i] = i * k;
    }
    for (int j0 = 0; j0 < cols; j0 += lanes) {
      int j = Math.min(j0, cols - lanes);
      for (int p = 0; p < kb; p++) {
        FloatVector.fromArray(species, b, src + j * k + p, columns, 0).intoArray(dst, base + p * nr + j);
      }
    }
  }
}
