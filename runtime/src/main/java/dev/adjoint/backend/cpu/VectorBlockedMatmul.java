package dev.adjoint.backend.cpu;

import dev.adjoint.backend.MatmulSpec;
import java.util.Arrays;

/**
 * The large float32 products on the Vector API: {@link FloatMatmul}'s blocked path with
 * {@link VectorTiles}' register-blocked kernel, in the loop order of BLIS (Goto's algorithm). A
 * block of {@code op(A)}, {@link #KC} deep, is packed into panels of {@code ROWS} rows; a block of
 * {@code op(B)}, {@link #KC} deep and at most {@link #NC} wide, into panels of two vectors' width,
 * which stays in L2; every A panel (in L1) then meets every B panel of the block, one tile of C
 * each, accumulated in registers over the whole depth. Tiles cut by the edges of C go through a
 * scratch tile, so the kernel only ever sees whole, zero-padded panels.
 */
final class VectorBlockedMatmul {
  private VectorBlockedMatmul() {}

  /**
   * Depth of the packed blocks, BLIS's for AVX-512: an A panel of 12 rows is 18 KiB, a third of a
   * 48 KiB L1d (256 and 768 measured the same here, within the noise of a shared machine).
   */
  static final int KC = 384;
  /** Width of a packed B block: half of L2 (672 columns with 2 MiB; 160 with 512 KiB). */
  static final int NC = Math.max(VectorTiles.COLUMNS,
      CacheSizes.L2 / 2 / (4 * KC) / VectorTiles.COLUMNS * VectorTiles.COLUMNS);
  /**
   * Rows of a packed A block (672 with 12-row tiles, 1 MiB): a bound on the scratch memory rather
   * than a cache size, as a bigger block only saves packing B again for the next one.
   */
  static final int MC = Math.max(VectorTiles.ROWS, (1 << 18) / KC / VectorTiles.ROWS * VectorTiles.ROWS);

  /** {@link FloatMatmul.BlockedKernel}: this machine's tile. */
  static void product(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, MatmulSpec s,
      int r0, int r1, int c0, int c1) {
    product(VectorTiles.ROWS, a, aOff, b, bOff, c, cOff, s, r0, r1, c0, c1);
  }

  /**
   * Adds {@code op(A) op(B)} into rows {@code [r0, r1)} and columns {@code [c0, c1)} of the
   * product at {@code cOff}, with tiles of {@code mr} (12 or 6) rows.
   */
  static void product(int mr, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, MatmulSpec s,
      int r0, int r1, int c0, int c1) {
    int n = s.n();
    int k = s.k();
    int nr = VectorTiles.COLUMNS;
    int lanes = VectorTiles.LANES;
    if (k == 0 || r1 <= r0 || c1 <= c0) {
      return;
    }
    int mc = evenBlock(r1 - r0, MC, mr);
    int kc = evenBlock(k, KC, 1);
    int nc = evenBlock(c1 - c0, NC, nr);
    Workspace w = Workspace.get(mc * kc, nc * kc, mr * nr);
    float[] aPack = w.aPack;
    float[] bPack = w.bPack;
    float[] tile = w.tile;
    for (int ic = r0; ic < r1; ic += mc) {
      int mb = Math.min(mc, r1 - ic);
      for (int pc = 0; pc < k; pc += kc) {
        int kb = Math.min(kc, k - pc);
        PackedPanels.packA(a, aOff, s, ic, mb, pc, kb, mr, aPack);
        for (int jc = c0; jc < c1; jc += nc) {
          int nb = Math.min(nc, c1 - jc);
          PackedPanels.packB(b, bOff, s, pc, kb, jc, nb, nr, bPack);
          for (int ir = 0; ir < mb; ir += mr) {
            int rows = Math.min(mr, mb - ir);
            int ao = ir * kb;
            for (int jr = 0; jr < nb; jr += nr) {
              int cols = Math.min(nr, nb - jr);
              int bo = jr * kb;
              int co = cOff + (ic + ir) * n + jc + jr;
              if (rows == mr && cols == nr) {
                VectorTiles.add(mr, kb, aPack, ao, mr, bPack, bo, nr, lanes, c, co, n, lanes);
              } else {
                Arrays.fill(tile, 0f);
                VectorTiles.add(mr, kb, aPack, ao, mr, bPack, bo, nr, lanes, tile, 0, nr, lanes);
                for (int r = 0; r < rows; r++) {
                  for (int j = 0; j < cols; j++) {
                    c[co + r * n + j] += tile[r * nr + j];
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /**
   * The block size for {@code length} split into as few blocks of at most {@code max} as possible,
   * made equal and rounded up to a multiple of {@code unit}: 2048 columns in blocks of at most 672
   * become four of 512 rather than three of 672 and one of 32.
   */
  static int evenBlock(int length, int max, int unit) {
    int blocks = (length + max - 1) / max;
    int size = (length + blocks - 1) / blocks;
    return (size + unit - 1) / unit * unit;
  }

  /**
   * Each thread's packed blocks, kept between products (up to about 2 MiB with 12-row tiles):
   * allocating them measured 430 us per 512^2 product on one thread, a sixth of its time, as arrays
   * this large are allocated and zeroed outside the thread's allocation buffer.
   */
  private static final class Workspace {
    private static final ThreadLocal<Workspace> PER_THREAD = ThreadLocal.withInitial(Workspace::new);

    private float[] aPack = new float[0];
    private float[] bPack = new float[0];
    private float[] tile = new float[0];

    static Workspace get(int aLength, int bLength, int tileLength) {
      Workspace w = PER_THREAD.get();
      if (aLength > w.aPack.length) {
        w.aPack = new float[aLength];
      }
      if (bLength > w.bPack.length) {
        w.bPack = new float[bLength];
      }
      if (tileLength > w.tile.length) {
        w.tile = new float[tileLength];
      }
      return w;
    }
  }
}
