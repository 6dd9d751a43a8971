package dev.adjoint.benchmarks;

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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Each representative method beside its generated {@code ...ValueAndGrad}, on the same inputs:
 * the ratio of the two average times is the cost of the derivative relative to the function. The
 * gradient benchmarks read the value and every component, as a caller does (returning the
 * record itself would force allocations a caller's code does not pay once the JIT inlines).
 * {@code scripts/gradient-overhead.sh} runs this and prints the ratios.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GradientOverhead {
  double mass = 1.3;
  double length = 0.8;
  double angle = 0.4;
  double velocity = 2.1;
  double r = 3.7;
  double x0 = 0.3;
  double[] w;
  double b = 0.1;
  double[][] xs;
  double[] ys;
  double[] labels;
  double[] predictions;
  double[] targets;
  double[][] w1;
  double[] b1;
  double[] w2;
  double[] input;
  /** ADBench's Gaussian mixture: K = 5 components in D = 10 dimensions, N = 100 points. */
  double[] gmmAlphas;
  double[][] gmmMeans;
  double[][] gmmLogDiagonals;
  double[][] gmmLowerTriangles;
  double[][] gmmPoints;
  /** Bundle adjustment: 10 cameras, 200 points, 1000 observations. */
  double[][] baCameras;
  double[][] baPoints;
  int[] baCameraOf;
  int[] baPointOf;
  double[][] baObservations;
  /**
   * ADBench's LSTM at its smallest standard size: l = 2 layers, c = 1024 characters, b = 14.
   * Parameters and state uniform in [0, 1) as ADBench's generator draws them; the characters
   * printable ASCII with one in 50 a typographic apostrophe (ADBench's text, Shakespeare's
   * sonnets, needs 14 bits for it), each coded as its 14 bits, most significant first.
   */
  double[][] lstmMainParams;
  double[][] lstmExtraParams;
  double[][] lstmState;
  double[][] lstmSequence;
  /** The hand-written logistic gradient's tape, allocated once as a careful programmer would. */
  double[] iterates = new double[100];

  @Setup
  public void setUp() {
    Random random = new Random(7);
    w = vector(random, 8);
    xs = new double[64][];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = vector(random, 8);
    }
    ys = vector(random, 64);
    labels = new double[64];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = random.nextBoolean() ? 1 : 0;
    }
    predictions = vector(random, 256);
    targets = vector(random, 256);
    w1 = new double[32][];
    for (int i = 0; i < w1.length; i++) {
      w1[i] = vector(random, 16);
    }
    b1 = vector(random, 32);
    w2 = vector(random, 32);
    input = vector(random, 16);
    gmmAlphas = vector(random, 5);
    gmmMeans = matrix(random, 5, 10);
    gmmLogDiagonals = matrix(random, 5, 10);
    gmmLowerTriangles = matrix(random, 5, 10 * 9 / 2);
    gmmPoints = matrix(random, 100, 10);
    baCameras = matrix(random, 10, 11);
    for (double[] cam : baCameras) {
      cam[5] -= 6;
      cam[6] = 1 + Math.abs(cam[6]);
    }
    baPoints = matrix(random, 200, 3);
    baCameraOf = new int[1000];
    baPointOf = new int[1000];
    for (int o = 0; o < 1000; o++) {
      baCameraOf[o] = random.nextInt(10);
      baPointOf[o] = random.nextInt(200);
    }
    baObservations = matrix(random, 1000, 2);
    lstmMainParams = uniform(random, 2 * 2, 4 * 14);
    lstmExtraParams = uniform(random, 3, 14);
    lstmState = uniform(random, 2 * 2, 14);
    lstmSequence = new double[1024][14];
    for (double[] bits : lstmSequence) {
      int character = random.nextInt(50) == 0 ? '\u2019' : 32 + random.nextInt(95);
      for (int j = 0; j < 14; j++) {
        bits[j] = (character >> (13 - j)) & 1;
      }
    }
  }

  private static double[][] uniform(Random random, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = random.nextDouble();
      }
    }
    return m;
  }

  private static double[][] matrix(Random random, int rows, int cols) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = vector(random, cols);
    }
    return m;
  }

  private static double[] vector(Random random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian() * 0.5;
    }
    return v;
  }

  @Benchmark
  public double energy() {
    return Functions.energy(mass, length, angle, velocity);
  }

  @Benchmark
  public void energyGrad(Blackhole bh) {
    var vg = FunctionsGrad.energyValueAndGrad(mass, length, angle, velocity);
    bh.consume(vg.value());
    bh.consume(vg.grad().mass());
    bh.consume(vg.grad().length());
    bh.consume(vg.grad().angle());
    bh.consume(vg.grad().velocity());
  }

  @Benchmark
  public double logistic() {
    return Functions.logistic(r, x0, 100);
  }

  @Benchmark
  public void logisticGrad(Blackhole bh) {
    var vg = FunctionsGrad.logisticValueAndGrad(r, x0, 100);
    bh.consume(vg.value());
    bh.consume(vg.grad().r());
    bh.consume(vg.grad().x0());
  }

  @Benchmark
  public double[] logisticHandGrad() {
    return HandWrittenGradients.logistic(r, x0, 100, iterates);
  }

  @Benchmark
  public double[] mseHandGrad() {
    return HandWrittenGradients.mse(w, b, xs, ys);
  }

  @Benchmark
  public double[] huberHandGrad() {
    return HandWrittenGradients.huber(predictions, targets, 0.5);
  }

  @Benchmark
  public double mse() {
    return Functions.mse(w, b, xs, ys);
  }

  @Benchmark
  public void mseGrad(Blackhole bh) {
    var vg = FunctionsGrad.mseValueAndGrad(w, b, xs, ys);
    bh.consume(vg.value());
    bh.consume(vg.grad().w());
    bh.consume(vg.grad().b());
  }

  @Benchmark
  public double huber() {
    return Functions.huber(predictions, targets, 0.5);
  }

  @Benchmark
  public void huberGrad(Blackhole bh) {
    var vg = FunctionsGrad.huberValueAndGrad(predictions, targets, 0.5);
    bh.consume(vg.value());
    bh.consume(vg.grad());
  }

  @Benchmark
  public double logLikelihood() {
    return Functions.logLikelihood(w, b, xs, labels);
  }

  @Benchmark
  public void logLikelihoodGrad(Blackhole bh) {
    var vg = FunctionsGrad.logLikelihoodValueAndGrad(w, b, xs, labels);
    bh.consume(vg.value());
    bh.consume(vg.grad().w());
    bh.consume(vg.grad().b());
  }

  @Benchmark
  public double network() {
    return Functions.network(w1, b1, w2, input, 0.5);
  }

  @Benchmark
  public void networkGrad(Blackhole bh) {
    var vg = FunctionsGrad.networkValueAndGrad(w1, b1, w2, input, 0.5);
    bh.consume(vg.value());
    bh.consume(vg.grad().w1());
    bh.consume(vg.grad().b1());
    bh.consume(vg.grad().w2());
  }

  @Benchmark
  public double gmm() {
    return AdBenchObjectives.gmm(gmmAlphas, gmmMeans, gmmLogDiagonals, gmmLowerTriangles, gmmPoints, 1.0, 11);
  }

  @Benchmark
  public void gmmGrad(Blackhole bh) {
    var vg = AdBenchObjectivesGrad.gmmValueAndGrad(gmmAlphas, gmmMeans, gmmLogDiagonals, gmmLowerTriangles,
        gmmPoints, 1.0, 11);
    bh.consume(vg.value());
    bh.consume(vg.grad().alphas());
    bh.consume(vg.grad().means());
    bh.consume(vg.grad().logDiagonals());
    bh.consume(vg.grad().lowerTriangles());
  }

  @Benchmark
  public HandWrittenGradients.GmmGradient gmmHandGrad() {
    return HandWrittenGradients.gmm(gmmAlphas, gmmMeans, gmmLogDiagonals, gmmLowerTriangles, gmmPoints, 1.0, 11);
  }

  @Benchmark
  public double bundleAdjustment() {
    return AdBenchObjectives.bundleAdjustment(baCameras, baPoints, baCameraOf, baPointOf, baObservations);
  }

  @Benchmark
  public void bundleAdjustmentGrad(Blackhole bh) {
    var vg = AdBenchObjectivesGrad.bundleAdjustmentValueAndGrad(baCameras, baPoints, baCameraOf, baPointOf,
        baObservations);
    bh.consume(vg.value());
    bh.consume(vg.grad().cameras());
    bh.consume(vg.grad().points());
  }

  // one call takes milliseconds, so C2 compiles lstmVjp as a whole only after about 4.5 s (OSR
  // code before): with 3 warm-up iterations some forks' first measurements of lstmGrad were 2 to
  // 5 times slower than the rest
  @Benchmark
  @Warmup(iterations = 10)
  public double lstm() {
    return AdBenchObjectives.lstm(lstmMainParams, lstmExtraParams, lstmState, lstmSequence);
  }

  @Benchmark
  @Warmup(iterations = 10)
  public void lstmGrad(Blackhole bh) {
    var vg = AdBenchObjectivesGrad.lstmValueAndGrad(lstmMainParams, lstmExtraParams, lstmState, lstmSequence);
    bh.consume(vg.value());
    bh.consume(vg.grad().mainParams());
    bh.consume(vg.grad().extraParams());
  }
}
