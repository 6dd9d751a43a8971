package dev.adjoint.bench;

import dev.adjoint.rules.TensorRules;
import dev.adjoint.tensor.Tensor;
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

/**
 * One loss-and-gradient evaluation of the curve-fitting network of the seed tutorials: inputs
 * {@code [32, 1]}, layers 1 -> 30 -> 20 -> 1 with tanh, weights stored {@code [out, in]}, mean
 * squared error. The backward pass calls the derivative rules in the order generated code would.
 * At these sizes the cost is per-operation overhead, not arithmetic.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SmallNetworkBenchmark {

  private Tensor x;
  private Tensor target;
  private Tensor w1;
  private Tensor b1;
  private Tensor w2;
  private Tensor b2;
  private Tensor w3;
  private Tensor b3;

  @Setup
  public void setUp() {
    Random r = new Random(45);
    x = gaussian(r, 1, 32, 1).mul(3);
    target = x.mul(5).tanh(); // any smooth target
    w1 = gaussian(r, 1, 30, 1);
    b1 = Tensor.zeros(30);
    w2 = gaussian(r, 1 / Math.sqrt(30), 20, 30);
    b2 = Tensor.zeros(20);
    w3 = gaussian(r, 1 / Math.sqrt(20), 1, 20);
    b3 = Tensor.zeros(1);
  }

  private static Tensor gaussian(Random r, double scale, int... shape) {
    double[] v = new double[dev.adjoint.tensor.Shape.size(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian() * scale;
    }
    return Tensor.of(v, shape);
  }

  /** Forward only: the loss. */
  @Benchmark
  public double loss() {
    Tensor h1 = x.matmulTransposeB(w1).add(b1).tanh();
    Tensor h2 = h1.matmulTransposeB(w2).add(b2).tanh();
    Tensor y = h2.matmulTransposeB(w3).add(b3);
    return y.sub(target).square().mean().item();
  }

  /** Forward and backward: the loss and the six parameter gradients. */
  @Benchmark
  public Tensor[] lossAndGradient() {
    Tensor m1 = x.matmulTransposeB(w1);
    Tensor z1 = m1.add(b1);
    Tensor h1 = z1.tanh();
    Tensor m2 = h1.matmulTransposeB(w2);
    Tensor z2 = m2.add(b2);
    Tensor h2 = z2.tanh();
    Tensor m3 = h2.matmulTransposeB(w3);
    Tensor y = m3.add(b3);
    Tensor d = y.sub(target);
    Tensor sq = d.square();
    Tensor loss = sq.mean();

    Tensor gLoss = Tensor.onesLike(loss);
    Tensor gSq = TensorRules.mean(sq, gLoss);
    Tensor gD = TensorRules.square(d, gSq);
    Tensor gY = TensorRules.subSelf(y, target, gD);
    Tensor gB3 = TensorRules.addOther(m3, b3, gY);
    Tensor gM3 = TensorRules.addSelf(m3, b3, gY);
    Tensor gW3 = TensorRules.matmulTransposeBOther(h2, w3, gM3);
    Tensor gH2 = TensorRules.matmulTransposeBSelf(h2, w3, gM3);
    Tensor gZ2 = TensorRules.tanh(z2, h2, gH2);
    Tensor gB2 = TensorRules.addOther(m2, b2, gZ2);
    Tensor gM2 = TensorRules.addSelf(m2, b2, gZ2);
    Tensor gW2 = TensorRules.matmulTransposeBOther(h1, w2, gM2);
    Tensor gH1 = TensorRules.matmulTransposeBSelf(h1, w2, gM2);
    Tensor gZ1 = TensorRules.tanh(z1, h1, gH1);
    Tensor gB1 = TensorRules.addOther(m1, b1, gZ1);
    Tensor gM1 = TensorRules.addSelf(m1, b1, gZ1);
    Tensor gW1 = TensorRules.matmulTransposeBOther(x, w1, gM1);
    return new Tensor[] {loss, gW1, gB1, gW2, gB2, gW3, gB3};
  }
}
