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

/** Square float32 matrix products, all cores ({@code bench/compare_numpy.py} sets them against NumPy's). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class MatmulBenchmark {

  @Param({"256", "512", "1024", "2048"})
  public int size;

  private Tensor a;
  private Tensor b;

  @Setup
  public void setUp() {
    a = random(size, 1);
    b = random(size, 2);
  }

  static Tensor random(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n * n];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return Tensor.of(v, n, n);
  }

  @Benchmark
  public Tensor matmul() {
    return a.matmul(b);
  }

  /** The weight-gradient form {@code A^T B}, which reads A transposed while packing. */
  @Benchmark
  public Tensor matmulTransposeA() {
    return a.matmulTransposeA(b);
  }
}
