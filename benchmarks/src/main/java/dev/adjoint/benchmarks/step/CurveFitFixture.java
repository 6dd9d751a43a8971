package dev.adjoint.benchmarks.step;

import dev.adjoint.examples.CurveFit;
import dev.adjoint.random.RandomKey;
import dev.adjoint.random.RandomTensors;
import dev.adjoint.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed-003 demo's starting point, rebuilt through the runtime's public API (CurveFit's own
 * helpers are package-private): its initial parameters for seed 45 and its first batch of 32
 * points with their targets. Both sides of the training-step benchmark start from these, and
 * train on this one batch over and over, so batch sampling is not part of what is timed.
 */
public record CurveFitFixture(CurveFit.Mlp params, Tensor x, Tensor y) {
  /** The demo's layer widths. */
  public static final int[] LAYERS = {1, 30, 20, 1};
  /** The demo's seed, batch size, input range and learning rate. */
  public static final long SEED = 45;
  public static final int BATCH = 32;
  public static final double RANGE = 3.0;
  public static final double LEARNING_RATE = 1e-2;

  /** The keys split as {@code CurveFit.train} splits them, up to its first batch. */
  public static CurveFitFixture demo() {
    RandomKey[] keys = RandomKey.of(SEED).split();
    keys = keys[1].split();
    CurveFit.Mlp params = initialize(keys[0]);
    keys = keys[1].split();
    Tensor x = RandomTensors.uniform(keys[0], new int[] {BATCH, 1}, -RANGE, RANGE);
    return new CurveFitFixture(params, x, target(x));
  }

  /** CurveFit's initialization: weights normal / sqrt(fan in), shape [out, in]; biases zero. */
  private static CurveFit.Mlp initialize(RandomKey key) {
    List<Tensor> weights = new ArrayList<>();
    List<Tensor> biases = new ArrayList<>();
    for (int i = 0; i + 1 < LAYERS.length; i++) {
      RandomKey[] keys = key.split();
      key = keys[0];
      weights.add(RandomTensors.normal(keys[1], LAYERS[i + 1], LAYERS[i]).div(Math.sqrt(LAYERS[i])));
      biases.add(Tensor.zeros(LAYERS[i + 1]));
    }
    return new CurveFit.Mlp(List.copyOf(weights), List.copyOf(biases));
  }

  /** exp(-q²) sin(5q) in float32, as CurveFit's target. */
  private static Tensor target(Tensor q) {
    float[] values = q.toFloatArray();
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      values[i] = (float) (Math.exp(-v * v) * Math.sin(5 * v));
    }
    return Tensor.of(values, q.shape());
  }
}
