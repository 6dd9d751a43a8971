package dev.adjoint.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.adjoint.backend.MatmulSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Every float32 matmul implementation, the plain-Java fallback and the Vector API's, on the same
 * random operands against the double-precision triple loop of {@link MatmulReference}: the two
 * {@link FloatProducts}, and each kernel on its own, at sizes outside those it is chosen for (the
 * small path on large products, the blocked path on tiny ones) and with both tile heights (12 and
 * 6 rows), so that every edge case of each runs whatever this machine's vector length.
 *
 * <p>The Vector-API part needs {@code --add-modules jdk.incubator.vector} (this module's surefire
 * passes it) and is skipped without it.
 */
class FloatProductsTest {

  /** Shapes of every remainder: rows, columns and depth around the tile and vector sizes, k = 0 and 1. */
  @Property(tries = 300)
  void smallShapesMatchTripleLoop(@ForAll @IntRange(min = 1, max = 70) int m,
      @ForAll @IntRange(min = 1, max = 70) int n, @ForAll @IntRange(min = 0, max = 70) int k,
      @ForAll @IntRange(min = 1, max = 3) int batch, @ForAll boolean transposeA, @ForAll boolean transposeB,
      @ForAll boolean shareA, @ForAll boolean shareB, @ForAll long seed) {
    checkAll(new MatmulSpec(batch, m, n, k, transposeA, transposeB, shareA ? 0 : m * k, shareB ? 0 : k * n), seed);
  }

  @Test
  void edgeShapesMatchTripleLoop() {
    int[][] shapes = {
        {32, 20, 30}, {32, 30, 20}, {30, 20, 32}, {20, 30, 32}, {32, 30, 1}, {32, 1, 20}, {1, 30, 32},
        {1, 1, 1}, {12, 32, 5}, {13, 33, 7}, {11, 31, 3}, {6, 16, 4}, {7, 17, 9}, {5, 15, 2}, {24, 64, 0},
        {12, 4, 10}, {3, 8, 40}, {100, 100, 100}};
    long seed = 11;
    for (int[] s : shapes) {
      for (int form = 0; form < 4; form++) {
        checkAll(new MatmulSpec(1, s[0], s[1], s[2], (form & 1) != 0, (form & 2) != 0, 0, 0), seed++);
        checkAll(new MatmulSpec(3, s[0], s[1], s[2], (form & 1) != 0, (form & 2) != 0, s[0] * s[2], 0), seed++);
      }
    }
  }

  /**
   * Large products: across the Vector-API blocks ({@link VectorBlockedMatmul#KC} depth,
   * {@link VectorBlockedMatmul#NC} columns, {@link VectorBlockedMatmul#MC} rows) and the threads'
   * split, with ragged last blocks.
   */
  @Test
  void largeShapesMatchTripleLoop() {
    int[][] shapes = {{300, 257, 259}, {129, 1100, 70}, {1031, 97, 800}, {67, 2051, 131}, {3, 1500, 800},
        {VectorBlockedMatmul.MC + 13, 40, 30}};
    long seed = 1;
    for (int[] s : shapes) {
      for (int form = 0; form < 4; form++) {
        checkLarge(new MatmulSpec(1, s[0], s[1], s[2], (form & 1) != 0, (form & 2) != 0, 0, 0), seed++);
      }
    }
    checkLarge(new MatmulSpec(3, 200, 180, 190, false, false, 200 * 190, 0), seed++);
    checkLarge(new MatmulSpec(2, 150, 400, 300, true, true, 0, 400 * 300), seed);
  }

  @Test
  void vectorPathIsChosenWhereTheModuleIsPresent() {
    assumeTrue(VectorApi.PRESENT && MicroKernel.hardwareFma());
    assertTrue(VectorApi.ENABLED, "the Vector API is present; is -D" + VectorApi.PROPERTY + "=false set?");
    assertEquals(VectorFloatProducts.class, FloatProducts.select().getClass());
  }

  @Test
  void propertyTurnsItOff() {
    assertTrue(VectorApi.allowed(null));
    assertTrue(VectorApi.allowed("true"));
    assertTrue(VectorApi.allowed(""));
    assertEquals(false, VectorApi.allowed("false"));
    assertEquals(false, VectorApi.allowed(" FALSE "));
  }

  /** Every implementation that suits any size; the plain products' own choice included. */
  private static void checkAll(MatmulSpec s, long seed) {
    Map<String, BiFunction<float[], float[], float[]>> all = new LinkedHashMap<>();
    all.put("PlainFloatProducts", (a, b) -> PlainFloatProducts.INSTANCE.multiply(a, b, s));
    all.put("SmallFloatMatmul", (a, b) -> SmallFloatMatmul.multiply(a, b, s));
    all.put("FloatMatmul (plain)", (a, b) -> FloatMatmul.multiply(a, b, s, FloatMatmul.PLAIN));
    if (VectorApi.PRESENT) {
      all.put("VectorFloatProducts", (a, b) -> VectorFloatProducts.create().multiply(a, b, s));
      for (int rows : new int[] {12, 6}) {
        all.put("VectorSmallMatmul, " + rows + " rows", (a, b) -> VectorSmallMatmul.multiply(rows, a, b, s));
        all.put("VectorBlockedMatmul, " + rows + " rows", (a, b) -> FloatMatmul.multiply(a, b, s,
            (x, xOff, y, yOff, c, cOff, spec, r0, r1, c0, c1) ->
                VectorBlockedMatmul.product(rows, x, xOff, y, yOff, c, cOff, spec, r0, r1, c0, c1)));
      }
    }
    run(all, s, seed);
  }

  /** The implementations meant for large products (the small ones' loops are too slow here). */
  private static void checkLarge(MatmulSpec s, long seed) {
    Map<String, BiFunction<float[], float[], float[]>> all = new LinkedHashMap<>();
    all.put("PlainFloatProducts", (a, b) -> PlainFloatProducts.INSTANCE.multiply(a, b, s));
    if (VectorApi.PRESENT) {
      all.put("VectorFloatProducts", (a, b) -> VectorFloatProducts.create().multiply(a, b, s));
      all.put("VectorBlockedMatmul, 6 rows", (a, b) -> FloatMatmul.multiply(a, b, s,
          (x, xOff, y, yOff, c, cOff, spec, r0, r1, c0, c1) ->
              VectorBlockedMatmul.product(6, x, xOff, y, yOff, c, cOff, spec, r0, r1, c0, c1)));
    }
    run(all, s, seed);
  }

  private static void run(Map<String, BiFunction<float[], float[], float[]>> all, MatmulSpec s, long seed) {
    Random r = new Random(seed);
    float[] a = MatmulReference.randomA(r, s);
    float[] b = MatmulReference.randomB(r, s);
    float[] aCopy = a.clone();
    float[] bCopy = b.clone();
    all.forEach((name, f) -> {
      MatmulReference.check(name, f.apply(a, b), a, b, s);
      assertTrue(java.util.Arrays.equals(a, aCopy) && java.util.Arrays.equals(b, bCopy), name + " wrote to an operand");
    });
  }
}
