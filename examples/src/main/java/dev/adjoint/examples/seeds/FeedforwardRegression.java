package dev.adjoint.examples.seeds;

import dev.adjoint.Differentiable;
import dev.adjoint.examples.cli.CommonOptions;
import dev.adjoint.examples.cli.ExampleCli;
import dev.adjoint.examples.data.NumpyLegacyRandom;
import dev.adjoint.examples.plot.PngCharts;
import dev.adjoint.examples.plot.Series;
import dev.adjoint.examples.progress.TrainingProgress;
import dev.adjoint.optim.GradientTransformation;
import dev.adjoint.optim.OptState;
import dev.adjoint.optim.Optimizers;
import dev.adjoint.optim.Step;
import dev.adjoint.random.RandomKey;
import dev.adjoint.random.RandomTensors;
import dev.adjoint.random.ThreefryMode;
import dev.adjoint.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Seed 004 (Forgione, "Deep Learning with JAX: feedforward neural networks"): a network with one
 * hidden layer of 16 tanh units, {@code y = W2 tanh(W1 x + b1) + b2}, fits 200 noise-free samples
 * of {@code f(x) = 2 sin 3x - 3 cos 7x} on [-1, 1] by Adam (learning rate 1e-2) on the mean squared
 * error, 2000 full-batch steps. The parameters are a record of four tensors, as the tutorial keeps
 * them in a dictionary; the gradient with respect to the whole record comes from code the
 * processor generated ({@code FeedforwardRegressionGrad.lossValueAndGrad}).
 *
 * <p>{@code --minibatch} does the tutorial's last exercise: each step trains on a random subset of
 * {@code --batch-size} samples (default 32), drawn without replacement as {@code
 * jax.random.choice(k, 200, (batch,), replace=False)} does, with {@code k = fold_in(fold_in(key,
 * 4), step)} ({@code fold_in(key, 4)} is the fifth key of {@code split(key, 5)}, whose first four
 * are the parameter keys).
 *
 * <p><b>Reproducing the tutorial.</b> The slides hide how the data are made; the course's source
 * (github.com/forgi86/dl-sysid-lyon2026, {@code 02_feedforward.qmd}) draws {@code x} with {@code
 * numpy.random.seed(42)} and {@code -1 + 2 rand(200, 1)}, which {@link NumpyLegacyRandom} replays,
 * and splits {@code jax.random.key(42)} four ways for W1, b1, W2, b2. The printed numbers came from
 * JAX 0.5 or later, whose default ({@code jax_threefry_partitionable}) changed how keys split, so
 * the keys here are {@link ThreefryMode#PARTITIONABLE}; with them the network's first output
 * (4.4949026), the initial loss (24.432558) and its gradient are the tutorial's, to float32
 * rounding. The slides print no numbers after training, only the loss and fit plots, so the
 * trained values are not compared with JAX's (see the tests).
 */
@Command(
    name = "feedforward",
    description =
        "Seed 004: a 1-16-1 tanh network fits 2 sin 3x - 3 cos 7x with Adam, full batch or"
            + " (--minibatch) on random subsets.")
public final class FeedforwardRegression implements Callable<Integer> {
  /** Training samples, and the width of the hidden layer. */
  static final int SAMPLES = 200;

  static final int HIDDEN = 16;

  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common = new CommonOptions(CommonOptions.Defaults.standard()
      .withSeed(42).withEpochs(2000).withLearningRate(1e-2).withBatchSize(32));

  @Option(names = "--minibatch",
      description = "train each step on --batch-size random samples instead of all 200 (the tutorial's exercise)")
  boolean minibatch;

  @Option(names = "--data-seed", defaultValue = "42", paramLabel = "N",
      description = "seed of numpy.random that draws the inputs x (default: ${DEFAULT-VALUE})")
  long dataSeed;

  /** The network's parameters: W1 (16 × 1), b1 (16), W2 (1 × 16), b2 (1). */
  public record Params(Tensor w1, Tensor b1, Tensor w2, Tensor b2) {}

  /** Inputs and targets, one sample per row: x (n × 1), y (n × 1). */
  public record Data(Tensor x, Tensor y) {
    /** The samples at {@code rows}, in that order. */
    Data rows(int[] rows) {
      return new Data(x.gatherRows(rows), y.gatherRows(rows));
    }
  }

  /** What training produced: the parameters and the loss of each step (on that step's samples). */
  record Trained(Params params, double[] losses) {}

  /** The function the network learns: {@code 2 sin 3x - 3 cos 7x}. */
  static double target(double x) {
    return 2 * Math.sin(3 * x) - 3 * Math.cos(7 * x);
  }

  /**
   * The tutorial's data: {@code x = -1 + 2 rand(200, 1)} in float64 from NumPy's generator seeded
   * with {@code numpySeed}, and {@code y = f(x)} computed as jax.numpy does with float64 input when
   * 64-bit mode is off: {@code 3x} and {@code 7x} in float64, then sin, cos and the rest in
   * float32. Both are float32 tensors, as JAX passes them to the jitted loss.
   */
  static Data data(long numpySeed) {
    double[] u = NumpyLegacyRandom.seeded(numpySeed).rand(SAMPLES);
    float[] x = new float[SAMPLES];
    float[] y = new float[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      double xi = -1 + u[i] * 2;
      x[i] = (float) xi;
      float sin = (float) Math.sin((float) (3 * xi));
      float cos = (float) Math.cos((float) (7 * xi));
      y[i] = 2 * sin - 3 * cos;
    }
    return new Data(Tensor.of(x, SAMPLES, 1), Tensor.of(y, SAMPLES, 1));
  }

  /** The key of {@code jax.random.key(seed)} as JAX 0.5 and later make it. */
  static RandomKey key(long seed) {
    return RandomKey.of(seed, ThreefryMode.PARTITIONABLE);
  }

  /** {@code key_W1, key_b1, key_W2, key_b2 = split(key, 4)}, each parameter standard normal. */
  static Params initialParams(long seed) {
    RandomKey[] keys = key(seed).split(4);
    return new Params(
        RandomTensors.normal(keys[0], HIDDEN, 1),
        RandomTensors.normal(keys[1], HIDDEN),
        RandomTensors.normal(keys[2], 1, HIDDEN),
        RandomTensors.normal(keys[3], 1));
  }

  /**
   * The network on a batch of inputs (n × 1), one output per row: the tutorial's {@code
   * vmap(nn)}, written with the batch as the rows, so {@code W1 x} becomes {@code x W1ᵀ}.
   */
  static Tensor network(Params p, Tensor x) {
    Tensor hidden = x.matmulTransposeB(p.w1()).add(p.b1()).tanh();
    return hidden.matmulTransposeB(p.w2()).add(p.b2());
  }

  /** The mean squared error of the network on (x, y); arguments in the tutorial's order. */
  @Differentiable(wrt = "params")
  static double loss(Params params, Tensor y, Tensor x) {
    Tensor hidden = x.matmulTransposeB(params.w1()).add(params.b1()).tanh();
    Tensor yHat = hidden.matmulTransposeB(params.w2()).add(params.b2());
    return y.sub(yHat).square().mean().item();
  }

  /** Which samples a training step uses. */
  @FunctionalInterface
  interface Batches {
    Data at(int step);
  }

  /** Every step on all the samples. */
  static Batches fullBatch(Data data) {
    return step -> data;
  }

  /**
   * Each step on {@code batchSize} distinct samples: the first {@code batchSize} of a random
   * permutation drawn from {@code batchKey.foldIn(step)}.
   */
  static Batches minibatches(Data data, RandomKey batchKey, int batchSize) {
    int n = data.x().shape(0);
    if (batchSize > n) {
      throw new IllegalArgumentException(
          "minibatches: batch size " + batchSize + " exceeds the " + n + " samples");
    }
    return step -> data.rows(
        Arrays.copyOf(RandomTensors.permutation(batchKey.foldIn(step), n), batchSize));
  }

  /** The key of the minibatches: {@code fold_in(key, 4)}, next to the four parameter keys. */
  static RandomKey batchKey(long seed) {
    return key(seed).foldIn(4);
  }

  /** {@code steps} steps of Adam from {@code initial}, as the tutorial's training loop. */
  static Trained train(Params initial, Batches batches, int steps, double learningRate,
      TrainingProgress progress) {
    GradientTransformation adam = Optimizers.adam(learningRate);
    Params params = initial;
    OptState<Params> state = adam.init(params);
    double[] losses = new double[steps];
    for (int step = 0; step < steps; step++) {
      Data batch = batches.at(step);
      FeedforwardRegressionGrad.LossValueAndGrad vg =
          FeedforwardRegressionGrad.lossValueAndGrad(params, batch.y(), batch.x());
      Step<Params> next = adam.apply(params, vg.grad(), state);
      params = next.params();
      state = next.state();
      losses[step] = vg.value();
      if (progress != null) {
        progress.step(vg.value());
      }
    }
    return new Trained(params, losses);
  }

  /** The tutorial's "Model fit" plot: the samples, and the trained and initial networks. */
  static List<Series> fitSeries(Data data, Params initial, Params trained) {
    double[] x = data.x().toDoubleArray();
    int[] order = IntStream.range(0, x.length).boxed()
        .sorted((i, j) -> Double.compare(x[i], x[j])).mapToInt(Integer::intValue).toArray();
    Data sorted = data.rows(order);
    double[] xs = sorted.x().toDoubleArray();
    return List.of(
        Series.points("y", x, data.y().toDoubleArray()),
        Series.line("trained network", xs, network(trained, sorted.x()).toDoubleArray()),
        Series.line("initial network", xs, network(initial, sorted.x()).toDoubleArray()));
  }

  /** Writes the loss curve and the fit; returns the two files. */
  static List<Path> writeCharts(Path lossFile, Path fitFile, Data data, Params initial, Trained trained)
      throws IOException {
    PngCharts charts = new PngCharts();
    Path loss = charts.lossCurve(lossFile, "Loss vs. iteration", trained.losses());
    Path fit = charts.xyChart(fitFile, "Model fit", "x", "y", fitSeries(data, initial, trained.params()));
    return List.of(loss, fit);
  }

  @Override
  public Integer call() throws IOException {
    if (minibatch && common.batchSize() > SAMPLES) {
      throw new ParameterException(spec.commandLine(),
          "--batch-size must be at most " + SAMPLES + " with --minibatch, got " + common.batchSize());
    }
    Data data = data(dataSeed);
    Params initial = initialParams(common.seed());
    System.out.printf("x_train.shape, y_train.shape = %s, %s%n",
        Arrays.toString(data.x().shape()), Arrays.toString(data.y().shape()));
    System.out.printf("nn(params, x_train[0]) = %s%n",
        network(initial, data.x().gatherRows(new int[] {0})).item());
    FeedforwardRegressionGrad.LossValueAndGrad first =
        FeedforwardRegressionGrad.lossValueAndGrad(initial, data.y(), data.x());
    System.out.printf("initial loss %s, gradient wrt W1 begins %s%n", (float) first.value(),
        Arrays.toString(Arrays.copyOf(first.grad().w1().toFloatArray(), 3)));

    Batches batches = minibatch ? minibatches(data, batchKey(common.seed()), common.batchSize()) : fullBatch(data);
    String what = minibatch ? "minibatches of " + common.batchSize() : "the full batch of " + SAMPLES;
    System.out.printf("Adam, learning rate %s, %d steps on %s%n", common.learningRate(), common.epochs(), what);
    Trained trained;
    try (TrainingProgress progress = TrainingProgress.start("feedforward", common.epochs(), common.progress())) {
      trained = train(initial, batches, common.epochs(), common.learningRate(), progress);
    }
    double finalLoss = loss(trained.params(), data.y(), data.x());
    System.out.printf(Locale.ROOT, "loss on all %d samples: %.6g before, %.6g after (%.0fx lower)%n",
        SAMPLES, first.value(), finalLoss, first.value() / finalLoss);

    String prefix = minibatch ? "feedforward-minibatch" : "feedforward";
    for (Path file : writeCharts(common.outputFile(prefix + "-loss.png"), common.outputFile(prefix + "-fit.png"),
        data, initial, trained)) {
      System.out.println("wrote " + file.toAbsolutePath());
    }
    return 0;
  }

  public static void main(String[] args) {
    System.exit(ExampleCli.execute(new FeedforwardRegression(), args));
  }
}
