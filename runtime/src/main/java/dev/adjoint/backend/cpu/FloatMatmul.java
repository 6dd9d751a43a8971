package dev.adjoint.backend.cpu;

import dev.adjoint.backend.MatmulSpec;
import java.util.Arrays;

/**
 * float32 matrix products.
 *
 * <p>Small products (the layers of a small network) use a plain loop nest: no packing, no
 * threads, nothing to amortize. Large ones are cache-blocked: a {@code KC x NC} panel of B is
 * copied into separate row arrays (it stays in L2), C is accumulated in a tile of separate row
 * arrays, and the innermost loop adds three scaled B rows to three C rows at once
 * ({@link MicroKernel}). Separate arrays, because C2 (JDK 17) vectorizes a loop only when every
 * array in it is indexed by the same expression: rows of one big array at different offsets stay
 * scalar. A BLAS kernel's register tile becomes three rows of C and three of B per loop. The row
 * arrays are allocated so that they share one alignment ({@link AlignedRows}), and the block sizes
 * follow the caches ({@link CacheSizes}).
 *
 * <p>Large products are split among {@link CpuThreads} by batch, or by rows (columns for wide
 * results) of C; every part packs its own panels, as each core has its own L2. The blocked
 * product of each part is a {@link BlockedKernel}: {@link #PLAIN}, this class's own, or the Vector
 * API's ({@link VectorBlockedMatmul}) where {@link FloatProducts#select()} chose it.
 */
final class FloatMatmul {
  private FloatMatmul() {}

  /**
   * Columns of a B panel and C tile: the length of the kernel's vector loop. Every call of the
   * kernel runs up to 15 scalar iterations before and after its vector loop (C2 aligns one array
   * with a pre-loop and leaves a remainder), each about as slow as a whole vector iteration, so the
   * loop must be long: on an AVX-512 Xeon the kernel ran at 58, 83 and 113 GFLOP/s on one core over
   * 256, 512 and 1024 columns. The longest that leaves room in L1 for {@link #rowBlock} rows of C and
   * three of B (1024 with 48 KiB of L1d, 512 with 32 KiB).
   */
  static final int NC = CacheSizes.L1D >= 48 << 10 ? 1024 : 512;
  /**
   * Depth of a B panel: a multiple of the kernel's 3 whose panel fills at most half of L2 (255
   * with 1024 columns and 2 MiB, 126 with 512 columns and 512 KiB), as each C row streams a
   * panel's three rows from L2 per call.
   */
  static final int KC = Math.max(3, Math.min(255, CacheSizes.L2 / 2 / (4 * NC)) / 3 * 3);
  /**
   * Rows of C that go through a whole B panel of {@code width} columns, three B rows (from L2) at a
   * time, before the next rows: each C element is loaded and stored once per three B rows, so these
   * rows must stay in L1, with the three B rows, within three quarters of it (6 rows of 1024 in 48
   * KiB, 9 of 512 in 32). At most 12, the number measured best for rows of 256 on Zen 3.
   */
  static int rowBlock(int width) {
    return Math.max(3, Math.min(12, (CacheSizes.L1D * 3 / 4 / (4 * width) - 3) / 3 * 3));
  }

  /**
   * Below this many multiply-adds per matrix (or with fewer than 8 columns or 3 rows or 3 terms)
   * the plain loop nest is faster; above it even a seed network's 32 x 30 x 20 layer gains 2-3x
   * from packing.
   */
  static final long BLOCKED_MIN_WORK = 1 << 11;
  /** Multiply-adds a thread should get at least, to repay handing it work. */
  static final long WORK_PER_PART = 1 << 20;

  /**
   * Writes {@code op(A) op(B)} into rows {@code [r0, r1)} and columns {@code [c0, c1)} of the
   * product at {@code cOff} in C, which holds zeros there.
   */
  @FunctionalInterface
  interface BlockedKernel {
    void product(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, MatmulSpec s,
        int r0, int r1, int c0, int c1);
  }

