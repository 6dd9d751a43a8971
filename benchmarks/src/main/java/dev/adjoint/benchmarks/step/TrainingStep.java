package dev.adjoint.benchmarks.step;

import dev.adjoint.examples.CurveFit;
import dev.adjoint.examples.CurveFitGrad;
import dev.adjoint.optim.GradientTransformation;
import dev.adjoint.optim.OptState;
import dev.adjoint.optim.Optimizers;
import dev.adjoint.optim.Step;
import dev.adjoint.tensor.Tensor;
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

/**
 * One whole seed-003 training step (forward, backward, Adam) of the CurveFit demo: {@link
 * #generated} is the demo's step itself, the generated {@code CurveFitGrad.lossValueAndGrad}
 * followed by {@code adam.apply}; {@link #handWritten} is the same step on float arrays ({@link
 * HandWrittenStep}). Both start from the demo's initial parameters and train on its first batch,
 * over and over; every iteration starts again from there, so that the parameters stay in the
 * regime of real training instead of drifting over millions of steps on one batch.
 * {@code scripts/training-step.sh} runs this and prints the ratio.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class TrainingStep {
  private CurveFitFixture fixture;
  private GradientTransformation adam;
  private CurveFit.Mlp params;
  private OptState<CurveFit.Mlp> state;
  private Tensor x;
  private Tensor y;

  private HandWrittenStep hand;
  private float[] xs;
  private float[] ys;

  @Setup(Level.Trial)
  public void build() {
    fixture = CurveFitFixture.demo();
    adam = Optimizers.adam(CurveFitFixture.LEARNING_RATE);
    x = fixture.x();
    y = fixture.y();
    hand = new HandWrittenStep(fixture.params(), CurveFitFixture.BATCH, CurveFitFixture.LEARNING_RATE);
    xs = x.toFloatArray();
    ys = y.toFloatArray();
  }

  @Setup(Level.Iteration)
  public void restart() {
    params = fixture.params();
    state = adam.init(params);
    hand.reset();
  }

  /** The demo's step, exactly as {@code CurveFit.train} runs it (minus drawing the batch). */
  @Benchmark
  public double generated() {
    CurveFitGrad.LossValueAndGrad vg = CurveFitGrad.lossValueAndGrad(params, x, y);
    Step<CurveFit.Mlp> next = adam.apply(params, vg.grad(), state);
    params = next.params();
    state = next.state();
    return vg.value();
  }

  @Benchmark
  public double handWritten() {
    return hand.step(xs, ys);
  }
}
