/**
 * Splittable, counter-based random numbers that reproduce JAX's.
 *
 * <p>A {@link dev.adjoint.random.RandomKey} is a 64-bit value; {@link
 * dev.adjoint.random.RandomKey#split()} derives independent keys from it, and {@link
 * dev.adjoint.random.RandomArrays} draws samples from it (uniform, normal, truncated normal,
 * integers, permutations, raw bits) as primitive arrays. {@link dev.adjoint.random.Initializers}
 * turns samples into initial weights. Nothing here holds state: a sample is a pure function of a
 * key and a shape, computed with the Threefry-2x32 hash of the element's counter, so the same key
 * gives the same numbers on every thread and backend, and work can be split across threads or
 * devices without coordination.
 *
 * <p>Compatibility: keys, splits and samples are bit for bit those of JAX's threefry PRNG, in
 * either of its two {@linkplain dev.adjoint.random.ThreefryMode modes}: classic (the default of
 * JAX up to 0.4.x, and of {@code RandomKey.of(seed)}) or partitionable (the default from JAX 0.5.0,
 * {@code RandomKey.of(seed, ThreefryMode.PARTITIONABLE)}). Float samples go through XLA's own polynomial approximations of erf and
 * erfinv, so they match to the last bit, or to within about one ulp where an XLA backend's
 * internal {@code log1p} rounds differently. The tests check this against the values printed by
 * the seed tutorials and pinned by JAX's own regression tests.
 *
 * <p>Layering: {@code RandomArrays} and {@code Initializers} return arrays in row-major order;
 * tensor-returning samplers are thin wrappers over them.
 */
package dev.adjoint.random;
