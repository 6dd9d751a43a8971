package dev.adjoint.optimtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.optim.GradientTransformation;
import dev.adjoint.optim.OptState;
import dev.adjoint.optim.Optimizers;
import dev.adjoint.optim.Step;
import dev.adjoint.random.RandomKey;
import dev.adjoint.random.RandomTensors;
import dev.adjoint.tensor.Tensor;
import dev.adjoint.tree.Trees;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole loop of seeds 003 and 004: a params record initialized from random keys, its gradient
 * from the processor's generated {@code CurveFitGrad}, and an optax-style optimizer step.
 */
class TrainingStepTest {

  private static CurveFit.Params init(RandomKey key, int... sizes) {
    List<CurveFit.Layer> layers = new ArrayList<>();
    for (int i = 0; i + 1 < sizes.length; i++) {
      RandomKey[] keys = key.split();
      key = keys[0];
      layers.add(new CurveFit.Layer(RandomTensors.scaledNormal(keys[1], sizes[i + 1], sizes[i]),
          Tensor.zeros(sizes[i + 1])));
    }
    return new CurveFit.Params(List.copyOf(layers), "tanh");
  }

  /** {@code exp(-x²) sin(5x)}, seed 003's target function. */
  private static Tensor target(Tensor x) {
    float[] v = x.toFloatArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (Math.exp(-v[i] * v[i]) * Math.sin(5 * v[i]));
    }
    return Tensor.of(v, x.shape());
  }

  @Test
  void adamFitsTheCurveWithGeneratedGradients() {
    RandomKey[] keys = RandomKey.of(45).split();
    CurveFit.Params params = init(keys[0], 1, 30, 20, 1);
    Tensor x = RandomTensors.uniform(keys[1], new int[] {64, 1}, -3, 3);
    Tensor y = target(x);

    GradientTransformation optimizer = Optimizers.adam(1e-2);
    OptState<CurveFit.Params> state = optimizer.init(params);
    double first = CurveFit.loss(params, x, y);
    for (int i = 0; i < 400; i++) {
      CurveFit.Params grads = CurveFitGrad.lossGrad(params, x, y);
      Step<CurveFit.Params> step = optimizer.apply(params, grads, state);
      params = step.params();
      state = step.state();
    }
    double last = CurveFit.loss(params, x, y);
    assertTrue(last < first / 4, "loss " + first + " -> " + last);
    assertEquals("tanh", params.activation());
    assertEquals(6, Trees.leafCount(params));
  }
}
