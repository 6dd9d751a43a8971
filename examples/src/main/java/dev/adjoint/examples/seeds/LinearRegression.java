package dev.adjoint.examples.seeds;

import dev.adjoint.Differentiable;
import dev.adjoint.examples.cli.CommonOptions;
import dev.adjoint.examples.cli.ExampleCli;
import dev.adjoint.examples.stats.CoefficientTests;
import dev.adjoint.examples.stats.RegressionInference;
import dev.adjoint.random.RandomArrays;
import dev.adjoint.random.RandomKey;
import dev.adjoint.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Seed 001's linear regression: data y = -11 x1 + 12 x2 + 3 + 3 noise drawn from
 * {@code PRNGKey(2)} (our keys give JAX's numbers), a linear model fitted by full-batch gradient
 * descent until the parameters stop moving, the coefficients' p-values, and then minibatch
 * gradient descent with batches drawn by {@code randint(PRNGKey(epoch), ...)}. The gradient of the
 * mean squared error comes from generated code, in float32 as in JAX.
 */
@Command(name = "linear-regression",
    description = "Seed 001: linear regression by full-batch and minibatch gradient descent, and p-values.")
public final class LinearRegression implements Callable<Integer> {
  static final int SAMPLES = 1000;

  @Mixin
  CommonOptions common = new CommonOptions(CommonOptions.Defaults.standard()
      .withSeed(2).withLearningRate(0.01).withBatchSize(16).withEpochs(101));

  @Option(names = "--minibatch-learning-rate", defaultValue = "0.001",
      description = "learning rate of the minibatch phase (default: ${DEFAULT-VALUE})")
  double minibatchLearningRate;

  @Option(names = "--batches", defaultValue = "100", description = "minibatches per epoch (default: ${DEFAULT-VALUE})")
  int batchesPerEpoch;

  /** The mean squared error of the model x·w + b on (x, y). */
  @Differentiable(wrt = {"w", "b"})
  static double loss(Tensor w, Tensor b, Tensor x, Tensor y) {
    return x.matmul(w).add(b).sub(y).square().mean().item();
  }

  /** The samples: features x (n × 2) and targets y (n × 1). */
  record Data(Tensor x, Tensor y) {}

  /** The model's parameters: weights (2 × 1) and bias (1). */
  record Model(Tensor w, Tensor b) {}

  /** What an epoch reports: its (mean) loss and the parameters after it. */
  record EpochLog(int epoch, double loss, float[] w, float b) {
    @Override
    public String toString() {
      return String.format("Epoch %d, Loss: %s. Parameters: %s, %s", epoch, loss, Arrays.toString(w), b);
    }
  }

  /** The data of the tutorial: x1 and x2 from the two halves of the key, the noise from the key itself. */
  static Data data(long seed) {
    RandomKey key = RandomKey.of(seed);
    RandomKey[] keys = key.split();
    Tensor x1 = Tensor.of(RandomArrays.normal(keys[0], SAMPLES, 1), SAMPLES, 1);
    Tensor x2 = Tensor.of(RandomArrays.normal(keys[1], SAMPLES, 1), SAMPLES, 1);
    Tensor noise = Tensor.of(RandomArrays.normal(key, SAMPLES, 1), SAMPLES, 1);
    Tensor y = x1.mul(-11).add(x2.mul(12)).add(3).add(noise.mul(3));
    return new Data(Tensor.concat(1, x1, x2), y);
  }

  /** The tutorial's initial model: it splits the same key as the data. */
  static Model initialModel(long seed) {
    RandomKey[] keys = RandomKey.of(seed).split();
    return new Model(Tensor.of(RandomArrays.normal(keys[0], 2, 1), 2, 1), Tensor.of(RandomArrays.normal(keys[1], 1), 1));
  }

  /** One step of gradient descent; returns the loss before it (with the new model in {@code next}). */
  static double step(Model model, Tensor x, Tensor y, double learningRate, double divisor, Model[] next) {
    LinearRegressionGrad.LossValueAndGrad vg = LinearRegressionGrad.lossValueAndGrad(model.w(), model.b(), x, y);
    Tensor w = model.w().sub(vg.grad().w().mul(learningRate).div(divisor));
    Tensor b = model.b().sub(vg.grad().b().mul(learningRate).div(divisor));
    next[0] = new Model(w, b);
    return vg.value();
  }

  static boolean stoppedMoving(Model before, Model after) {
    return norm(after.w().sub(before.w())) < 1e-5 && norm(after.b().sub(before.b())) < 1e-5;
  }

  private static double norm(Tensor t) {
    return Math.sqrt(t.square().sum().item());
  }

  /** Full-batch gradient descent until the parameters stop moving; logs every 100th epoch, and the last. */
  static List<EpochLog> fullBatch(Data data, Model[] model, double learningRate) {
    List<EpochLog> logs = new ArrayList<>();
    Model[] next = new Model[1];
    for (int epoch = 0; ; epoch++) {
      double loss = step(model[0], data.x(), data.y(), learningRate, 1, next);
      boolean done = stoppedMoving(model[0], next[0]);
      model[0] = next[0];
      if (epoch % 100 == 0 || done) {
        logs.add(new EpochLog(epoch, loss, model[0].w().toFloatArray(), model[0].b().toFloatArray()[0]));
      }
      if (done) {
        return logs;
      }
    }
  }

  /** Minibatch gradient descent as the tutorial writes it: the step divided by the batch size. */
  static List<EpochLog> minibatch(Data data, Model[] model, double learningRate, int batchSize, int batches, int maxEpochs) {
    List<EpochLog> logs = new ArrayList<>();
    Model[] next = new Model[1];
    for (int epoch = 0; epoch < maxEpochs; epoch++) {
      int[] indices = RandomArrays.randint(RandomKey.of(epoch), new int[] {batches, batchSize}, 0, SAMPLES);
      double total = 0;
      Model before = model[0];
      for (int i = 0; i < batches; i++) {
        int[] rows = Arrays.copyOfRange(indices, i * batchSize, (i + 1) * batchSize);
        before = model[0];
        total += step(model[0], data.x().gatherRows(rows), data.y().gatherRows(rows), learningRate, batchSize, next);
        model[0] = next[0];
      }
      boolean done = stoppedMoving(before, model[0]);
      if (epoch % 10 == 0 || done) {
        logs.add(new EpochLog(epoch, total / batches, model[0].w().toFloatArray(), model[0].b().toFloatArray()[0]));
      }
      if (done) {
        break;
      }
    }
    return logs;
  }

  /** The coefficients' p-values, computed the way the tutorial does. */
  static CoefficientTests pValues(Data data, Model model, double sigma2) {
    double[][] design = RegressionInference.withInterceptColumn(data.x().toFloatArray(), SAMPLES, 2);
    float[] w = model.w().toFloatArray();
    double[] coefficients = {model.b().toFloatArray()[0], w[0], w[1]};
    return RegressionInference.seed001(design, coefficients, sigma2);
  }

  @Override
  public Integer call() {
    Data data = data(common.seed());
    Model[] model = {initialModel(common.seed())};
    List<EpochLog> logs = fullBatch(data, model, common.learningRate());
    logs.forEach(System.out::println);
    EpochLog last = logs.get(logs.size() - 1);
    System.out.printf("Final weights: %s, Final bias: %s%n", Arrays.toString(model[0].w().toFloatArray()), model[0].b().toFloatArray()[0]);
    System.out.printf("Loss (variance estimate): %s%n", Math.sqrt(last.loss()));
    System.out.printf("p-values (bias, w1, w2): %s%n", Arrays.toString(pValues(data, model[0], last.loss()).pValues()));
    System.out.println("Minibatch gradient descent:");
    minibatch(data, model, minibatchLearningRate, common.batchSize(), batchesPerEpoch, common.epochs())
        .forEach(System.out::println);
    return 0;
  }

  public static void main(String[] args) {
    System.exit(ExampleCli.execute(new LinearRegression(), args));
  }
}
