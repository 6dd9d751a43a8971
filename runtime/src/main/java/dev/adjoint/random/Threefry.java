package dev.adjoint.random;

/**
 * The Threefry-2x32 block cipher (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
 * SC'11) with 20 rounds, and the way JAX's classic (non-"partitionable") threefry PRNG lays its
 * output out over a flat array of counters.
 *
 * <p>The cipher maps a 64-bit key (two 32-bit words) and a 64-bit counter block (two words) to
 * two pseudo-random words. Everything in this package is built from it: a sample is a pure
 * function of (key, element count, element index), so the same key gives the same numbers on any
 * thread or device and no state is shared.
 *
 * <p><b>Partitionable layout</b> ({@link ThreefryMode#PARTITIONABLE}, JAX 0.5.0 and later).
 * Element {@code i} hashes the block {@code (i >>> 32, i)}, that is {@code (0, i)} for an array
 * index; its 32-bit word is the XOR of the two output words, its 64-bit word the two joined
 * (first word high). An element's value does not depend on the count.
 *
 * <p><b>Classic counter layout</b> ({@link ThreefryMode#CLASSIC}). To produce {@code n} words JAX hashes the counters {@code 0..n-1},
 * padded with one zero when {@code n} is odd, after splitting them into two halves of length
 * {@code h = ceil(n/2)}: block {@code j} is the pair {@code (j, j + h)} (the padded zero stands in
 * for the missing second counter of the last block). The first output word of block {@code j}
 * lands at position {@code j}, the second at {@code j + h}. Because of this layout the words for
 * {@code n} elements are <em>not</em> a prefix of the words for a larger {@code n}: the count is
 * part of the stream's identity, as in JAX.
 *
 * <p>All words are unsigned 32-bit values carried in Java {@code int}s; Java's wrapping
 * arithmetic is exactly the modular arithmetic the cipher needs.
 */
final class Threefry {

  /** Skein's key-schedule parity constant. */
  private static final int PARITY = 0x1BD11BDA;

  private Threefry() {}

  /**
   * Encrypts the counter block {@code (x0, x1)} under the key {@code (k0, k1)}.
   *
   * @return the two output words packed as {@code (word0 << 32) | word1}, so that callers get
   *     both without allocating
   */
  static long hash(int k0, int k1, int x0, int x1) {
    int k2 = k0 ^ k1 ^ PARITY;
    x0 += k0;
    x1 += k1;
    // five groups of four rounds; after each group a rotated key word and the group number are
    // injected (the rotation amounts alternate between the two sets of four)
    x0 += x1; x1 = Integer.rotateLeft(x1, 13) ^ x0;
    x0 += x1; x1 = Integer.rotateLeft(x1, 15) ^ x0;
    x0 += x1; x1 = Integer.rotateLeft(x1, 26) ^ x0;
    x0 += x1; x1 = Integer.rotateLeft(x1, 6) ^ x0;
    x0 += k1;
    x1 += k2 + 1;
    x0 += x1; x1 = Integer.rotateLeft(x1, 17) ^ x0;
    x0 += x1; x1 = Integer.rotateLeft(x1, 29) ^ x0;
    x0 += x1; x1 = Integer.rotateLeft(x1, 16) ^ x0;
    x0 += x1; x1 = Integer.rotateLeft(x1, 24) ^ x0;
    x0 += k2;
    x1 += k0 + 2;
    x0 += x1; x1 = Integer.rotateLeft(x1, 13) ^ x0;
    x0 += x1; x1 = Integer.rotateLeft(x1, 15) ^ x0;
    x0 += x1; x1 = Integer.rotateLeft(x1, 26) ^ x0;
    x0 += x1; x1 = Integer.rotateLeft(x1, 6) ^ x0;
    x0 += k0;
    x1 += k1 + 3;
    x0 += x1; x1 = Integer.rotateLeft(x1, 17) ^ x0;
    x0 += x1; x1 = Integer.rotateLeft(x1, 29) ^ x0;
    x0 += x1; x1 = Integer.rotateLeft(x1, 16) ^ x0;
    x0 += x1; x1 = Integer.rotateLeft(x1, 24) ^ x0;
    x0 += k1;
    x1 += k2 + 4;
    x0 += x1; x1 = Integer.rotateLeft(x1, 13) ^ x0;
    x0 += x1; x1 = Integer.rotateLeft(x1, 15) ^ x0;
    x0 += x1; x1 = Integer.rotateLeft(x1, 26) ^ x0;
    x0 += x1; x1 = Integer.rotateLeft(x1, 6) ^ x0;
    x0 += k2;
    x1 += k0 + 5;
    return ((long) x0 << 32) | (x1 & 0xFFFF_FFFFL);
  }

  static int high(long pair) {
    return (int) (pair >>> 32);
  }

  static int low(long pair) {
    return (int) pair;
  }

  /**
   * Fills {@code out} with {@code out.length} 32-bit words from {@code key} in the layout of its
   * mode (see the class comment).
   */
  static void fillWords(RandomKey key, int[] out) {
    int k0 = key.word0();
    int k1 = key.word1();
    int count = out.length;
    if (key.mode() == ThreefryMode.PARTITIONABLE) {
      for (int i = 0; i < count; i++) {
        long pair = hash(k0, k1, 0, i);
        out[i] = high(pair) ^ low(pair);
      }
      return;
    }
    int half = count - count / 2; // ceil(count / 2) without overflow
    for (int j = 0; j < half; j++) {
      int second = j + half;
      if (second < count) {
        long pair = hash(k0, k1, j, second);
        out[j] = high(pair);
        out[second] = low(pair);
      } else { // the last block of an odd count: its second counter is the padding zero
        out[j] = high(hash(k0, k1, j, 0));
      }
    }
  }

  /** {@code count} 32-bit words from {@code key} in the layout of its mode, as a new array. */
  static int[] words(RandomKey key, int count) {
    int[] out = new int[count];
    fillWords(key, out);
    return out;
  }

  /**
   * The {@code i}-th of {@code count} 64-bit values from {@code key} in the layout of its mode.
   * Classic: JAX draws {@code 2 * count} words and joins word {@code i} (high half) with word
   * {@code count + i} (low half); with an even number of words block {@code i} is the pair {@code
   * (i, count + i)}, so value {@code i} is exactly the packed output of that one block.
   * Partitionable: the packed output of block {@code (0, i)}.
   */
  static long word64(RandomKey key, int i, int count) {
    if (key.mode() == ThreefryMode.PARTITIONABLE) {
      return hash(key.word0(), key.word1(), 0, i);
    }
    return hash(key.word0(), key.word1(), i, count + i);
  }
}
