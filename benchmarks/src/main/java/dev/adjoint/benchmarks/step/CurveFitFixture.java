package dev.adjoint.benchmarks.step;

import dev.adjoint.examples.CurveFit;
import dev.adjoint.random.RandomKey;
import dev.adjoint.random.RandomTensors;
import dev.adjoint.tensor.Tensor;

/**
 * The seed-003 demo's starting point, built with the demo's own {@code CurveFit.initialize} and
 * {@code CurveFit.target}: its initial parameters for seed 45 and its first batch of 32
 * points with their targets. Both sides of the training-step benchmark start from these, and
 * train on this one batch over and over, so batch sampling is not part of what is timed.
 */
public record CurveFitFixture(CurveFit.Mlp params, Tensor x, Tensor y) {
  /** The demo's seed, batch size, input range and learning rate. */
  public static final long SEED = 45;
  public static final int BATCH = 32;
  public static final double RANGE = 3.0;
  public static final double LEARNING_RATE = 1e-2;

  /** The keys split as {@code CurveFit.train} splits them, up to its first batch. */
  public static CurveFitFixture demo() {
    RandomKey[] keys = RandomKey.of(SEED).split();
    keys = keys[1].split();
    CurveFit.Mlp params = CurveFit.initialize(keys[0], CurveFit.LAYERS);
    keys = keys[1].split();
    Tensor x = RandomTensors.uniform(keys[0], new int[] {BATCH, 1}, -RANGE, RANGE);
    return new CurveFitFixture(params, x, CurveFit.target(x));
  }
}
