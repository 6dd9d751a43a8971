package dev.adjoint.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Keys, splits and fold-ins against the values JAX prints and asserts in its own test suite
 * (tests/random_test.py: testPRNGValues, test_prng_seeds_and_keys, in the classic
 * non-partitionable threefry mode).
 */
class RandomKeyTest {

  private static void assertKey(long word0, long word1, RandomKey key) {
    assertEquals(RandomKey.fromWords((int) word0, (int) word1), key);
  }

  @Test
  void seedsBecomeKeysAsInJaxDefault32BitMode() {
    assertKey(0L, 0L, RandomKey.of(0));
    assertKey(0L, 1L, RandomKey.of(1));
    assertKey(0L, 4294967295L, RandomKey.of(-1));
    assertKey(0L, 4294967294L, RandomKey.of(-2));
    assertKey(0L, 2147483747L, RandomKey.of(Integer.MAX_VALUE + 100L));
    assertKey(0L, 2147483548L, RandomKey.of(Integer.MIN_VALUE - 100L));
  }

  @Test
  void splitOfKeyZeroGivesTheKeysPrintedInSeed002() {
    RandomKey[] keys = RandomKey.of(0).split();
    assertEquals(2, keys.length);
    assertKey(4146024105L, 967050713L, keys[0]);
    assertKey(2718843009L, 1272950319L, keys[1]);
    assertEquals("RandomKey[4146024105 967050713]", keys[0].toString());
  }

  @Test
  void splitIntoFourMatchesJaxRegressionValues() {
    RandomKey[] keys = RandomKey.of(0).split(4);
    assertKey(2285895361L, 1501764800L, keys[0]);
    assertKey(1518642379L, 4090693311L, keys[1]);
    assertKey(433833334L, 4221794875L, keys[2]);
    assertKey(839183663L, 3740430601L, keys[3]);
  }

  @Test
  void foldInMatchesJaxRegressionValue() {
    assertKey(2285895361L, 433833334L, RandomKey.of(0).foldIn(4));
  }

  @Test
  void foldInTakesDataAsUnsigned() {
    long pair = Threefry.hash(0, 5, 0, -1);
    assertKey(
        Integer.toUnsignedLong(Threefry.high(pair)),
        Integer.toUnsignedLong(Threefry.low(pair)),
        RandomKey.of(5).foldIn(-1));
  }

  @Test
  void splittingIsDeterministicAndGivesDistinctKeys() {
    RandomKey key = RandomKey.of(42);
    assertArrayEquals(key.split(5), key.split(5));
    RandomKey[] keys = key.split(5);
    for (int i = 0; i < keys.length; i++) {
      assertNotEquals(key, keys[i]);
      for (int j = i + 1; j < keys.length; j++) {
        assertNotEquals(keys[i], keys[j]);
      }
    }
    assertEquals(0, key.split(0).length);
  }

  @Test
  void keysAreValuesWithEqualityAndHash() {
    assertEquals(RandomKey.of(3), RandomKey.fromWords(0, 3));
    assertEquals(RandomKey.of(3).hashCode(), RandomKey.fromWords(0, 3).hashCode());
    assertNotEquals(RandomKey.of(3), RandomKey.of(4));
    assertEquals(0, RandomKey.of(3).word0());
    assertEquals(3, RandomKey.of(3).word1());
  }

  @Test
  void rawBitsAreTheSameAsShapedBits() {
    RandomKey key = RandomKey.of(9);
    assertArrayEquals(RandomArrays.bits(key, 2, 3), key.bits(6));
  }

  @Test
  void badCountsAreRejectedWithTheOperationNamed() {
    RandomKey key = RandomKey.of(0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> key.split(-1));
    assertTrue(e.getMessage().startsWith("split:"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> key.bits(-3));
    assertTrue(e.getMessage().startsWith("bits:"), e.getMessage());
  }
}
