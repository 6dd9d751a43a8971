package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Tensor;
import dev.adjoint.tree.Trees;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AdamW, clipping, chains, and the errors of mismatched gradients and states. */
class CompositionTest {

  record Layer(Tensor w, Tensor b) {}

  private static Tensor vec(double... v) {
    return Tensor.of(v, DType.FLOAT64, v.length);
  }

  private static Layer layer() {
    return new Layer(Tensor.of(new double[] {1, -2, 3, 4}, DType.FLOAT64, 2, 2), vec(0.5, -0.5));
  }

  @Test
  void adamwAddsDecayedWeightsBeforeTheLearningRate() {
    double lr = 0.01;
    double wd = 0.1;
    Layer p = layer();
    Layer g = new Layer(Tensor.of(new double[] {0.2, 0.2, -0.4, 1}, DType.FLOAT64, 2, 2), vec(3, -3));
    GradientTransformation opt = Optimizers.adamw(lr, 0.9, 0.999, 1e-8, wd);
    Layer u = opt.update(g, opt.init(p), p).updates();
    double[] pw = p.w().toDoubleArray();
    double[] gw = g.w().toDoubleArray();
    double[] uw = u.w().toDoubleArray();
    for (int i = 0; i < 4; i++) {
      double adam = gw[i] / (Math.abs(gw[i]) + 1e-8); // step 1: m̂ / (sqrt(v̂) + eps)
      assertEquals(-lr * (adam + wd * pw[i]), uw[i], 1e-17);
    }
  }

  @Test
  void adamwMaskKeepsBiasesFromDecaying() {
    Layer p = layer();
    Layer g = Trees.zerosLike(p);
    GradientTransformation opt = Optimizers.adamw(0.01, 0.9, 0.999, 1e-8, 0.1, leaf -> leaf.rank() >= 2);
    Layer u = opt.update(g, opt.init(p), p).updates();
    assertArrayEquals(new double[] {0, 0}, u.b().toDoubleArray(), 0);
    assertArrayEquals(new double[] {-0.001, 0.002, -0.003, -0.004}, u.w().toDoubleArray(), 1e-18);
  }

  @Test
  void clippingScalesTheWholeTreeToTheMaximumNorm() {
    List<Tensor> g = List.of(vec(3), vec(0, 4)); // norm 5
    GradientTransformation clip = Optimizers.clipByGlobalNorm(1);
    List<Tensor> clipped = clip.update(g, clip.init(g)).updates();
    assertEquals(0.6, clipped.get(0).item(), 1e-16);
    assertArrayEquals(new double[] {0, 0.8}, clipped.get(1).toDoubleArray(), 1e-16);
    assertEquals(1, Trees.globalNorm(clipped), 1e-15);

    GradientTransformation loose = Optimizers.clipByGlobalNorm(10);
    List<Tensor> kept = loose.update(g, loose.init(g)).updates();
    assertSame(g.get(1), kept.get(1), "below the maximum the updates pass unchanged");
  }

  @Test
  void chainsApplyTheirStagesInOrder() {
    List<Tensor> g = List.of(vec(3), vec(0, 4));
    GradientTransformation clipThenScale = Optimizers.chain(Optimizers.clipByGlobalNorm(1), Optimizers.scale(10));
    GradientTransformation scaleThenClip = Optimizers.chain(Optimizers.scale(10), Optimizers.clipByGlobalNorm(1));
    assertEquals(10, Trees.globalNorm(clipThenScale.update(g, clipThenScale.init(g)).updates()), 1e-13);
    assertEquals(1, Trees.globalNorm(scaleThenClip.update(g, scaleThenClip.init(g)).updates()), 1e-15);
    ChainState state = (ChainState) clipThenScale.init(g).inner();
    assertEquals(2, state.states().size());
  }

  @Test
  void clippedAdamIsAChainOfOptimizers() {
    Layer p = layer();
    Layer g = Trees.scale(p, 100);
    GradientTransformation opt = Optimizers.chain(Optimizers.clipByGlobalNorm(1), Optimizers.adam(0.1));
    Step<Layer> step = opt.apply(p, g, opt.init(p));
    assertEquals(1, step.state().find(AdamState.class).count());
    // Adam's first step is ±lr per coordinate whatever the clipping did to the gradient's size
    assertArrayEquals(new double[] {0.9, -1.9, 2.9, 3.9}, step.params().w().toDoubleArray(), 1e-7);
  }