  /** The blocked product of plain Java, vectorized by C2 ({@link MicroKernel}). */
  static final BlockedKernel PLAIN = FloatMatmul::blocked;

  static float[] multiply(float[] a, float[] b, MatmulSpec spec) {
    return multiply(a, b, spec, PLAIN);
  }

  /** The batch of products, with {@code kernel} for the parts large enough to block. */
  static float[] multiply(float[] a, float[] b, MatmulSpec spec, BlockedKernel kernel) {
    MatmulSpec s = normalized(spec);
    int m = s.m();
    int n = s.n();
    float[] c = new float[s.batch() * m * n];
    BlockedKernel blocked = (long) m * n * s.k() >= BLOCKED_MIN_WORK && n >= 8 && s.k() >= 3 && m >= 3
        ? kernel : null;
    int parts = CpuThreads.partsFor(s.multiplyAdds(), WORK_PER_PART);
    if (parts > 1 && s.batch() >= parts) {
      CpuThreads.forEachPart(parts, p -> {
        for (int t = BinaryKernels.start(p, parts, s.batch()); t < BinaryKernels.start(p + 1, parts, s.batch()); t++) {
          product(a, b, c, s, t, blocked, 0, m, 0, n);
        }
      });
    } else {
      for (int t = 0; t < s.batch(); t++) {
        int batch = t;
        boolean byRows = m >= n;
        int length = byRows ? m : n;
        int split = Math.min(parts, Math.max(1, length / 8));
        if (split == 1) {
          product(a, b, c, s, batch, blocked, 0, m, 0, n);
        } else {
          CpuThreads.forEachPart(split, p -> {
            int from = BinaryKernels.start(p, split, length);
            int to = BinaryKernels.start(p + 1, split, length);
            if (byRows) {
              product(a, b, c, s, batch, blocked, from, to, 0, n);
            } else {
              product(a, b, c, s, batch, blocked, 0, m, from, to);
            }
          });
        }
      }
    }
    return c;
  }

  /**
   * A matrix with one row or one column has the same layout as its transpose, so the reading can
   * be chosen: a matrix-vector product becomes dot products over contiguous rows, and an outer
   * product ({@code k = 1}) becomes rows scaled by numbers.
   */
  static MatmulSpec normalized(MatmulSpec s) {
    boolean ta = s.transposeA() && s.m() != 1 && s.k() != 1;
    boolean tb = (s.transposeB() || s.n() == 1) && s.k() != 1;
    if (ta == s.transposeA() && tb == s.transposeB()) {
      return s;
    }
    return new MatmulSpec(s.batch(), s.m(), s.n(), s.k(), ta, tb, s.aBatchStride(), s.bBatchStride());
  }

  /**
   * Rows {@code [r0, r1)} and columns {@code [c0, c1)} of product {@code t} of the batch, by
   * {@code blocked}, or by the plain loop nest where that is {@code null}.
   */
  private static void product(float[] a, float[] b, float[] c, MatmulSpec s, int t, BlockedKernel blocked,
      int r0, int r1, int c0, int c1) {
    int aOff = t * s.aBatchStride();
    int bOff = t * s.bBatchStride();
    int cOff = t * s.m() * s.n();
    if (blocked != null) {
      blocked.product(a, aOff, b, bOff, c, cOff, s, r0, r1, c0, c1);
    } else {
      small(a, aOff, b, bOff, c, cOff, s, r0, r1, c0, c1);
    }
  }

