package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SGD, momentum and Nesterov against hand-computed sequences. */
class SgdTest {

  private static Tensor vec(double... v) {
    return Tensor.of(v, DType.FLOAT64, v.length);
  }

  @Test
  void plainSgdIsParamsMinusLearningRateTimesGradientInTheLeafsDtype() {
    Tensor p = Tensor.of(new float[] {1.5f, -2.25f, 0.1f});
    Tensor g = Tensor.of(new float[] {0.3f, 0.7f, -1.1f});
    GradientTransformation sgd = Optimizers.sgd(0.01);
    Step<Tensor> step = sgd.apply(p, g, sgd.init(p));
    // seed 001 writes W -= lr * grad_W in float32: the same bits
    assertArrayEquals(p.sub(g.mul(0.01)).toFloatArray(), step.params().toFloatArray(), 0f);
    assertEquals(DType.FLOAT32, step.params().dtype());
  }

  /** Three steps with a constant gradient g: the traces are g, g(1 + mu), g(1 + mu + mu²). */
  @Test
  void heavyBallMomentum() {
    double lr = 0.1;
    double mu = 0.5;
    List<Tensor> params = List.of(vec(1, 2), vec(-3));
    List<Tensor> grads = List.of(vec(0.4, -0.2), vec(1.0));
    GradientTransformation opt = Optimizers.sgd(lr, mu, false);
    OptState<List<Tensor>> state = opt.init(params);
    List<Tensor> p = params;
    for (int i = 0; i < 3; i++) {
      Step<List<Tensor>> s = opt.apply(p, grads, state);
      p = s.params();
      state = s.state();
    }
    double traceSum = 1 + (1 + mu) + (1 + mu + mu * mu);
    assertArrayEquals(new double[] {1 - lr * 0.4 * traceSum, 2 + lr * 0.2 * traceSum}, p.get(0).toDoubleArray(), 1e-15);
    assertEquals(-3 - lr * traceSum, p.get(1).item(), 1e-15);
    TraceState trace = state.find(TraceState.class);
    assertEquals(1 + mu + mu * mu, trace.trace().get(1).item(), 1e-15);
  }

  /** Nesterov's update is g + mu t' with t' the new trace: g(1 + mu), g(1 + mu + mu²), ... */
  @Test
  void nesterovMomentum() {
    double lr = 0.1;
    double mu = 0.5;
    Tensor p = vec(1);
    Tensor g = vec(2);
    GradientTransformation opt = Optimizers.sgd(lr, mu, true);
    OptState<Tensor> state = opt.init(p);
    Update<Tensor> u1 = opt.update(g, state, p);
    assertEquals(-lr * 2 * (1 + mu), u1.updates().item(), 1e-15);
    Update<Tensor> u2 = opt.update(g, u1.state(), p);
    assertEquals(-lr * 2 * (1 + mu * (1 + mu)), u2.updates().item(), 1e-15);
  }

  @Test
  void aScheduledLearningRateIsReadFromStepZero() {
    GradientTransformation opt = Optimizers.sgd(step -> 0.1 * (step + 1));
    Tensor p = vec(0);
    Tensor g = vec(1);
    OptState<Tensor> state = opt.init(p);
    double[] updates = new double[3];
    for (int i = 0; i < 3; i++) {
      Update<Tensor> u = opt.update(g, state);
      updates[i] = u.updates().item();
      state = u.state();
    }
    assertArrayEquals(new double[] {-0.1, -0.2, -0.30000000000000004}, updates, 1e-16);
    assertEquals(3, state.find(CountState.class).count());
  }
}
