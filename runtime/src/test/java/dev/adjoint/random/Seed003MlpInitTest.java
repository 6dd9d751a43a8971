package dev.adjoint.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Seed 003 (Marquardt's "Training a neural network", 2024): {@code key = jax.random.key(45)},
 * {@code subkey, key = split(key)}, then {@code NN_init_params(subkey, [1, 30, 20, 1])}: for each
 * layer {@code key, subkey = split(key)} and {@code normal(subkey, [out, in]) / sqrt(in)}, biases
 * zero. The tanh network (no tanh on the last layer) maps 1.5 to the printed -0.5805124.
 */
class Seed003MlpInitTest {

  @Test
  void randomlyInitializedNetworkGivesThePrintedOutput() {
    RandomKey key = RandomKey.of(45);
    RandomKey[] keys = key.split();
    RandomKey subkey = keys[0];

    int[] layers = {1, 30, 20, 1};
    float[][] weights = new float[layers.length - 1][];
    RandomKey initKey = subkey;
    for (int l = 0; l < weights.length; l++) {
      RandomKey[] split = initKey.split();
      initKey = split[0];
      weights[l] = Initializers.scaledNormal(split[1], layers[l + 1], layers[l]);
    }

    float[] x = {1.5f};
    for (int l = 0; l < weights.length; l++) {
      int in = layers[l];
      int out = layers[l + 1];
      float[] next = new float[out];
      for (int o = 0; o < out; o++) {
        float z = 0f;
        for (int i = 0; i < in; i++) {
          z += weights[l][o * in + i] * x[i];
        }
        z += 0f; // the bias
        next[o] = l < weights.length - 1 ? (float) Math.tanh(z) : z;
      }
      x = next;
    }
    // Printed with 7 digits (so +-5e-8). XLA evaluates float32 tanh with a rational approximation
    // a few ulps from exact and sums in its own order; the same weights through double precision
    // give -0.58051230, through our float32 loops -0.58051217. 4e-7 is about 7 float32 ulps here;
    // a wrong key or split order moves the output by tenths.
    assertEquals(-0.5805124, x[0], 4e-7);
  }
}
