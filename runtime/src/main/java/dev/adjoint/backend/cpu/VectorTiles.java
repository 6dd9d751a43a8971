package dev.adjoint.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernels of the Vector-API matmul ({@link VectorBlockedMatmul},
 * {@link VectorSmallMatmul}): one tile of C, {@code rows} rows by two vectors, accumulated in
 * registers over {@code kb} steps, each step one broadcast A element per row times two B vectors
 * ({@code rows x 2} FMAs per {@code rows + 2} loads), and written back once at the end.
 *
 * <p>Operands, for step {@code p} and row {@code r}: A's element at {@code a[ao + r + p * aStep]}
 * ({@link #add}: packed panels) or {@code a[ao + r * aRow + p * aStep]} ({@link #store}: A in
 * place, either layout); B's two vectors at {@code b[bo + p * bStride]} and
 * {@code b[bo + p * bStride + bSecond]}; C's row {@code r} at {@code c[co + r * ldc]} and
 * {@code c[co + r * ldc + cSecond]}. Packed panels have {@code aStep = rows},
 * {@code bStride = 2 * LANES}, {@code bSecond = LANES}; the small path reads B in place with its
 * row length as {@code bStride} and lets the second vector overlap the first
 * ({@code bSecond < LANES}) where a row is not a whole number of vectors. Reading A in place costs
 * a register per row for its offset: on the demo's 32 x 20 x 30 product the kernels alone took
 * 0.58 us against 0.48 us from a packed A, but packing A took longer than that difference.
 *
 * <p>{@link #ROWS} is 12 with 16 lanes (AVX-512: 24 accumulators, two B vectors and a broadcast
 * in 32 registers; 166 GFLOP/s on one core of the Xeon of the README, its FMA peak) and 6 with
 * fewer (AVX2 has 16 registers: 12 rows spilled, 52 GFLOP/s against 66 with 6 rows, measured on
 * the same Xeon with {@code -XX:UseAVX=2}).
 *
 * <p>Written out (generated once by a script, not kept), as C2 keeps a vector in a register only
 * when it is a local variable, not an array element; and the four bodies are kept free of
 * branches: a 12-row kernel whose write-back branched (adding or storing, skipping rows) ran 20%
 * slower in its loop, and one of 1,779 bytecodes made C1's tier-3 compilation give up ("out of
 * virtual registers"), which could leave it at tier 2 for good, at about 1 GFLOP/s. These (1,441
 * and 1,064 bytecodes for 12 rows) compile at every tier; keep them no larger.
 */
final class VectorTiles {
  private VectorTiles() {}

  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> S = SPECIES;
  /** Floats per vector: 16 with AVX-512, 8 with AVX2. */
  static final int LANES = S.length();
  /** Rows of C per tile on this machine (12 or 6; see above). */
  static final int ROWS = LANES >= 16 ? 12 : 6;
  /** Columns of C per tile. */
  static final int COLUMNS = 2 * LANES;

  /** {@code C_tile += A B} for a tile of {@code rows} (12 or 6) rows, A packed. */
  static void add(int rows, int kb, float[] a, int ao, int aStep, float[] b, int bo, int bStride, int bSecond,
      float[] c, int co, int ldc, int cSecond) {
    if (rows == 12) {
      add12(kb, a, ao, aStep, b, bo, bStride, bSecond, c, co, ldc, cSecond);
    } else {
      add6(kb, a, ao, aStep, b, bo, bStride, bSecond, c, co, ldc, cSecond);
    }
  }

  /** {@code C_tile = A B} for a tile of {@code rows} (12 or 6) rows, A in place. */
  static void store(int rows, int kb, float[] a, int ao, int aRow, int aStep, float[] b, int bo, int bStride,
      int bSecond, float[] c, int co, int ldc, int cSecond) {
    if (rows == 12) {
      store12(kb, a, ao, aRow, aStep, b, bo, bStride, bSecond, c, co, ldc, cSecond);
    } else {
      store6(kb, a, ao, aRow, aStep, b, bo, bStride, bSecond, c, co, ldc, cSecond);
    }
  }

