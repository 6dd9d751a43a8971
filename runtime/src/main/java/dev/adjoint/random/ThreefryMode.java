package dev.adjoint.random;

/**
 * How a key turns the Threefry-2x32 hash into split keys and random bits: JAX's two schemes, which
 * give different numbers for the same seed.
 *
 * <p>JAX chooses between them with its global flag {@code jax_threefry_partitionable}: off by
 * default up to JAX 0.4.x, on by default from JAX 0.5.0 (January 2025). Here the choice travels
 * with the key instead of living in a global setting: {@link RandomKey#of(long, ThreefryMode)}
 * makes a key of either mode, and every key split or folded from it keeps the mode. To reproduce
 * a tutorial, use the mode of the JAX release that printed its numbers.
 *
 * <p>Both modes hash the same counter blocks with the same cipher; they differ only in which
 * blocks they hash and how they read the two output words. {@link RandomKey#foldIn} is the same
 * in both.
 */
public enum ThreefryMode {
  /**
   * JAX's classic scheme ({@code jax_threefry_partitionable=False}, the default up to 0.4.x):
   * {@code n} words come from hashing the counters {@code 0..n-1} in two halves, so the count is
   * part of the stream (see {@code Threefry}); {@code split(n)} takes {@code 2n} such words.
   */
  CLASSIC,

  /**
   * JAX's partitionable scheme ({@code jax_threefry_partitionable=True}, the default from 0.5.0):
   * element {@code i} hashes its own counter block {@code (0, i)} (its 64-bit index in two words),
   * so an element's value does not depend on how many are drawn and shards can compute theirs
   * alone. A 32-bit word is the XOR of the two output words, a 64-bit word joins them (first word
   * high), and key {@code i} of {@code split(n)} is the pair of output words itself, that is
   * {@code foldIn(i)}.
   */
  PARTITIONABLE
}
