package dev.adjoint.backend.cpu;

import dev.adjoint.backend.MatmulSpec;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link FloatMatmul} with its plain kernel against a triple loop in double precision
 * ({@link MatmulReference}), for random shapes and every form of {@link MatmulSpec}: transposed A
 * or B, batches, and an A or B shared by the whole batch. {@link FloatProductsTest} checks every
 * other implementation.
 */
class FloatMatmulPropertyTest {

  /** Small odd shapes: every remainder of the kernels' row, depth and column blocking. */
  @Property(tries = 400)
  void smallShapesMatchTripleLoop(@ForAll @IntRange(min = 1, max = 70) int m,
      @ForAll @IntRange(min = 1, max = 70) int n, @ForAll @IntRange(min = 1, max = 70) int k,
      @ForAll @IntRange(min = 1, max = 3) int batch, @ForAll boolean transposeA, @ForAll boolean transposeB,
      @ForAll boolean shareA, @ForAll boolean shareB, @ForAll long seed) {
    check(new MatmulSpec(batch, m, n, k, transposeA, transposeB,
        shareA ? 0 : m * k, shareB ? 0 : k * n), seed);
  }

  /**
   * Shapes that take the blocked, multi-threaded path and cross its block sizes ({@link
   * FloatMatmul#NC} columns, {@link FloatMatmul#KC} depth), with ragged last blocks.
   */
  @Test
  void largeShapesMatchTripleLoop() {
    int[][] shapes = {
        {300, 257, 259}, {129, 1100, 70}, {1031, 97, 600}, {67, 2051, 131}, {520, 515, 530}, {3, 1500, 800}};
    long seed = 1;
    for (int[] s : shapes) {
      for (int form = 0; form < 4; form++) {
        check(new MatmulSpec(1, s[0], s[1], s[2], (form & 1) != 0, (form & 2) != 0, 0, 0), seed++);
      }
    }
    check(new MatmulSpec(3, 200, 180, 190, false, false, 200 * 190, 0), seed++);
    check(new MatmulSpec(2, 150, 400, 300, true, true, 0, 400 * 300), seed);
  }

  private static void check(MatmulSpec s, long seed) {
    Random r = new Random(seed);
    float[] a = MatmulReference.randomA(r, s);
    float[] b = MatmulReference.randomB(r, s);
    MatmulReference.check("FloatMatmul", FloatMatmul.multiply(a, b, s), a, b, s);
  }
}
