package dev.adjoint.examples;

import dev.adjoint.Differentiable;
import dev.adjoint.examples.cli.CommonOptions;
import dev.adjoint.examples.cli.ExampleCli;
import dev.adjoint.examples.plot.PngCharts;
import dev.adjoint.examples.plot.Series;
import dev.adjoint.examples.progress.TrainingProgress;
import dev.adjoint.optim.GradientTransformation;
import dev.adjoint.optim.OptState;
import dev.adjoint.optim.Optimizers;
import dev.adjoint.optim.Step;
import dev.adjoint.random.RandomKey;
import dev.adjoint.random.RandomTensors;
import dev.adjoint.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The flagship demo, seed 003: a 1-30-20-1 tanh network learns F(q) = exp(-q²) sin(5q) from random
 * batches of 32 points in [-3, 3], with Adam. The gradient of the loss with respect to the whole
 * parameter tree comes from code the processor generated at compile time ({@code CurveFitGrad}).
 * Writes the loss curve and the fit against the true function (also outside the training range)
 * as PNG files.
 */
@Command(name = "curve-fit", description = "Seed 003: a small tanh network fits exp(-q^2) sin(5q), trained with Adam.")
public final class CurveFit implements Callable<Integer> {
  /** Layer widths, as in the tutorial. */
  public static final int[] LAYERS = {1, 30, 20, 1};

  @Mixin
  CommonOptions common = new CommonOptions(CommonOptions.Defaults.standard()
      .withSeed(45).withEpochs(3000).withLearningRate(1e-2).withBatchSize(32));

  @Option(names = "--range", defaultValue = "3.0", description = "training points are drawn from [-range, range] (default: ${DEFAULT-VALUE})")
  double range;

  /** The network's parameters, as the tutorial keeps them: a list of weights and a list of biases. */
  public record Mlp(List<Tensor> weights, List<Tensor> biases) {}

  /** The function to learn, at each element of {@code q} (float32, as in the tutorial). */
  public static Tensor target(Tensor q) {
    float[] values = q.toFloatArray();
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      values[i] = (float) (Math.exp(-v * v) * Math.sin(5 * v));
    }
    return Tensor.of(values, q.shape());
  }

  /** The network on a batch of inputs (one row each): tanh after every layer but the last. */
  @Differentiable(wrt = "p")
  static Tensor network(Mlp p, Tensor x) {
    Tensor h = x;
    int layers = p.weights().size();
    for (int i = 0; i < layers; i++) {
      h = h.matmul(p.weights().get(i).transpose()).add(p.biases().get(i));
      if (i < layers - 1) {
        h = h.tanh();
      }
    }
    return h;
  }

  /** The squared error summed over the batch and divided by its size, as the tutorial writes it. */
  @Differentiable(wrt = "params")
  static double loss(Mlp params, Tensor x, Tensor y) {
    return network(params, x).sub(y).square().sum().item() / x.shape(0);
  }

  /**
   * The tutorial's initialization: for each layer the key is split (the second half used), weights
   * normal / sqrt(fan in) of shape [out, in], biases zero.
   */
  public static Mlp initialize(RandomKey key, int... sizes) {
    List<Tensor> weights = new ArrayList<>();
    List<Tensor> biases = new ArrayList<>();
    for (int i = 0; i + 1 < sizes.length; i++) {
      RandomKey[] keys = key.split();
      key = keys[0];
      weights.add(RandomTensors.normal(keys[1], sizes[i + 1], sizes[i]).div(Math.sqrt(sizes[i])));
      biases.add(Tensor.zeros(sizes[i + 1]));
    }
    return new Mlp(List.copyOf(weights), List.copyOf(biases));
  }

  /** What training produced: the parameters and the loss of every batch. */
  record Trained(Mlp params, double[] losses) {}

  /**
   * Trains from {@code seed} as the tutorial does: {@code subkey, key = split(key)} for the
   * initialization and again for every batch.
   */
  static Trained train(long seed, int steps, int batchSize, double learningRate, double range, TrainingProgress progress) {
    RandomKey key = RandomKey.of(seed);
    RandomKey[] keys = key.split();
    keys = keys[1].split(); // the tutorial splits once for its first look at the network
    Mlp params = initialize(keys[0], LAYERS);
    key = keys[1];
    GradientTransformation adam = Optimizers.adam(learningRate);
    OptState<Mlp> state = adam.init(params);
    double[] losses = new double[steps];
    for (int step = 0; step < steps; step++) {
      keys = key.split();
      key = keys[1];
      Tensor x = RandomTensors.uniform(keys[0], new int[] {batchSize, 1}, -range, range);
      CurveFitGrad.LossValueAndGrad vg = CurveFitGrad.lossValueAndGrad(params, x, target(x));
      Step<Mlp> next = adam.apply(params, vg.grad(), state);
      params = next.params();
      state = next.state();
      losses[step] = vg.value();
      if (progress != null) {
        progress.step(vg.value());
      }
    }
    return new Trained(params, losses);
  }

  /** Network output and true function on a grid reaching beyond the training range. */
  static List<Series> fitSeries(Mlp params, double from, double to, int points) {
    Tensor q = Tensor.linspace(from, to, points).reshape(points, 1);
    double[] x = q.toDoubleArray();
    return List.of(
        Series.line("network", x, network(params, q).toDoubleArray()),
        Series.line("exp(-q^2) sin(5q)", x, target(q).toDoubleArray()));
  }

  @Override
  public Integer call() throws IOException {
    System.out.printf("Training a %s tanh network on exp(-q^2) sin(5q): %d batches of %d, Adam %s%n",
        java.util.Arrays.toString(LAYERS), common.epochs(), common.batchSize(), common.learningRate());
    Trained trained;
    try (TrainingProgress progress = TrainingProgress.start("curve fit", common.epochs(), common.progress())) {
      trained = train(common.seed(), common.epochs(), common.batchSize(), common.learningRate(), range, progress);
    }
    double[] losses = trained.losses();
    System.out.printf("loss: first batch %.4g, last 100 batches %.4g on average%n",
        losses[0], mean(losses, Math.max(0, losses.length - 100), losses.length));
    PngCharts charts = new PngCharts();
    Path lossCurve = charts.lossCurve(common.outputFile("curve-fit-loss.png"), "Mean-square error per training batch", losses);
    Path fit = charts.xyChart(common.outputFile("curve-fit.png"),
        "Network and true function (trained on [-" + range + ", " + range + "])", "q", "F(q)",
        fitSeries(trained.params(), -4, 4, 200));
    System.out.println("wrote " + lossCurve.toAbsolutePath());
    System.out.println("wrote " + fit.toAbsolutePath());
    System.out.println("the gradient came from generated code: " + generatedSource(CurveFit.class));
    return 0;
  }

  static double mean(double[] values, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += values[i];
    }
    return s / (to - from);
  }

  /** Where the processor wrote the derivative code of {@code type}, as seen from here. */
  static String generatedSource(Class<?> type) {
    String relative = "target/generated-sources/annotations/" + type.getPackageName().replace('.', '/')
        + "/" + type.getSimpleName() + "Grad.java";
    for (Path candidate : List.of(Path.of("examples").resolve(relative), Path.of(relative))) {
      if (Files.exists(candidate)) {
        return candidate.toAbsolutePath().normalize().toString();
      }
    }
    return relative + " (in the examples module)";
  }

  public static void main(String[] args) {
    System.exit(ExampleCli.execute(new CurveFit(), args));
  }
}
