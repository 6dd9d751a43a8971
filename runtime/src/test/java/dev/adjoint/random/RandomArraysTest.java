package dev.adjoint.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Properties of the samplers that hold for every key, and their handling of bad input. */
class RandomArraysTest {

  private static final RandomKey KEY = RandomKey.of(1234);

  @Test
  void resultsDependOnTheElementCountNotTheShape() {
    assertArrayEquals(RandomArrays.normal(KEY, 6), RandomArrays.normal(KEY, 2, 3));
    assertArrayEquals(RandomArrays.uniform(KEY, 6), RandomArrays.uniform(KEY, 3, 1, 2));
    assertEquals(1, RandomArrays.normal(KEY).length); // the scalar shape
    assertEquals(0, RandomArrays.normal(KEY, 4, 0).length);
  }

  @Test
  void theCountIsPartOfTheStream() {
    // as in JAX: the first two of three samples are not the two samples of a length-2 draw
    float[] two = RandomArrays.normal(KEY, 2);
    float[] three = RandomArrays.normal(KEY, 3);
    assertFalse(two[0] == three[0] && two[1] == three[1]);
  }

  @Test
  void uniformStaysInItsHalfOpenRange() {
    float[] u = RandomArrays.uniform(KEY, new int[] {10_000}, -3f, 5f);
    for (float v : u) {
      assertTrue(v >= -3f && v < 5f, "sample " + v);
    }
    double[] d = RandomArrays.uniformDouble(KEY, new int[] {10_000}, 2.0, 2.5);
    for (double v : d) {
      assertTrue(v >= 2.0 && v < 2.5, "sample " + v);
    }
  }

  @Test
  void uniformIsTheWordsTopBitsScaled() {
    int[] words = RandomArrays.bits(KEY, 100);
    float[] u = RandomArrays.uniform(KEY, 100);
    for (int i = 0; i < words.length; i++) {
      assertEquals((words[i] >>> 9) * 0x1p-23f, u[i], 0f);
    }
    long[] words64 = RandomArrays.bits64(KEY, 100);
    double[] d = RandomArrays.uniformDouble(KEY, 100);
    for (int i = 0; i < words64.length; i++) {
      assertEquals((words64[i] >>> 12) * 0x1p-52, d[i], 0.0);
    }
  }

  @Test
  void normalSamplesOfAMillionHaveStandardMoments() {
    int n = 1_000_000;
    float[] z = RandomArrays.normal(KEY, n);
    double[] m = moments(z.length, i -> z[i]);
    // standard errors: mean 1e-3, variance 1.4e-3, fourth moment ~5e-3
    assertEquals(0.0, m[0], 5e-3);
    assertEquals(1.0, m[1], 7e-3);
    assertEquals(3.0, m[2], 0.03);
    double[] zd = RandomArrays.normalDouble(KEY, 200_000);
    double[] md = moments(zd.length, i -> zd[i]);
    assertEquals(0.0, md[0], 0.011);
    assertEquals(1.0, md[1], 0.016);
  }

