package dev.adjoint.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Keys in {@link ThreefryMode#PARTITIONABLE} mode, the default of JAX 0.5.0 and later.
 *
 * <p>Known answers: the values printed by JAX's "Pseudorandom numbers" tutorial (docs.jax.dev,
 * built with partitionable Threefry) and by seed 004 (a 2025/26 course, {@code jax.random.key(42)}
 * split four ways for a 1-16-1 tanh network). Floats printed with eight or nine digits are compared
 * to within one float ulp plus half a unit of the last printed digit; the network output, summed
 * in a different order than XLA's, to 2e-6.
 */
class PartitionableModeTest {
  private static final RandomKey KEY42 = RandomKey.of(42, ThreefryMode.PARTITIONABLE);

  private static void assertPrinted(double printed, float actual, double halfDigit) {
    assertEquals(printed, actual, halfDigit + Math.ulp(actual));
  }

  @Test
  void normalOfKey42IsTheJaxTutorials() {
    assertPrinted(-0.028304616, RandomArrays.normal(KEY42)[0], 5e-10);
    float[] atOnce = RandomArrays.normal(KEY42, 3);
    double[] printed = {-0.02830462, 0.46713185, 0.29570296};
    for (int i = 0; i < 3; i++) {
      assertPrinted(printed[i], atOnce[i], 5e-9);
    }
  }

  @Test
  void normalsOfSplitKeysAreTheJaxTutorials() {
    RandomKey[] subkeys = KEY42.split(3);
    double[] individually = {0.07592554, 0.60576403, 0.4323065};
    for (int i = 0; i < 3; i++) {
      assertPrinted(individually[i], RandomArrays.normal(subkeys[i])[0], 5e-9);
    }
    // for i in range(3): key, subkey = split(key); print(normal(subkey))
    double[] draws = {0.6057640314102173, -0.21089035272598267, -0.3948981463909149};
    RandomKey key = KEY42;
    for (double draw : draws) {
      RandomKey[] keys = key.split();
      assertEquals(draw, RandomArrays.normal(keys[1])[0], Math.ulp((float) draw));
      key = keys[0];
    }
  }

  @Test
  void seed004NetworkOutputAtTheFirstSample() {
    RandomKey[] keys = KEY42.split(4);
    float[] w1 = RandomArrays.normal(keys[0], 16, 1);
    float[] b1 = RandomArrays.normal(keys[1], 16);
    float[] w2 = RandomArrays.normal(keys[2], 1, 16);
    float[] b2 = RandomArrays.normal(keys[3], 1);
    float x = (float) -0.25091976230527504; // numpy seed 42: -1 + 2 * rand()
    double y = b2[0];
    for (int i = 0; i < 16; i++) {
      y += w2[i] * Math.tanh(w1[i] * x + b1[i]);
    }
    assertEquals(4.4949026, y, 2e-6);
  }

  @Test
  void splitKeyIIsFoldInIAndDoesNotDependOnTheCount() {
    RandomKey[] eight = KEY42.split(8);
    for (int i = 0; i < 8; i++) {
      assertEquals(KEY42.foldIn(i), eight[i], "key " + i);
    }
    assertArrayEquals(Arrays.copyOf(eight, 3), KEY42.split(3));
  }

  @Test
  void wordsAreTheXorOfEachBlocksOutputAndAPrefixOfLongerDraws() {
    int[] nine = RandomArrays.bits(KEY42, 9);
    for (int i = 0; i < 9; i++) {
      RandomKey block = KEY42.foldIn(i); // the two output words of block (0, i)
      assertEquals(block.word0() ^ block.word1(), nine[i], "word " + i);
    }
    assertArrayEquals(Arrays.copyOf(nine, 4), KEY42.bits(4));
    assertArrayEquals(RandomArrays.bits(KEY42, 3, 3), nine);
  }

  @Test
  void words64JoinEachBlocksOutputHighFirst() {
    long[] bits = RandomArrays.bits64(KEY42, 5);
    for (int i = 0; i < 5; i++) {
      RandomKey block = KEY42.foldIn(i);
      long expected = ((long) block.word0() << 32) | Integer.toUnsignedLong(block.word1());
      assertEquals(expected, bits[i], "element " + i);
    }
  }

  @Test
  void modesDifferAndDerivedKeysKeepTheirMode() {
    RandomKey classic = RandomKey.of(42);
    assertEquals(ThreefryMode.CLASSIC, classic.mode());
    assertNotEquals(classic, KEY42);
    assertEquals(classic.word1(), KEY42.word1());
    assertEquals(classic.foldIn(7).word0(), KEY42.foldIn(7).word0()); // fold_in is mode-free
    assertNotEquals(classic.split(4)[0].word0(), KEY42.split(4)[0].word0());
    for (RandomKey k : KEY42.split(3)) {
      assertEquals(ThreefryMode.PARTITIONABLE, k.mode());
    }
    assertEquals(ThreefryMode.PARTITIONABLE, KEY42.foldIn(1).mode());
    assertEquals(KEY42, RandomKey.fromWords(0, 42, ThreefryMode.PARTITIONABLE));
    assertEquals(KEY42.hashCode(), RandomKey.fromWords(0, 42, ThreefryMode.PARTITIONABLE).hashCode());
    assertEquals("RandomKey[0 42 partitionable]", KEY42.toString());
    assertThrows(IllegalArgumentException.class, () -> RandomKey.of(1, null));
  }

  @Test
  void samplersBuiltOnSplitsFollowTheMode() {
    // randint draws its two halves from split(key); in this mode they are fold_in(0) and fold_in(1)
    int[] drawn = RandomArrays.randint(KEY42, new int[] {6}, 0, 10);
    int[] hi = RandomArrays.bits(KEY42.foldIn(0), 6);
    int[] lo = RandomArrays.bits(KEY42.foldIn(1), 6);
    for (int i = 0; i < 6; i++) {
      // span 10: multiplier (2^16 mod 10)^2 mod 10 = 6
      int expected = Integer.remainderUnsigned(
          Integer.remainderUnsigned(hi[i], 10) * 6 + Integer.remainderUnsigned(lo[i], 10), 10);
      assertEquals(expected, drawn[i], "element " + i);
    }
    assertNotEquals(
        Arrays.toString(RandomArrays.permutation(RandomKey.of(42), 50)),
        Arrays.toString(RandomArrays.permutation(KEY42, 50)));
  }
}
