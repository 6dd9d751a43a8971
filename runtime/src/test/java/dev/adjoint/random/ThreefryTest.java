package dev.adjoint.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The cipher against the known-answer vectors of the Random123 reference implementation. */
class ThreefryTest {

  private static void assertHash(int k0, int k1, int x0, int x1, int expected0, int expected1) {
    long pair = Threefry.hash(k0, k1, x0, x1);
    assertEquals(Integer.toHexString(expected0), Integer.toHexString(Threefry.high(pair)));
    assertEquals(Integer.toHexString(expected1), Integer.toHexString(Threefry.low(pair)));
  }

  @Test
  void zeroKeyAndCounter() {
    assertHash(0, 0, 0, 0, 0x6b200159, 0x99ba4efe);
  }

  @Test
  void allOnesKeyAndCounter() {
    assertHash(-1, -1, -1, -1, 0x1cb996fc, 0xbb002be7);
  }

  @Test
  void piDigitsKeyAndCounter() {
    assertHash(0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3, 0xc4923a9c, 0x483df7a0);
  }

  @Test
  void wordsOfAnOddCountPairTheLastCounterWithAPaddingZero() {
    RandomKey key = RandomKey.fromWords(7, 11);
    int[] words = Threefry.words(key, 5); // half = 3: blocks (0,3) (1,4) (2,pad 0)
    long b0 = Threefry.hash(7, 11, 0, 3);
    long b1 = Threefry.hash(7, 11, 1, 4);
    long b2 = Threefry.hash(7, 11, 2, 0);
    assertArrayEquals(
        new int[] {
          Threefry.high(b0),
          Threefry.high(b1),
          Threefry.high(b2),
          Threefry.low(b0),
          Threefry.low(b1)
        },
        words);
  }

  @Test
  void wordsOfAnEvenCountFillBothHalves() {
    RandomKey key = RandomKey.fromWords(3, 5);
    int[] words = Threefry.words(key, 4);
    long b0 = Threefry.hash(3, 5, 0, 2);
    long b1 = Threefry.hash(3, 5, 1, 3);
    assertArrayEquals(
        new int[] {Threefry.high(b0), Threefry.high(b1), Threefry.low(b0), Threefry.low(b1)},
        words);
  }

  @Test
  void word64JoinsWordIAndWordNPlusIOfTheDoubleLengthStream() {
    RandomKey key = RandomKey.fromWords(123, 456);
    int n = 7;
    int[] words = Threefry.words(key, 2 * n);
    for (int i = 0; i < n; i++) {
      long expected = ((long) words[i] << 32) | Integer.toUnsignedLong(words[n + i]);
      assertEquals(expected, Threefry.word64(key, i, n), "element " + i);
    }
  }
}
