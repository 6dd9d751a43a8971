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

/**
 * The float32 products of one training step of the seed-003 demo's 1 -> 30 -> 20 -> 1 network on
 * a batch of 32, through the tensor API (allocation and dispatch included), one thread.
 *
 * <p>{@code form} is {@code NN}, {@code TN} ({@code matmulTransposeA}) or {@code NT}
 * ({@code matmulTransposeB}); {@code shape} is {@code m x n x k} of the product. The middle layer
 * gives every form at 32 x 20 x 30 and 32 x 30 x 20 (forward, input gradient) and 30 x 20 x 32,
 * 20 x 30 x 32 (weight gradients); the outer layers give an outer product ({@code k = 1}) and a
 * matrix-vector product ({@code n = 1}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SmallMatmulBenchmark {

  @Param({"NN 32x20x30", "NN 32x30x20", "NT 32x20x30", "NT 32x30x20", "TN 30x20x32", "TN 20x30x32",
      "NN 32x30x1", "NT 32x1x20"})
  public String product;

  private Tensor a;
  private Tensor b;
  private char form;

  @Setup
  public void setUp() {
    String[] parts = product.split(" ");
    String[] mnk = parts[1].split("x");
    int m = Integer.parseInt(mnk[0]);
    int n = Integer.parseInt(mnk[1]);
    int k = Integer.parseInt(mnk[2]);
    form = parts[0].equals("NN") ? 'N' : parts[0].equals("TN") ? 'A' : 'B';
    Random r = new Random(7);
    a = form == 'A' ? random(r, k, m) : random(r, m, k);
    b = form == 'B' ? random(r, n, k) : random(r, k, n);
  }

  private static Tensor random(Random r, int rows, int cols) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return Tensor.of(v, rows, cols);
  }

  @Benchmark
  public Tensor multiply() {
    return form == 'N' ? a.matmul(b) : form == 'A' ? a.matmulTransposeA(b) : a.matmulTransposeB(b);
  }
}
