package dev.adjoint.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;

/**
 * Samples against the values JAX's own regression tests pin down for the classic threefry PRNG
 * (tests/random_test.py: testRngRandomBits, testPRNGValues and the RandomValuesCase table of
 * testRandomDistributionValues). Those tests derive each seed from the sampler's name with
 * Adler-32, as here. Integers and bits must match exactly; floats are compared with the
 * tolerance their six printed decimals allow.
 */
class JaxReferenceValuesTest {

  /** The seed JAX's RandomValuesCase uses: adler32(name + "threefry2x32"). */
  private static RandomKey caseKey(String sampler) {
    Adler32 adler = new Adler32();
    adler.update((sampler + "threefry2x32").getBytes(StandardCharsets.US_ASCII));
    return RandomKey.of(adler.getValue());
  }

  private static void assertPrinted(float[] printed, float[] actual) {
    assertEquals(printed.length, actual.length);
    for (int i = 0; i < printed.length; i++) {
      // six decimals printed: half a unit of the last decimal, plus one float ulp
      assertEquals(printed[i], actual[i], 5e-7 + Math.ulp(actual[i]), "element " + i);
    }
  }

  private static long[] unsigned(int[] words) {
    long[] out = new long[words.length];
    for (int i = 0; i < words.length; i++) {
      out[i] = Integer.toUnsignedLong(words[i]);
    }
    return out;
  }

  @Test
  void bits32OfKey1701() {
    assertArrayEquals(
        new long[] {56197195L, 4200222568L, 961309823L},
        unsigned(RandomArrays.bits(RandomKey.of(1701), 3)));
  }

  @Test
  void bits64OfKey1701() {
    long[] bits = RandomArrays.bits64(RandomKey.of(1701), 3);
    assertEquals("3982329540505020460", Long.toUnsignedString(bits[0]));
    assertEquals("16822122385914693683", Long.toUnsignedString(bits[1]));
    assertEquals("7882654074788531506", Long.toUnsignedString(bits[2]));
  }

  @Test
  void bits32Case() {
    assertArrayEquals(
        new long[] {1978747883L, 4134381225L, 3628107870L, 689687174L, 2788938207L},
        unsigned(RandomArrays.bits(caseKey("bits"), 5)));
  }

  @Test
  void bits64Case() {
    long[] bits = RandomArrays.bits64(caseKey("bits"), 5);
    String[] expected = {
      "17649965731882839947", "1415307058040849897", "8282622628079774249",
      "14024425113645909402", "2012979996110532418"
    };
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], Long.toUnsignedString(bits[i]), "element " + i);
    }
  }

  @Test
  void uniformCase() {
    assertPrinted(
        new float[] {0.298671f, 0.073213f, 0.873356f, 0.260549f, 0.412797f},
        RandomArrays.uniform(caseKey("uniform"), 5));
  }

  @Test
  void normalCase() {
    assertPrinted(
        new float[] {-1.173234f, -1.511662f, 0.070593f, -0.099764f, 1.052845f},
        RandomArrays.normal(caseKey("normal"), 5));
  }

  @Test
  void truncatedNormalCase() {
    assertPrinted(
        new float[] {0.582807f, 1.709771f, 0.159513f, 0.861376f, 0.36148f},
        RandomArrays.truncatedNormal(caseKey("truncated_normal"), 0f, 2f, 5));
  }

  @Test
  void randintCase() {
    assertArrayEquals(
        new int[] {0, 5, 7, 7, 5}, RandomArrays.randint(caseKey("randint"), new int[] {5}, 0, 10));
  }

  @Test
  void randintOfKeyZero() {
    assertArrayEquals(
        new int[] {2, 1, 3, 6, 1, 5, 6, 3, 4},
        RandomArrays.randint(RandomKey.of(0), new int[] {3, 3}, 0, 8));
  }
}
