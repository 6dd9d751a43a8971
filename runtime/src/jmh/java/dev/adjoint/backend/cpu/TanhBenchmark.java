package dev.adjoint.backend.cpu;

import java.util.Random;
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

/** {@link FastTanh} against a {@code Math.tanh} loop, single thread, 4096 floats in [-4, 4]. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TanhBenchmark {

  private final float[] x = new float[4096];
  private final float[] y = new float[4096];

  @Setup
  public void setUp() {
    Random r = new Random(1);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (8 * r.nextDouble() - 4);
    }
  }

  @Benchmark
  public float[] fastTanh() {
    FastTanh.tanh(x, y, 0, x.length);
    return y;
  }

  @Benchmark
  public float[] mathTanh() {
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) Math.tanh(x[i]);
    }
    return y;
  }
}