  private static void small(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, MatmulSpec s,
      int r0, int r1, int c0, int c1) {
    int n = s.n();
    int k = s.k();
    int aRow = s.transposeA() ? 1 : k;
    int aK = s.transposeA() ? s.m() : 1;
    if (!s.transposeB()) {
      for (int i = r0; i < r1; i++) {
        int ci = cOff + i * n;
        for (int p = 0; p < k; p++) {
          float av = a[aOff + i * aRow + p * aK];
          int bp = bOff + p * n;
          for (int j = c0; j < c1; j++) {
            c[ci + j] += av * b[bp + j];
          }
        }
      }
    } else { // B stored n x k: dot products of an A row and a B row
      for (int i = r0; i < r1; i++) {
        int ai = aOff + i * aRow;
        for (int j = c0; j < c1; j++) {
          int bj = bOff + j * k;
          float sum = 0f;
          for (int p = 0; p < k; p++) {
            sum += a[ai + p * aK] * b[bj + p];
          }
          c[cOff + i * n + j] = sum;
        }
      }
    }
  }

  private static void blocked(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, MatmulSpec s,
      int r0, int r1, int c0, int c1) {
    int n = s.n();
    int k = s.k();
    int aRow = s.transposeA() ? 1 : k;
    int aK = s.transposeA() ? s.m() : 1;
    int rows = r1 - r0;
    int width = Math.min(NC, c1 - c0);
    float[][][] rowGroups = AlignedRows.allocate(width, Math.min(KC, k), rows);
    float[][] panel = rowGroups[0];
    float[][] tile = rowGroups[1];
    float[] av = new float[9];
    MicroKernel kernel = MicroKernel.FUSED;
    int mc = rowBlock(width);
    for (int jc = c0; jc < c1; jc += NC) {
      int nb = Math.min(NC, c1 - jc);
      if (jc > c0) {
        for (float[] row : tile) {
          Arrays.fill(row, 0f);
        }
      }
      for (int kc = 0; kc < k; kc += KC) {
        int kb = Math.min(KC, k - kc);
        pack(b, bOff, s, kc, kb, jc, nb, panel);
        for (int ic = 0; ic < rows; ic += mc) {
          int iEnd = Math.min(rows, ic + mc);
          for (int p = 0; p < kb; p += 3) {
            int depth = Math.min(3, kb - p);
            float[] b0 = panel[p];
            float[] b1 = depth > 1 ? panel[p + 1] : null;
            float[] b2 = depth > 2 ? panel[p + 2] : null;
            int i = ic;
            if (kernel != null && depth == 3) {
              for (; i + 3 <= iEnd; i += 3) {
                for (int r = 0; r < 3; r++) {
                  int ai = aOff + (r0 + i + r) * aRow + (kc + p) * aK;
                  av[3 * r] = a[ai];
                  av[3 * r + 1] = a[ai + aK];
                  av[3 * r + 2] = a[ai + 2 * aK];
                }
                kernel.threeRows(av, b0, b1, b2, tile[i], tile[i + 1], tile[i + 2], nb);
              }
            }
            for (; i < iEnd; i++) {
              int ai = aOff + (r0 + i) * aRow + (kc + p) * aK;
              MicroKernel.addRow(depth, a[ai], depth > 1 ? a[ai + aK] : 0, depth > 2 ? a[ai + 2 * aK] : 0,
                  b0, b1, b2, tile[i], nb);
            }
          }
        }
      }
      for (int i = 0; i < rows; i++) {
        System.arraycopy(tile[i], 0, c, cOff + (r0 + i) * n + jc, nb);
      }
    }
  }

  /** Copies {@code op(B)[kc .. kc+kb][jc .. jc+nb]} into the rows of {@code panel}. */
  private static void pack(float[] b, int bOff, MatmulSpec s, int kc, int kb, int jc, int nb, float[][] panel) {
    int n = s.n();
    int k = s.k();
    if (!s.transposeB()) {
      for (int p = 0; p < kb; p++) {
        System.arraycopy(b, bOff + (kc + p) * n + jc, panel[p], 0, nb);
      }
    } else {
      for (int j = 0; j < nb; j++) {
        int bj = bOff + (jc + j) * k + kc;
        for (int p = 0; p < kb; p++) {
          panel[p][j] = b[bj + p];
        }
      }
    }
  }
}
