package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Adam against hand computation, a plain-Java float64 reference and optax's documented run. */
class AdamTest {

  record Params(Tensor w, double s) {}

  private static final double LR = 0.1;

  @Test
  void firstStepMovesEachCoordinateByAboutTheLearningRate() {
    // step 1: m̂ = g and v̂ = g², so the update is -lr g / (|g| + eps)
    double[] g = {0.5, -2.0};
    Tensor[] grads = {Tensor.of(g, DType.FLOAT64, 2)};
    GradientTransformation adam = Optimizers.adam(LR);
    LeafUpdate r = adam.updateLeaves(grads, adam.initLeaves(grads), grads);
    double[] u = r.updates()[0].toDoubleArray();
    for (int i = 0; i < g.length; i++) {
      assertEquals(-LR * g[i] / (Math.abs(g[i]) + 1e-8), u[i], 1e-16);
    }
  }

  /**
   * Adam as the paper and optax write it, one double at a time: {@code m = b1 m + c1 g} with {@code
   * c1 = 1 - b1} (passed apart so that float32 runs can pass the constants as JAX rounds them);
   * {@code round} rounds the bias corrections {@code 1 - b^t} to the dtype JAX computes them in.
   */
  private static double[][] reference(double[] p0, double[] target, int steps, double lr, double b1, double c1,
      double b2, double c2, double eps, DoubleUnaryOperator round) {
    double[] p = p0.clone();
    double[] m = new double[p.length];
    double[] v = new double[p.length];
    double[][] trajectory = new double[steps][];
    for (int t = 1; t <= steps; t++) {
      for (int i = 0; i < p.length; i++) {
        double g = 2 * (p[i] - target[i]);
        m[i] = b1 * m[i] + c1 * g;
        v[i] = b2 * v[i] + c2 * g * g;
        double mHat = m[i] / round.applyAsDouble(1 - round.applyAsDouble(Math.pow(b1, t)));
        double vHat = v[i] / round.applyAsDouble(1 - round.applyAsDouble(Math.pow(b2, t)));
        p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
      }
      trajectory[t - 1] = p.clone();
    }
    return trajectory;
  }

  private static List<double[]> run(GradientTransformation opt, double[] p0, double[] target, int steps,
      DType dtype) {
    Tensor targetTensor = Tensor.of(target, dtype, target.length);
    Params params = new Params(Tensor.of(p0, dtype, p0.length), 0);
    OptState<Params> state = opt.init(params);
    List<double[]> trajectory = new ArrayList<>();
    for (int t = 0; t < steps; t++) {
      Params grads = new Params(params.w().sub(targetTensor).mul(2), 0);
      Step<Params> step = opt.apply(params, grads, state);
      params = step.params();
      state = step.state();
      trajectory.add(params.w().toDoubleArray());
    }
    return trajectory;
  }

  @Test
  void stepsMatchAFloat64Reference() {
    double[] p0 = {1.0, -0.5, 3.0};
    double[] target = {0.2, 0.4, -1.0};
    double[][] expected = reference(p0, target, 5, LR, 0.8, 1 - 0.8, 0.95, 1 - 0.95, 1e-3, x -> x);
    List<double[]> actual = run(Optimizers.adam(LR, 0.8, 0.95, 1e-3), p0, target, 5, DType.FLOAT64);
    for (int t = 0; t < expected.length; t++) {
      assertArrayEquals(expected[t], actual.get(t), 1e-14, "step " + (t + 1));
    }
  }

  /**
   * In float32, JAX rounds the hyperparameters to float32 first ({@code 0.999f} is {@code 0.999 +
   * 1.3e-8}, which moves the bias correction {@code 1 - b2^t} by about 1e-5 relative at step 4)
   * and computes {@code 1 - b2^t} in float32 (losing digits to cancellation: {@code 1 - b2^2} is
   * 0.002). With the constants and corrections rounded the same way, only float32 rounding of the
   * elementwise arithmetic separates us from the float64 reference.
   */
  @Test
  void float32LeavesStayFloat32AndCloseToTheReferenceWithJaxsRoundedConstants() {
    double[] p0 = {1.0, -0.5, 3.0};
    double[] target = {0.2, 0.4, -1.0};
    double[][] expected = reference(p0, target, 5, (float) LR, (float) 0.9, (float) (1 - 0.9), (float) 0.999,
        (float) (1 - 0.999), (float) 1e-8, x -> (float) x);
    List<double[]> actual = run(Optimizers.adam(LR), p0, target, 5, DType.FLOAT32);
    for (int t = 0; t < expected.length; t++) {
      assertArrayEquals(expected[t], actual.get(t), 3e-7, "step " + (t + 1));
    }
  }

