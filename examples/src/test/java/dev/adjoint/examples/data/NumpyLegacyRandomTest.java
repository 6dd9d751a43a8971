package dev.adjoint.examples.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Against values NumPy 2.4 printed with {@code repr} (17 significant digits, so exact doubles):
 * {@code numpy.random.seed(s); numpy.random.rand(...)}. Exact equality: the stream is integer
 * arithmetic and one correctly rounded division.
 */
class NumpyLegacyRandomTest {

  @Test
  void seed42GivesNumpysStream() {
    double[] u = NumpyLegacyRandom.seeded(42).rand(200);
    assertEquals(0.3745401188473625, u[0], 0.0);
    assertEquals(0.9507143064099162, u[1], 0.0);
    assertEquals(0.7319939418114051, u[2], 0.0);
    assertEquals(0.7798755458576239, u[199], 0.0);
    double sum = 0;
    for (double v : u) {
      sum += v;
    }
    assertEquals(96.80124665332323, sum, 1e-12); // numpy's pairwise sum: last bits may differ
  }

  @Test
  void otherSeedsIncludingTheLargest() {
    assertEquals(0.5488135039273248, NumpyLegacyRandom.seeded(0).nextDouble(), 0.0);
    assertEquals(0.0976320289940138, NumpyLegacyRandom.seeded(4294967295L).nextDouble(), 0.0);
  }

  @Test
  void seedsOutsideNumpysRangeAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> NumpyLegacyRandom.seeded(-1));
    assertThrows(IllegalArgumentException.class, () -> NumpyLegacyRandom.seeded(1L << 32));
    assertThrows(IllegalArgumentException.class, () -> NumpyLegacyRandom.seeded(1).rand(-1));
  }
}
