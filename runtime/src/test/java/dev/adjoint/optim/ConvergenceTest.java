package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer minimizes a quadratic over a nested tree, {@code f = sum_i a_i (x_i - c_i)² +
 * (s - 3)²} with the gradient written by hand, to a tolerance.
 */
class ConvergenceTest {

  record Layer(Tensor w, Tensor b) {}

  record Model(List<Layer> layers, double s, String name) {}

  private static final Tensor A = Tensor.of(new float[] {1, 4, 0.5f, 2});
  private static final Tensor C = Tensor.of(new float[] {0.5f, -1, 2, 0});
  private static final Tensor B_TARGET = Tensor.of(new float[] {-0.25f, 0.75f});

  private static Model start() {
    Layer l = new Layer(Tensor.zeros(4), Tensor.ones(2));
    return new Model(List.of(l, l), 0, "quadratic");
  }

  private static Model gradient(Model m) {
    Layer[] out = new Layer[m.layers().size()];
    for (int i = 0; i < out.length; i++) {
      Layer l = m.layers().get(i);
      out[i] = new Layer(l.w().sub(C).mul(A).mul(2), l.b().sub(B_TARGET).mul(2));
    }
    return new Model(List.of(out), 2 * (m.s() - 3), m.name());
  }

  private static double distanceToOptimum(Model m) {
    double d = Math.abs(m.s() - 3);
    for (Layer l : m.layers()) {
      d = Math.max(d, l.w().sub(C).abs().max().item());
      d = Math.max(d, l.b().sub(B_TARGET).abs().max().item());
    }
    return d;
  }

  private static Model minimize(GradientTransformation opt, int steps) {
    Model m = start();
    OptState<Model> state = opt.init(m);
    for (int i = 0; i < steps; i++) {
      Step<Model> step = opt.apply(m, gradient(m), state);
      m = step.params();
      state = step.state();
    }
    assertEquals("quadratic", m.name());
    return m;
  }

  @Test
  void sgd() {
    assertTrue(distanceToOptimum(minimize(Optimizers.sgd(0.1), 200)) < 1e-5);
  }

  @Test
  void momentum() {
    assertTrue(distanceToOptimum(minimize(Optimizers.sgd(0.05, 0.9, false), 300)) < 1e-5);
    assertTrue(distanceToOptimum(minimize(Optimizers.sgd(0.05, 0.9, true), 300)) < 1e-5);
  }

  @Test
  void adamWithADecayingLearningRate() {
    GradientTransformation opt = Optimizers.adam(Schedules.exponentialDecay(0.1, 100, 0.5));
    double d = distanceToOptimum(minimize(opt, 1000));
    assertTrue(d < 1e-4, "distance " + d);
  }

  @Test
  void clippedAdamWithWarmupAndCosineDecay() {
    GradientTransformation opt = Optimizers.chain(Optimizers.clipByGlobalNorm(1.0),
        Optimizers.adam(Schedules.warmupCosineDecay(0, 0.1, 20, 600)));
    double d = distanceToOptimum(minimize(opt, 600));
    assertTrue(d < 1e-3, "distance " + d);
  }
}
