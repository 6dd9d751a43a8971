package dev.adjoint.benchmarks.step;

import dev.adjoint.examples.CurveFit;
import dev.adjoint.examples.CurveFitGrad;
import dev.adjoint.optim.GradientTransformation;
import dev.adjoint.optim.OptState;
import dev.adjoint.optim.Optimizers;
import dev.adjoint.optim.Step;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The generated training step of {@link TrainingStep} in its two parts, to see where its time
 * goes: the generated loss and gradient alone (at the initial parameters), and {@code adam.apply}
 * alone (with the gradient at the initial parameters, the state advancing as in training).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class TrainingStepParts {
  private CurveFitFixture fixture;
  private GradientTransformation adam;
  private CurveFit.Mlp grad;
  private CurveFit.Mlp params;
  private OptState<CurveFit.Mlp> state;

  @Setup(Level.Trial)
  public void build() {
    fixture = CurveFitFixture.demo();
    adam = Optimizers.adam(CurveFitFixture.LEARNING_RATE);
    grad = CurveFitGrad.lossValueAndGrad(fixture.params(), fixture.x(), fixture.y()).grad();
  }

  @Setup(Level.Iteration)
  public void restart() {
    params = fixture.params();
    state = adam.init(params);
  }

  @Benchmark
  public void lossAndGrad(Blackhole bh) {
    CurveFitGrad.LossValueAndGrad vg = CurveFitGrad.lossValueAndGrad(fixture.params(), fixture.x(), fixture.y());
    bh.consume(vg.value());
    bh.consume(vg.grad());
  }

  @Benchmark
  public CurveFit.Mlp adamApply() {
    Step<CurveFit.Mlp> next = adam.apply(params, grad, state);
    params = next.params();
    state = next.state();
    return params;
  }
}