  private static double[] moments(int n, java.util.function.IntToDoubleFunction sample) {
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += sample.applyAsDouble(i);
    }
    mean /= n;
    double m2 = 0;
    double m4 = 0;
    for (int i = 0; i < n; i++) {
      double d = sample.applyAsDouble(i) - mean;
      m2 += d * d;
      m4 += d * d * d * d;
    }
    m2 /= n;
    m4 /= n;
    return new double[] {mean, m2, m4 / (m2 * m2)};
  }

  @Test
  void normalIsTheInverseErrorFunctionOfAUniformSampleAboveMinusOne() {
    int[] words = RandomArrays.bits(KEY, 50);
    float[] z = RandomArrays.normal(KEY, 50);
    float lo = Math.nextUp(-1f);
    for (int i = 0; i < words.length; i++) {
      float u = Math.max(lo, ((words[i] >>> 9) * 0x1p-23f) * 2f + lo);
      assertEquals((float) Math.sqrt(2) * XlaMath.erfInv(u), z[i], 0f);
    }
  }

  @Test
  void truncatedNormalStaysStrictlyInsideItsBounds() {
    float[] t = RandomArrays.truncatedNormal(KEY, -0.5f, 1f, 20_000);
    for (float v : t) {
      assertTrue(v > -0.5f && v < 1f, "sample " + v);
    }
  }

  @Test
  void randintStaysInRangeAndHandlesEmptyAndWideRanges() {
    for (int v : RandomArrays.randint(KEY, new int[] {5000}, -7, 13)) {
      assertTrue(v >= -7 && v < 13, "sample " + v);
    }
    for (int v : RandomArrays.randint(KEY, new int[] {100}, 5, 5)) {
      assertEquals(5, v);
    }
    for (int v : RandomArrays.randint(KEY, new int[] {100}, 9, 2)) {
      assertEquals(9, v);
    }
    int[] wide = RandomArrays.randint(KEY, new int[] {5000}, Integer.MIN_VALUE, Integer.MAX_VALUE);
    boolean negative = false;
    boolean positive = false;
    for (int v : wide) {
      assertTrue(v != Integer.MAX_VALUE);
      negative |= v < 0;
      positive |= v > 0;
    }
    assertTrue(negative && positive);
  }

  @Test
  void randintAboveTwoToTheSixteenUsesOnlyTheLowWords() {
    // JAX's multiplier (2^16 mod span)^2 wraps to 0 in uint32 once span > 2^16
    int span = 100_000;
    int[] lo = Threefry.words(KEY.split()[1], 300);
    int[] r = RandomArrays.randint(KEY, new int[] {300}, 0, span);
    for (int i = 0; i < r.length; i++) {
      assertEquals(Integer.remainderUnsigned(lo[i], span), r[i]);
    }
  }

  @Test
  void randintCoversSmallRangesEvenly() {
    int[] counts = new int[10];
    int n = 100_000;
    for (int v : RandomArrays.randint(KEY, new int[] {n}, 0, 10)) {
      counts[v]++;
    }
    for (int c : counts) {
      assertEquals(n / 10.0, c, 5 * Math.sqrt(n * 0.1 * 0.9)); // five standard deviations
    }
  }

  @Test
  void permutationIsAPermutation() {
    for (int n : new int[] {0, 1, 2, 10, 1625, 1626, 5000}) {
      int[] p = RandomArrays.permutation(KEY, n);
      int[] sorted = p.clone();
      Arrays.sort(sorted);
      for (int i = 0; i < n; i++) {
        assertEquals(i, sorted[i], "n=" + n);
      }
    }
    assertFalse(
        Arrays.equals(
            RandomArrays.permutation(KEY, 50), RandomArrays.permutation(RandomKey.of(1), 50)));
  }

  @Test
  void permutationRoundsFollowJaxsRule() {
    assertEquals(0, RandomArrays.permutationRounds(0));
    assertEquals(0, RandomArrays.permutationRounds(1));
    assertEquals(1, RandomArrays.permutationRounds(2));
    assertEquals(1, RandomArrays.permutationRounds(1625)); // 1625^3 < 2^32 - 1
    assertEquals(2, RandomArrays.permutationRounds(1626)); // 1626^3 > 2^32 - 1
    assertEquals(3, RandomArrays.permutationRounds(3_000_000));
  }

  /** Each round is a stable sort by the sort keys of the round's subkey. */
  @Test
  void permutationIsStableSortsBySubkeyBits() {
    for (int n : new int[] {7, 2000}) {
      List<Integer> values = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        values.add(i);
      }
      RandomKey key = KEY;
      for (int round = 0; round < RandomArrays.permutationRounds(n); round++) {
        RandomKey[] keys = key.split();
        key = keys[0];
        int[] sortKeys = keys[1].bits(n);
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          positions.add(i);
        }
        // List.sort is a stable merge sort
        positions.sort(Comparator.comparingLong(i -> Integer.toUnsignedLong(sortKeys[i])));
        List<Integer> next = new ArrayList<>();
        for (int position : positions) {
          next.add(values.get(position));
        }
        values = next;
      }
      int[] expected = values.stream().mapToInt(Integer::intValue).toArray();
      assertArrayEquals(expected, RandomArrays.permutation(KEY, n), "n=" + n);
    }
  }

  @Test
  void samplesAreTheSameOnEveryThread() throws Exception {
    float[] expected = RandomArrays.normal(KEY, 50_000);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(pool.submit(() -> RandomArrays.normal(KEY, 50_000)));
      }
      for (Future<float[]> result : results) {
        assertArrayEquals(expected, result.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void badInputNamesTheOperationAndTheShape() {
    assertMessage(
        "normal: shape [3, -1] has a negative dimension", () -> RandomArrays.normal(KEY, 3, -1));
    assertMessage(
        "uniform: shape [65536, 65536] has too many elements for one array",
        () -> RandomArrays.uniform(KEY, 65536, 65536));
    assertMessage(
        "randint: key must not be null", () -> RandomArrays.randint(null, new int[] {1}, 0, 1));
    assertMessage("bits: shape must not be null", () -> RandomArrays.bits(KEY, (int[]) null));
    assertMessage(
        "permutation: n must not be negative, got -2", () -> RandomArrays.permutation(KEY, -2));
    assertMessage(
        "truncatedNormal: need lower < upper, got lower=1.0, upper=1.0",
        () -> RandomArrays.truncatedNormal(KEY, 1f, 1f, 3));
  }

  private static void assertMessage(String message, Executable call) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}