  private static void add12(int kb, float[] a, int ao, int aStep, float[] b, int bo, int bStride,
      int bSecond, float[] c, int co, int ldc, int cSecond) {
    FloatVector c0a = FloatVector.zero(S);
    FloatVector c0b = c0a;
    FloatVector c1a = c0a;
    FloatVector c1b = c0a;
    FloatVector c2a = c0a;
    FloatVector c2b = c0a;
    FloatVector c3a = c0a;
    FloatVector c3b = c0a;
    FloatVector c4a = c0a;
    FloatVector c4b = c0a;
    FloatVector c5a = c0a;
    FloatVector c5b = c0a;
    FloatVector c6a = c0a;
    FloatVector c6b = c0a;
    FloatVector c7a = c0a;
    FloatVector c7b = c0a;
    FloatVector c8a = c0a;
    FloatVector c8b = c0a;
    FloatVector c9a = c0a;
    FloatVector c9b = c0a;
    FloatVector c10a = c0a;
    FloatVector c10b = c0a;
    FloatVector c11a = c0a;
    FloatVector c11b = c0a;
    for (int p = 0; p < kb; p++) {
      int ai = ao + p * aStep;
      int bi = bo + p * bStride;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + bSecond);
      FloatVector x0 = FloatVector.broadcast(S, a[ai]);
      c0a = x0.fma(b0, c0a);
      c0b = x0.fma(b1, c0b);
      FloatVector x1 = FloatVector.broadcast(S, a[ai + 1]);
      c1a = x1.fma(b0, c1a);
      c1b = x1.fma(b1, c1b);
      FloatVector x2 = FloatVector.broadcast(S, a[ai + 2]);
      c2a = x2.fma(b0, c2a);
      c2b = x2.fma(b1, c2b);
      FloatVector x3 = FloatVector.broadcast(S, a[ai + 3]);
      c3a = x3.fma(b0, c3a);
      c3b = x3.fma(b1, c3b);
      FloatVector x4 = FloatVector.broadcast(S, a[ai + 4]);
      c4a = x4.fma(b0, c4a);
      c4b = x4.fma(b1, c4b);
      FloatVector x5 = FloatVector.broadcast(S, a[ai + 5]);
      c5a = x5.fma(b0, c5a);
      c5b = x5.fma(b1, c5b);
      FloatVector x6 = FloatVector.broadcast(S, a[ai + 6]);
      c6a = x6.fma(b0, c6a);
      c6b = x6.fma(b1, c6b);
      FloatVector x7 = FloatVector.broadcast(S, a[ai + 7]);
      c7a = x7.fma(b0, c7a);
      c7b = x7.fma(b1, c7b);
      FloatVector x8 = FloatVector.broadcast(S, a[ai + 8]);
      c8a = x8.fma(b0, c8a);
      c8b = x8.fma(b1, c8b);
      FloatVector x9 = FloatVector.broadcast(S, a[ai + 9]);
      c9a = x9.fma(b0, c9a);
      c9b = x9.fma(b1, c9b);
      FloatVector x10 = FloatVector.broadcast(S, a[ai + 10]);
      c10a = x10.fma(b0, c10a);
      c10b = x10.fma(b1, c10b);
      FloatVector x11 = FloatVector.broadcast(S, a[ai + 11]);
      c11a = x11.fma(b0, c11a);
      c11b = x11.fma(b1, c11b);
    }
    FloatVector.fromArray(S, c, co).add(c0a).intoArray(c, co);
    FloatVector.fromArray(S, c, co + cSecond).add(c0b).intoArray(c, co + cSecond);
    FloatVector.fromArray(S, c, co + 1 * ldc).add(c1a).intoArray(c, co + 1 * ldc);
    FloatVector.fromArray(S, c, co + 1 * ldc + cSecond).add(c1b).intoArray(c, co + 1 * ldc + cSecond);
    FloatVector.fromArray(S, c, co + 2 * ldc).add(c2a).intoArray(c, co + 2 * ldc);
    FloatVector.fromArray(S, c, co + 2 * ldc + cSecond).add(c2b).intoArray(c, co + 2 * ldc + cSecond);
    FloatVector.fromArray(S, c, co + 3 * ldc).add(c3a).intoArray(c, co + 3 * ldc);
    FloatVector.fromArray(S, c, co + 3 * ldc + cSecond).add(c3b).intoArray(c, co + 3 * ldc + cSecond);
    FloatVector.fromArray(S, c, co + 4 * ldc).add(c4a).intoArray(c, co + 4 * ldc);
    FloatVector.fromArray(S, c, co + 4 * ldc + cSecond).add(c4b).intoArray(c, co + 4 * ldc + cSecond);
    FloatVector.fromArray(S, c, co + 5 * ldc).add(c5a).intoArray(c, co + 5 * ldc);
    FloatVector.fromArray(S, c, co + 5 * ldc + cSecond).add(c5b).intoArray(c, co + 5 * ldc + cSecond);
    FloatVector.fromArray(S, c, co + 6 * ldc).add(c6a).intoArray(c, co + 6 * ldc);
    FloatVector.fromArray(S, c, co + 6 * ldc + cSecond).add(c6b).intoArray(c, co + 6 * ldc + cSecond);
    FloatVector.fromArray(S, c, co + 7 * ldc).add(c7a).intoArray(c, co + 7 * ldc);
    FloatVector.fromArray(S, c, co + 7 * ldc + cSecond).add(c7b).intoArray(c, co + 7 * ldc + cSecond);
    FloatVector.fromArray(S, c, co + 8 * ldc).add(c8a).intoArray(c, co + 8 * ldc);
    FloatVector.fromArray(S, c, co + 8 * ldc + cSecond).add(c8b).intoArray(c, co + 8 * ldc + cSecond);
    FloatVector.fromArray(S, c, co + 9 * ldc).add(c9a).intoArray(c, co + 9 * ldc);
    FloatVector.fromArray(S, c, co + 9 * ldc + cSecond).add(c9b).intoArray(c, co + 9 * ldc + cSecond);
    FloatVector.fromArray(S, c, co + 10 * ldc).add(c10a).intoArray(c, co + 10 * ldc);
    FloatVector.fromArray(S, c, co + 10 * ldc + cSecond).add(c10b).intoArray(c, co + 10 * ldc + cSecond);
    FloatVector.fromArray(S, c, co + 11 * ldc).add(c11a).intoArray(c, co + 11 * ldc);
    FloatVector.fromArray(S, c, co + 11 * ldc + cSecond).add(c11b).intoArray(c, co + 11 * ldc + cSecond);
  }

  private static void store12(int kb, float[] a, int ao, int aRow, int aStep, float[] b, int bo,
      int bStride, int bSecond, float[] c, int co, int ldc, int cSecond) {
    FloatVector c0a = FloatVector.zero(S);
    FloatVector c0b = c0a;
    FloatVector c1a = c0a;
    FloatVector c1b = c0a;
    FloatVector c2a = c0a;
    FloatVector c2b = c0a;
    FloatVector c3a = c0a;
    FloatVector c3b = c0a;
    FloatVector c4a = c0a;
    FloatVector c4b = c0a;
    FloatVector c5a = c0a;
    FloatVector c5b = c0a;
    FloatVector c6a = c0a;
    FloatVector c6b = c0a;
    FloatVector c7a = c0a;
    FloatVector c7b = c0a;
    FloatVector c8a = c0a;
    FloatVector c8b = c0a;
    FloatVector c9a = c0a;
    FloatVector c9b = c0a;
    FloatVector c10a = c0a;
    FloatVector c10b = c0a;
    FloatVector c11a = c0a;
    FloatVector c11b = c0a;
    int a0 = ao;
    int a1 = ao + 1 * aRow;
    int a2 = ao + 2 * aRow;
    int a3 = ao + 3 * aRow;
    int a4 = ao + 4 * aRow;
    int a5 = ao + 5 * aRow;
    int a6 = ao + 6 * aRow;
    int a7 = ao + 7 * aRow;
    int a8 = ao + 8 * aRow;
    int a9 = ao + 9 * aRow;
    int a10 = ao + 10 * aRow;
    int a11 = ao + 11 * aRow;
    for (int p = 0; p < kb; p++) {
      int ai = p * aStep;
      int bi = bo + p * bStride;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + bSecond);
      FloatVector x0 = FloatVector.broadcast(S, a[a0 + ai]);
      c0a = x0.fma(b0, c0a);
      c0b = x0.fma(b1, c0b);
      FloatVector x1 = FloatVector.broadcast(S, a[a1 + ai]);
      c1a = x1.fma(b0, c1a);
      c1b = x1.fma(b1, c1b);
      FloatVector x2 = FloatVector.broadcast(S, a[a2 + ai]);
      c2a = x2.fma(b0, c2a);
      c2b = x2.fma(b1, c2b);
      FloatVector x3 = FloatVector.broadcast(S, a[a3 + ai]);
      c3a = x3.fma(b0, c3a);
      c3b = x3.fma(b1, c3b);
      FloatVector x4 = FloatVector.broadcast(S, a[a4 + ai]);
      c4a = x4.fma(b0, c4a);
      c4b = x4.fma(b1, c4b);
      FloatVector x5 = FloatVector.broadcast(S, a[a5 + ai]);
      c5a = x5.fma(b0, c5a);
      c5b = x5.fma(b1, c5b);
      FloatVector x6 = FloatVector.broadcast(S, a[a6 + ai]);
      c6a = x6.fma(b0, c6a);
      c6b = x6.fma(b1, c6b);
      FloatVector x7 = FloatVector.broadcast(S, a[a7 + ai]);
      c7a = x7.fma(b0, c7a);
      c7b = x7.fma(b1, c7b);
      FloatVector x8 = FloatVector.broadcast(S, a[a8 + ai]);
      c8a = x8.fma(b0, c8a);
      c8b = x8.fma(b1, c8b);
      FloatVector x9 = FloatVector.broadcast(S, a[a9 + ai]);
      c9a = x9.fma(b0, c9a);
      c9b = x9.fma(b1, c9b);
      FloatVector x10 = FloatVector.broadcast(S, a[a10 + ai]);
      c10a = x10.fma(b0, c10a);
      c10b = x10.fma(b1, c10b);
      FloatVector x11 = FloatVector.broadcast(S, a[a11 + ai]);
      c11a = x11.fma(b0, c11a);
      c11b = x11.fma(b1, c11b);
    }
    c0a.intoArray(c, co);
    c0b.intoArray(c, co + cSecond);
    c1a.intoArray(c, co + 1 * ldc);
    c1b.intoArray(c, co + 1 * ldc + cSecond);
    c2a.intoArray(c, co + 2 * ldc);
    c2b.intoArray(c, co + 2 * ldc + cSecond);
    c3a.intoArray(c, co + 3 * ldc);
    c3b.intoArray(c, co + 3 * ldc + cSecond);
    c4a.intoArray(c, co + 4 * ldc);
    c4b.intoArray(c, co + 4 * ldc + cSecond);
    c5a.intoArray(c, co + 5 * ldc);
    c5b.intoArray(c, co + 5 * ldc + cSecond);
    c6a.intoArray(c, co + 6 * ldc);
    c6b.intoArray(c, co + 6 * ldc + cSecond);
    c7a.intoArray(c, co + 7 * ldc);
    c7b.intoArray(c, co + 7 * ldc + cSecond);
    c8a.intoArray(c, co + 8 * ldc);
    c8b.intoArray(c, co + 8 * ldc + cSecond);
    c9a.intoArray(c, co + 9 * ldc);
    c9b.intoArray(c, co + 9 * ldc + cSecond);
    c10a.intoArray(c, co + 10 * ldc);
    c10b.intoArray(c, co + 10 * ldc + cSecond);
    c11a.intoArray(c, co + 11 * ldc);
    c11b.intoArray(c, co + 11 * ldc + cSecond);
  }

  private static void add6(int kb, float[] a, int ao, int aStep, float[] b, int bo, int bStride,
      int bSecond, float[] c, int co, int ldc, int cSecond) {
    FloatVector c0a = FloatVector.zero(S);
    FloatVector c0b = c0a;
    FloatVector c1a = c0a;
    FloatVector c1b = c0a;
    FloatVector c2a = c0a;
    FloatVector c2b = c0a;
    FloatVector c3a = c0a;
    FloatVector c3b = c0a;
    FloatVector c4a = c0a;
    FloatVector c4b = c0a;
    FloatVector c5a = c0a;
    FloatVector c5b = c0a;
    for (int p = 0; p < kb; p++) {
      int ai = ao + p * aStep;
      int bi = bo + p * bStride;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + bSecond);
      FloatVector x0 = FloatVector.broadcast(S, a[ai]);
      c0a = x0.fma(b0, c0a);
      c0b = x0.fma(b1, c0b);
      FloatVector x1 = FloatVector.broadcast(S, a[ai + 1]);
      c1a = x1.fma(b0, c1a);
      c1b = x1.fma(b1, c1b);
      FloatVector x2 = FloatVector.broadcast(S, a[ai + 2]);
      c2a = x2.fma(b0, c2a);
      c2b = x2.fma(b1, c2b);
      FloatVector x3 = FloatVector.broadcast(S, a[ai + 3]);
      c3a = x3.fma(b0, c3a);
      c3b = x3.fma(b1, c3b);
      FloatVector x4 = FloatVector.broadcast(S, a[ai + 4]);
      c4a = x4.fma(b0, c4a);
      c4b = x4.fma(b1, c4b);
      FloatVector x5 = FloatVector.broadcast(S, a[ai + 5]);
      c5a = x5.fma(b0, c5a);
      c5b = x5.fma(b1, c5b);
    }
    FloatVector.fromArray(S, c, co).add(c0a).intoArray(c, co);
    FloatVector.fromArray(S, c, co + cSecond).add(c0b).intoArray(c, co + cSecond);
    FloatVector.fromArray(S, c, co + 1 * ldc).add(c1a).intoArray(c, co + 1 * ldc);
    FloatVector.fromArray(S, c, co + 1 * ldc + cSecond).add(c1b).intoArray(c, co + 1 * ldc + cSecond);
    FloatVector.fromArray(S, c, co + 2 * ldc).add(c2a).intoArray(c, co + 2 * ldc);
    FloatVector.fromArray(S, c, co + 2 * ldc + cSecond).add(c2b).intoArray(c, co + 2 * ldc + cSecond);
    FloatVector.fromArray(S, c, co + 3 * ldc).add(c3a).intoArray(c, co + 3 * ldc);
    FloatVector.fromArray(S, c, co + 3 * ldc + cSecond).add(c3b).intoArray(c, co + 3 * ldc + cSecond);
    FloatVector.fromArray(S, c, co + 4 * ldc).add(c4a).intoArray(c, co + 4 * ldc);
    FloatVector.fromArray(S, c, co + 4 * ldc + cSecond).add(c4b).intoArray(c, co + 4 * ldc + cSecond);
    FloatVector.fromArray(S, c, co + 5 * ldc).add(c5a).intoArray(c, co + 5 * ldc);
    FloatVector.fromArray(S, c, co + 5 * ldc + cSecond).add(c5b).intoArray(c, co + 5 * ldc + cSecond);
  }

  private static void store6(int kb, float[] a, int ao, int aRow, int aStep, float[] b, int bo,
      int bStride, int bSecond, float[] c, int co, int ldc, int cSecond) {
    FloatVector c0a = FloatVector.zero(S);
    FloatVector c0b = c0a;
    FloatVector c1a = c0a;
    FloatVector c1b = c0a;
    FloatVector c2a = c0a;
    FloatVector c2b = c0a;
    FloatVector c3a = c0a;
    FloatVector c3b = c0a;
    FloatVector c4a = c0a;
    FloatVector c4b = c0a;
    FloatVector c5a = c0a;
    FloatVector c5b = c0a;
    int a0 = ao;
    int a1 = ao + 1 * aRow;
    int a2 = ao + 2 * aRow;
    int a3 = ao + 3 * aRow;
    int a4 = ao + 4 * aRow;
    int a5 = ao + 5 * aRow;
    for (int p = 0; p < kb; p++) {
      int ai = p * aStep;
      int bi = bo + p * bStride;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + bSecond);
      FloatVector x0 = FloatVector.broadcast(S, a[a0 + ai]);
      c0a = x0.fma(b0, c0a);
      c0b = x0.fma(b1, c0b);
      FloatVector x1 = FloatVector.broadcast(S, a[a1 + ai]);
      c1a = x1.fma(b0, c1a);
      c1b = x1.fma(b1, c1b);
      FloatVector x2 = FloatVector.broadcast(S, a[a2 + ai]);
      c2a = x2.fma(b0, c2a);
      c2b = x2.fma(b1, c2b);
      FloatVector x3 = FloatVector.broadcast(S, a[a3 + ai]);
      c3a = x3.fma(b0, c3a);
      c3b = x3.fma(b1, c3b);
      FloatVector x4 = FloatVector.broadcast(S, a[a4 + ai]);
      c4a = x4.fma(b0, c4a);
      c4b = x4.fma(b1, c4b);
      FloatVector x5 = FloatVector.broadcast(S, a[a5 + ai]);
      c5a = x5.fma(b0, c5a);
      c5b = x5.fma(b1, c5b);
    }
    c0a.intoArray(c, co);
    c0b.intoArray(c, co + cSecond);
    c1a.intoArray(c, co + 1 * ldc);
    c1b.intoArray(c, co + 1 * ldc + cSecond);
    c2a.intoArray(c, co + 2 * ldc);
    c2b.intoArray(c, co + 2 * ldc + cSecond);
    c3a.intoArray(c, co + 3 * ldc);
    c3b.intoArray(c, co + 3 * ldc + cSecond);
    c4a.intoArray(c, co + 4 * ldc);
    c4b.intoArray(c, co + 4 * ldc + cSecond);
    c5a.intoArray(c, co + 5 * ldc);
    c5b.intoArray(c, co + 5 * ldc + cSecond);
  }

}