  @Test
  void reproducesOptaxsDocumentedRun() {
    // optax.adam's docstring: adam(0.003) on f(x) = sum(x²) from [1, 2, 3], printing f with '{:.2E}'
    GradientTransformation solver = Optimizers.adam(0.003);
    Tensor params = Tensor.of(new float[] {1, 2, 3});
    OptState<Tensor> state = solver.init(params);
    List<String> printed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Tensor grad = params.mul(2);
      Update<Tensor> update = solver.update(grad, state, params);
      state = update.state();
      params = Optimizers.applyUpdates(params, update.updates());
      printed.add(String.format("%.2E", params.square().sum().item()));
    }
    assertEquals(List.of("1.40E+01", "1.39E+01", "1.39E+01", "1.39E+01", "1.38E+01"), printed);
    assertEquals(DType.FLOAT32, params.dtype());
  }

  @Test
  void fusedLoopAndTensorOperationsGiveTheSameBits() {
    Random random = new Random(5);
    for (DType dtype : DType.values()) {
      for (long count : new long[] {1, 2, 7, 1000}) {
        double[] gv = new double[37];
        double[] mv = new double[37];
        double[] vv = new double[37];
        for (int i = 0; i < gv.length; i++) {
          gv[i] = random.nextGaussian();
          mv[i] = random.nextGaussian() * 0.1;
          vv[i] = random.nextDouble() * 0.01;
        }
        Tensor g = Tensor.of(gv, dtype, 37);
        Tensor m = Tensor.of(mv, dtype, 37);
        Tensor v = Tensor.of(vv, dtype, 37);
        AdamKernel.Result fused = AdamKernel.step(g, m, v, 0.9, 0.999, 1e-8, count, true);
        AdamKernel.Result ops = AdamKernel.step(g, m, v, 0.9, 0.999, 1e-8, count, false);
        String where = dtype + " step " + count;
        assertArrayEquals(ops.update().toDoubleArray(), fused.update().toDoubleArray(), 0, where);
        assertArrayEquals(ops.mu().toDoubleArray(), fused.mu().toDoubleArray(), 0, where);
        assertArrayEquals(ops.nu().toDoubleArray(), fused.nu().toDoubleArray(), 0, where);
        assertEquals(dtype, fused.update().dtype());
      }
    }
  }

  /**
   * {@code adam(lr).apply} moves each leaf in one fused loop; it must give exactly the parameters
   * and state of the stages one after another ({@code update}, then {@code applyUpdates}), for both
   * dtypes, over several steps, with a double leaf in the tree, for a constant learning rate and a
   * schedule (one factor per step, the count advancing), and for AdamW (its decay fused too; a
   * mask that leaves the scalar leaf undecayed).
   */
  @Test
  void fusedApplyGivesTheBitsOfUpdateThenApplyUpdates() {
    fusedApplyGivesTheBitsOfTheStages(Optimizers.adam(3e-3));
    fusedApplyGivesTheBitsOfTheStages(Optimizers.adam(Schedules.cosineDecay(3e-3, 4)));
    fusedApplyGivesTheBitsOfTheStages(Optimizers.adamw(3e-3));
    fusedApplyGivesTheBitsOfTheStages(Optimizers.adamw(Schedules.cosineDecay(3e-3, 4), 0.9, 0.999, 1e-8, 0.2,
        leaf -> leaf.rank() > 0));
  }

  private static void fusedApplyGivesTheBitsOfTheStages(GradientTransformation adam) {
    Random random = new Random(11);
    for (DType dtype : DType.values()) {
      double[] wv = new double[23];
      for (int i = 0; i < wv.length; i++) {
        wv[i] = random.nextGaussian();
      }
      Params fused = new Params(Tensor.of(wv, dtype, 23), 0.7);
      Params stepwise = fused;
      OptState<Params> fusedState = adam.init(fused);
      OptState<Params> stepwiseState = fusedState;
      for (int step = 1; step <= 5; step++) {
        double[] gv = new double[wv.length];
        for (int i = 0; i < gv.length; i++) {
          gv[i] = random.nextGaussian() * step;
        }
        Params grads = new Params(Tensor.of(gv, dtype, 23), random.nextGaussian());
        Step<Params> next = adam.apply(fused, grads, fusedState);
        Update<Params> u = adam.update(grads, stepwiseState, stepwise);
        Params expected = Optimizers.applyUpdates(stepwise, u.updates());
        String where = dtype + " step " + step;
        assertArrayEquals(expected.w().toDoubleArray(), next.params().w().toDoubleArray(), 0, where);
        assertEquals(expected.s(), next.params().s(), 0, where);
        assertEquals(dtype, next.params().w().dtype());
        fused = next.params();
        fusedState = next.state();
        stepwise = expected;
        stepwiseState = u.state();
      }
      // the states agree too: one more step from each gives the same parameters
      Params grads = new Params(Tensor.of(new double[wv.length], dtype, 23), 1.0);
      Params a = adam.apply(fused, grads, fusedState).params();
      Params b = adam.apply(stepwise, grads, stepwiseState).params();
      assertArrayEquals(b.w().toDoubleArray(), a.w().toDoubleArray(), 0, dtype + " states");
    }
  }

  @Test
  void stateIsImmutableAndUpdatesArePure() {
    GradientTransformation adam = Optimizers.adam(LR);
    Params params = new Params(Tensor.of(new float[] {1, 2}), 0.5);
    Params grads = new Params(Tensor.of(new float[] {0.3f, -0.6f}), 2.0);
    OptState<Params> s0 = adam.init(params);
    Update<Params> first = adam.update(grads, s0, params);
    Update<Params> again = adam.update(grads, s0, params);
    assertArrayEquals(first.updates().w().toFloatArray(), again.updates().w().toFloatArray(), 0f);
    assertEquals(first.updates().s(), again.updates().s());
    assertNotSame(s0, first.state());

    AdamState before = s0.find(AdamState.class);
    AdamState after = first.state().find(AdamState.class);
    assertEquals(0, before.count());
    assertEquals(1, after.count());
    assertArrayEquals(new float[] {0, 0}, before.mu().get(0).toFloatArray(), 0f, "the old state is untouched");
    assertArrayEquals(new float[] {(float) 0.1 * 0.3f, (float) 0.1 * -0.6f}, after.mu().get(0).toFloatArray(), 0f);
    assertEquals((1 - 0.9) * 2.0, after.mu().get(1).item(), 0, "the double component has a float64 moment");
    assertEquals(0, after.mu().get(1).rank());
  }
}