  @Test
  void gradientsOfAnotherShapeAreRejectedNamingTheLeaf() {
    Layer p = layer();
    Layer wrong = new Layer(p.w(), vec(1, 2, 3));
    GradientTransformation opt = Optimizers.adam(0.1);
    OptState<Layer> state = opt.init(p);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.apply(p, wrong, state));
    assertEquals("adam.apply: leaf 1 has shape [2] in the params and [3] in the gradient", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> opt.update(wrong, state));
    assertEquals("scaleByAdam: leaf 1 has shape [3] in the updates and [2] in the state", e.getMessage());
  }

  @Test
  void applyUpdatesAddsLeafByLeafAndNamesMismatches() {
    Layer p = layer();
    Layer moved = Optimizers.applyUpdates(p, Trees.scale(p, 0.5));
    assertArrayEquals(new double[] {1.5, -3, 4.5, 6}, moved.w().toDoubleArray(), 0);
    Layer wrong = new Layer(p.w(), vec(1, 2, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.applyUpdates(p, wrong));
    assertEquals("applyUpdates: leaf 1 has shape [2] in the params and [3] in the updates", e.getMessage());
  }

  @Test
  void gradientsWithAnotherLeafCountAreRejected() {
    List<Tensor> p = List.of(vec(1), vec(2));
    GradientTransformation opt = Optimizers.sgd(0.1);
    OptState<List<Tensor>> state = opt.init(p);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> opt.update(List.of(vec(1)), state, p));
    assertEquals("sgd.update: the gradient has 1 leaves, the state was initialized for 2", e.getMessage());
  }

  @Test
  void aStateFromAnotherOptimizerIsRejected() {
    Tensor p = vec(1);
    OptState<Tensor> adamState = Optimizers.adam(0.1).init(p);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Optimizers.sgd(0.1, 0.9, false).update(p, adamState));
    assertTrue(e.getMessage().startsWith("trace: expected its own TraceState, got AdamState"), e.getMessage());
  }

  @Test
  void weightDecayNeedsTheParams() {
    Tensor p = vec(1);
    GradientTransformation opt = Optimizers.adamw(0.1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.update(p, opt.init(p)));
    assertTrue(e.getMessage().startsWith("addDecayedWeights: needs the parameters"), e.getMessage());
  }

  @Test
  void hyperparametersAreChecked() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Optimizers.adam(0.1, 1.0, 0.999, 1e-8));
    assertEquals("scaleByAdam: b1 must lie in [0, 1), got 1.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Optimizers.clipByGlobalNorm(0));
    assertTrue(e.getMessage().startsWith("clipByGlobalNorm: maxNorm must be positive"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd(Double.NaN));
    assertTrue(e.getMessage().startsWith("scaleByLearningRate: the learning rate must be finite"), e.getMessage());
  }

  /** What a GPU training loop keeps across device scopes: every moment and trace, nothing else. */
  @Test
  void stateTensorsAreEveryMomentAndTraceOfTheChain() {
    Layer params = new Layer(Tensor.of(new float[] {1, 2, 3}), Tensor.of(new float[] {4}));
    Layer grads = new Layer(Tensor.of(new float[] {0.5f, -1, 2}), Tensor.of(new float[] {1}));
    GradientTransformation chained = Optimizers.chain(Optimizers.clipByGlobalNorm(1.0),
        Optimizers.trace(0.9, false), Optimizers.scaleByAdam(0.9, 0.999, 1e-8), Optimizers.scale(-0.1));
    OptState<Layer> state = chained.apply(params, grads, chained.init(params)).state();
    List<Tensor> tensors = state.tensors();
    TraceState trace = state.find(TraceState.class);
    AdamState adam = state.find(AdamState.class);
    assertEquals(6, tensors.size(), "two trace leaves, then two first and two second moments");
    assertSame(trace.trace().get(0), tensors.get(0));
    assertSame(trace.trace().get(1), tensors.get(1));
    assertSame(adam.mu().get(0), tensors.get(2));
    assertSame(adam.nu().get(1), tensors.get(5));
    assertEquals(List.of(), Optimizers.sgd(0.1).init(params).tensors(), "plain SGD keeps no tensors");
  }
}
