package dev.adjoint.optim;

import dev.adjoint.random.RandomKey;
import dev.adjoint.random.RandomTensors;
import dev.adjoint.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One optimizer step on the seed tutorials' curve-fitting network (1 -> 30 -> 20 -> 1, six leaves,
 * 701 numbers): Adam's per-leaf arithmetic as one fused loop against the same arithmetic as tensor
 * operations, and a whole {@code adam.apply} through a generated-style def against the reflective
 * fallback; and Adam with a scheduled learning rate and AdamW, each as one fused {@code apply}
 * against its stages run one by one ({@code update} then {@code applyUpdates}). Compare with
 * {@code SmallNetworkBenchmark}, one loss-and-gradient evaluation of the same network.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OptimizerStepBenchmark {

  /** The network's parameters, with a def written as the processor writes them. */
  public record Params(Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor w3, Tensor b3) {}

  /** The same components; no def, so {@code Trees} builds the reflective one. */
  public record Reflected(Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor w3, Tensor b3) {}

  private Tensor[] grads;
  private Tensor[] mu;
  private Tensor[] nu;
  private GradientTransformation adam;
  private Params params;
  private Params paramGrads;
  private OptState<Params> state;
  private GradientTransformation adamScheduled;
  private OptState<Params> scheduledState;
  private GradientTransformation adamw;
  private OptState<Params> adamwState;
  private Reflected reflected;
  private Reflected reflectedGrads;
  private OptState<Reflected> reflectedState;

  @Setup
  public void setUp() {
    RandomKey[] k = RandomKey.of(45).split(7);
    Tensor[] p = {
      RandomTensors.scaledNormal(k[0], 30, 1), Tensor.zeros(30),
      RandomTensors.scaledNormal(k[1], 20, 30), Tensor.zeros(20),
      RandomTensors.scaledNormal(k[2], 1, 20), Tensor.zeros(1)
    };
    grads = new Tensor[p.length];
    mu = new Tensor[p.length];
    nu = new Tensor[p.length];
    for (int i = 0; i < p.length; i++) {
      grads[i] = RandomTensors.normal(k[3].foldIn(i), p[i].shape());
      mu[i] = grads[i].mul(0.1);
      nu[i] = grads[i].square().mul(0.001);
    }
    adam = Optimizers.adam(1e-2);
    params = new Params(p[0], p[1], p[2], p[3], p[4], p[5]);
    paramGrads = new Params(grads[0], grads[1], grads[2], grads[3], grads[4], grads[5]);
    state = adam.init(params);
    adamScheduled = Optimizers.adam(Schedules.cosineDecay(1e-2, 1000));
    scheduledState = adamScheduled.init(params);
    adamw = Optimizers.adamw(1e-2);
    adamwState = adamw.init(params);
    reflected = new Reflected(p[0], p[1], p[2], p[3], p[4], p[5]);
    reflectedGrads = new Reflected(grads[0], grads[1], grads[2], grads[3], grads[4], grads[5]);
    reflectedState = adam.init(reflected);
  }

  @Benchmark
  public void adamLeavesFused(Blackhole bh) {
    for (int i = 0; i < grads.length; i++) {
      bh.consume(AdamKernel.step(grads[i], mu[i], nu[i], 0.9, 0.999, 1e-8, 10, true));
    }
  }

  @Benchmark
  public void adamLeavesTensorOps(Blackhole bh) {
    for (int i = 0; i < grads.length; i++) {
      bh.consume(AdamKernel.step(grads[i], mu[i], nu[i], 0.9, 0.999, 1e-8, 10, false));
    }
  }

  @Benchmark
  public Step<Params> adamApplyGeneratedDef() {
    return adam.apply(params, paramGrads, state);
  }

  @Benchmark
  public Step<Reflected> adamApplyReflectiveDef() {
    return adam.apply(reflected, reflectedGrads, reflectedState);
  }

  @Benchmark
  public Step<Params> adamScheduledApplyFused() {
    return adamScheduled.apply(params, paramGrads, scheduledState);
  }

  @Benchmark
  public Params adamScheduledStages() {
    return Optimizers.applyUpdates(params, adamScheduled.update(paramGrads, scheduledState, params).updates());
  }

  @Benchmark
  public Step<Params> adamwApplyFused() {
    return adamw.apply(params, paramGrads, adamwState);
  }

  @Benchmark
  public Params adamwStages() {
    return Optimizers.applyUpdates(params, adamw.update(paramGrads, adamwState, params).updates());
  }
}
