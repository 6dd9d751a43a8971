package dev.adjoint.backend.cpu;

import dev.adjoint.backend.MatmulSpec;

/**
 * float32 products too small for packing and threads to pay ({@link SmallFloatMatmul}'s sizes) on
 * the Vector API: every tile of C is computed over the whole depth by {@link VectorTiles} and
 * stored once, so no scratch rows of C and no second pass.
 *
 * <p>Edges without padding: when C has at least {@code ROWS} rows and a row at least one vector,
 * the last tile of rows and the last vector of a row are placed flush with the edge, overlapping
 * their neighbours, whose elements they recompute to the same values (32 rows are tiles at 0, 12
 * and 20; 20 columns are vectors at 0 and 4). A is read in place, either layout, and so is B when
 * not transposed; a transposed B is first copied into a per-thread scratch. Only a result with
 * fewer rows than a tile (A then copied, zero-padded) or narrower than a vector goes through a
 * scratch tile; one narrower than {@link SmallFloatMatmul#MIN_COLUMNS} (a matrix-vector product)
 * is left to {@link SmallFloatMatmul}'s dot products.
 */
final class VectorSmallMatmul {
  private VectorSmallMatmul() {}

  /** Multiply-adds per product up to which this class is used. */
  static final long MAX_WORK = SmallFloatMatmul.MAX_WORK;

  static boolean handles(MatmulSpec s) {
    return (long) s.m() * s.n() * s.k() <= MAX_WORK;
  }

  static float[] multiply(float[] a, float[] b, MatmulSpec s) {
    return multiply(VectorTiles.ROWS, a, b, s);
  }

  /** The batch of products with tiles of {@code mr} (12 or 6) rows. */
  static float[] multiply(int mr, float[] a, float[] b, MatmulSpec s) {
    int m = s.m();
    int n = s.n();
    int k = s.k();
    if (n < SmallFloatMatmul.MIN_COLUMNS) {
      return SmallFloatMatmul.multiply(a, b, s);
    }
    float[] c = new float[s.batch() * m * n];
    if (k == 0 || m == 0) {
      return c;
    }
    int lanes = VectorTiles.LANES;
    int width = Math.max(n, lanes); // of a row of op(B) as the kernel reads it
    boolean packB = s.transposeB() || n < lanes;
    boolean packA = m < mr;
    boolean tiled = n < lanes || packA;
    Scratch scratch = Scratch.get(packA ? mr * k : 0, packB ? k * width : 0, tiled ? mr * 2 * lanes : 0);
    int vectors = (width + lanes - 1) / lanes;
    for (int t = 0; t < s.batch(); t++) {
      float[] aSrc = a;
      int aBase = t * s.aBatchStride();
      int aRow = s.transposeA() ? 1 : k;
      int aStep = s.transposeA() ? m : 1;
      if (packA) {
        PackedPanels.packA(a, aBase, s, 0, m, 0, k, mr, scratch.a);
        aSrc = scratch.a;
        aBase = 0;
        aRow = 1;
        aStep = mr;
      }
      float[] bSrc = b;
      int bBase = t * s.bBatchStride();
      int bStride = n;
      if (packB) {
        if (t == 0 || s.bBatchStride() != 0) {
          PackedPanels.packB(b, bBase, s, 0, k, 0, n, width, scratch.b);
        }
        bSrc = scratch.b;
        bBase = 0;
        bStride = width;
      }
      int cOff = t * m * n;
      for (int i0 = 0; i0 < m; i0 += mr) {
        int top = m >= mr ? Math.min(i0, m - mr) : 0;
        int ao = aBase + top * aRow;
        for (int v = 0; v < vectors; v += 2) {
          int j0 = Math.min(v * lanes, width - lanes);
          int j1 = Math.min((v + 1) * lanes, width - lanes); // = j0 for a last, odd vector
          if (!tiled) {
            VectorTiles.store(mr, k, aSrc, ao, aRow, aStep, bSrc, bBase + j0, bStride, j1 - j0,
                c, cOff + top * n + j0, n, j1 - j0);
          } else {
            float[] tile = scratch.tile;
            VectorTiles.store(mr, k, aSrc, ao, aRow, aStep, bSrc, bBase + j0, bStride, j1 - j0,
                tile, 0, 2 * lanes, lanes);
            int rows = Math.min(mr, m - top);
            for (int r = 0; r < rows; r++) {
              int ci = cOff + (top + r) * n;
              for (int j = j0; j < Math.min(j0 + lanes, n); j++) {
                c[ci + j] = tile[r * 2 * lanes + j - j0];
              }
              for (int j = j1; j < Math.min(j1 + lanes, n); j++) {
                c[ci + j] = tile[r * 2 * lanes + lanes + j - j1];
              }
            }
          }
        }
      }
    }
    return c;
  }

  /**
   * Each thread's scratch arrays, grown on demand and kept up to {@link #KEPT} floats each (a
   * fresh array is zeroed in memory not yet in cache, a noticeable part of a small product).
   */
  private static final class Scratch {
    static final int KEPT = 1 << 14;
    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    private float[] a = new float[0];
    private float[] b = new float[0];
    private float[] tile = new float[0];

    static Scratch get(int aLength, int bLength, int tileLength) {
      Scratch kept = PER_THREAD.get();
      if (aLength <= kept.a.length && bLength <= kept.b.length && tileLength <= kept.tile.length) {
        return kept;
      }
      Scratch s = new Scratch();
      s.a = aLength <= kept.a.length ? kept.a : new float[aLength];
      s.b = bLength <= kept.b.length ? kept.b : new float[bLength];
      s.tile = tileLength <= kept.tile.length ? kept.tile : new float[tileLength];
      if (s.a.length <= KEPT && s.b.length <= KEPT && s.tile.length <= KEPT) {
        PER_THREAD.set(s);
      }
      return s;
    }
  }
}
