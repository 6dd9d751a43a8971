package dev.adjoint.backend.cpu;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;

/**
 * The innermost loops of {@link FloatMatmul}: C rows plus scaled B rows,
 * {@code c_r[j] += a[3r] b0[j] + a[3r+1] b1[j] + a[3r+2] b2[j]} for {@code j < n}.
 *
 * <p>The main kernel updates three C rows from three B rows. C2 (JDK 17) compiles it to nine
 * vector FMAs (256- or 512-bit) per three loads of B and three loads and stores of C (FMA-bound
 * with 256-bit vectors on Zen 3; with 512-bit ones on a Xeon the loads and stores hold it to about
 * two thirds of the FMA rate); updating one C row at a time is bound by loads at about two thirds of that speed. C2 does so
 * only in narrow conditions, found by reading its assembly ({@code -XX:CompileCommand=print} with
 * an hsdis plugin): every array indexed by the bare loop variable, at most six arrays,
 * {@code Math.fma} rather than {@code a * b + c}, and the rows arriving as parameters of a method
 * compiled on its own: inlined into the caller, which loads the rows from one {@code float[][]},
 * the loop stays scalar and runs four to five times slower. The kernel is therefore called
 * through a {@link MethodHandle} held in an instance field, which C2 does not treat as a constant
 * and so never inlines through (a few nanoseconds per call, against 50 or more for a row of 256).
 *
 * <p>Three by three is the largest shape C2 vectorizes. Measured on one core of an AVX-512 Xeon
 * (JDK 17.0.15, rows of 1024 in L1): 3 C rows x 3 B rows 91 GFLOP/s (113 with co-aligned rows,
 * {@link AlignedRows}), 4 x 2 and 2 x 3 79-84, while 4 x 3, 3 x 4, 4 x 4, 6 x 2 (seven or more
 * arrays) and even 2 x 4 (six arrays, four B rows) stay scalar at 12; so does the three-by-three
 * loop written with {@code c += a * b} instead of {@code Math.fma}. On AVX-512 the loop uses
 * 512-bit vectors (C2's default {@code MaxVectorSize} there), so each call also runs up to 15
 * scalar iterations around the vector loop, which is why {@link FloatMatmul#NC} is long.
 *
 * <p>Where {@code Math.fma} is not compiled to the FMA instruction (CPUs without it, or
 * {@code -XX:-UseFMA}) it is a slow software routine; then {@link #FUSED} is {@code null} and
 * {@link FloatMatmul} uses {@link #addRow} for each row, which C2 vectorizes inlined.
 */
final class MicroKernel {

  /** The three-row kernel, or {@code null} without hardware FMA. */
  static final MicroKernel FUSED = hardwareFma() ? new MicroKernel() : null;

  private final MethodHandle threeRows;

  private MicroKernel() {
    try {
      threeRows = MethodHandles.lookup().findStatic(MicroKernel.class, "threeRowsFused",
          MethodType.methodType(void.class, float.class, float.class, float.class, float.class, float.class,
              float.class, float.class, float.class, float.class, float[].class, float[].class, float[].class,
              float[].class, float[].class, float[].class, int.class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code c_r += a[3r] b0 + a[3r+1] b1 + a[3r+2] b2} for {@code r = 0, 1, 2} over {@code [0, n)};
   * all six rows are distinct arrays.
   */
  void threeRows(float[] a, float[] b0, float[] b1, float[] b2, float[] c0, float[] c1, float[] c2, int n) {
    try {
      threeRows.invokeExact(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], b0, b1, b2, c0, c1, c2, n);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t); // the target declares no checked exception
    }
  }

  /** The coefficients come as scalars: with a seventh array in the method, C2 leaves the loop scalar. */
  private static void threeRowsFused(float a00, float a01, float a02, float a10, float a11, float a12,
      float a20, float a21, float a22, float[] b0, float[] b1, float[] b2,
      float[] c0, float[] c1, float[] c2, int n) {
    for (int j = 0; j < n; j++) {
      float x0 = b0[j];
      float x1 = b1[j];
      float x2 = b2[j];
      c0[j] = Math.fma(a02, x2, Math.fma(a01, x1, Math.fma(a00, x0, c0[j])));
      c1[j] = Math.fma(a12, x2, Math.fma(a11, x1, Math.fma(a10, x0, c1[j])));
      c2[j] = Math.fma(a22, x2, Math.fma(a21, x1, Math.fma(a20, x0, c2[j])));
    }
  }

  /**
   * One C row plus up to three scaled B rows ({@code depth} of them; the others may be
   * {@code null}): a single stored array, which C2 vectorizes even inlined.
   */
  static void addRow(int depth, float a0, float a1, float a2, float[] b0, float[] b1, float[] b2, float[] c, int n) {
    if (depth == 3) {
      for (int j = 0; j < n; j++) {
        c[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j];
      }
    } else if (depth == 2) {
      for (int j = 0; j < n; j++) {
        c[j] += a0 * b0[j] + a1 * b1[j];
      }
    } else {
      for (int j = 0; j < n; j++) {
        c[j] += a0 * b0[j];
      }
    }
  }

  /** Whether HotSpot compiles {@code Math.fma} to the instruction (its {@code UseFMA} flag). */
  static boolean hardwareFma() {
    try {
      return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(
          com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("UseFMA").getValue());
    } catch (RuntimeException | LinkageError e) {
      return false; // not HotSpot: use the kernel that is fast everywhere
    }
  }
}
