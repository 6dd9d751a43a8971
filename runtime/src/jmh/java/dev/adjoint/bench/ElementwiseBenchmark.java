package dev.adjoint.bench;

import dev.adjoint.tensor.Tensor;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Elementwise operations on a seed-sized activation ({@code [32, 30]}) and on a large one. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ElementwiseBenchmark {

  @Param({"32", "8192"})
  public int rows;

  private Tensor a;
  private Tensor b;
  private Tensor bias;

  @Setup
  public void setUp() {
    Random r = new Random(3);
    a = random(r, rows, 128);
    b = random(r, rows, 128);
    bias = random(r, 128);
  }

  private static Tensor random(Random r, int... shape) {
    float[] v = new float[dev.adjoint.tensor.Shape.size(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return Tensor.of(v, shape);
  }

  @Benchmark
  public Tensor add() {
    return a.add(b);
  }

  @Benchmark
  public Tensor addBias() {
    return a.add(bias);
  }

  @Benchmark
  public Tensor tanh() {
    return a.tanh();
  }

  @Benchmark
  public Tensor sumRows() {
    return a.sum(0);
  }
}
