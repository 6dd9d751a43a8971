package dev.adjoint.examples.cli;

import dev.adjoint.examples.progress.ProgressMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every example program takes, as a picocli mixin: {@code --help}, {@code --seed},
 * {@code --epochs}, {@code --learning-rate}, {@code --batch-size}, {@code --output}, {@code
 * --device} and {@code --progress}.
 *
 * <p>Each example has its own defaults (the seed tutorial's values), given by initializing the
 * mixin field; picocli then uses that instance and shows its values as the defaults in {@code
 * --help}:
 *
 * <pre>{@code
 * @Command(name = "curve-fit", description = "...")
 * final class CurveFit implements Callable<Integer> {
 *   @Mixin CommonOptions common =
 *       new CommonOptions(CommonOptions.Defaults.standard().withEpochs(2000).withLearningRate(1e-2));
 *
 *   public Integer call() { ... common.epochs() ... }
 *
 *   public static void main(String[] args) {
 *     System.exit(ExampleCli.execute(new CurveFit(), args));
 *   }
 * }
 * }</pre>
 */
public final class CommonOptions implements ValidatedOptions {

  /** The default values of the options, one example's choice. */
  public record Defaults(
      long seed, int epochs, double learningRate, int batchSize, Path output) {

    /** Checks that the values would pass {@link CommonOptions#validate()}. */
    public Defaults {
      Objects.requireNonNull(output, "output");
      if (epochs <= 0 || batchSize <= 0 || !(learningRate > 0) || Double.isInfinite(learningRate)) {
        throw new IllegalArgumentException(
            "Defaults: epochs and batch size must be positive and the learning rate positive and"
                + " finite, got epochs "
                + epochs
                + ", batch size "
                + batchSize
                + ", learning rate "
                + learningRate);
      }
    }

    /** Seed 0, 10 epochs, learning rate 1e-3, batch size 32, output folder {@code example-output}. */
    public static Defaults standard() {
      return new Defaults(0, 10, 1e-3, 32, Path.of("example-output"));
    }

    public Defaults withSeed(long value) {
      return new Defaults(value, epochs, learningRate, batchSize, output);
    }

    public Defaults withEpochs(int value) {
      return new Defaults(seed, value, learningRate, batchSize, output);
    }

    public Defaults withLearningRate(double value) {
      return new Defaults(seed, epochs, value, batchSize, output);
    }

    public Defaults withBatchSize(int value) {
      return new Defaults(seed, epochs, learningRate, value, output);
    }

    public Defaults withOutput(Path value) {
      return new Defaults(seed, epochs, learningRate, batchSize, value);
    }
  }

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the random key, as jax.random.key(N). Default: ${DEFAULT-VALUE}.")
  private long seed;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "Passes over the training data. Default: ${DEFAULT-VALUE}.")
  private int epochs;

  @Option(
      names = {"--learning-rate", "--lr"},
      paramLabel = "RATE",
      description = "Step size of the optimizer. Default: ${DEFAULT-VALUE}.")
  private double learningRate;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Examples per gradient step. Default: ${DEFAULT-VALUE}.")
  private int batchSize;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description = "Folder for charts and results (created if missing). Default: ${DEFAULT-VALUE}.")
  private Path output;

  @Option(
      names = "--device",
      paramLabel = "DEVICE",
      description =
          "Where array work runs: ${COMPLETION-CANDIDATES}. auto uses a CUDA GPU when one is"
              + " present. Default: ${DEFAULT-VALUE}.")
  private DeviceChoice device = DeviceChoice.AUTO;

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      description =
          "Progress display: ${COMPLETION-CANDIDATES}. auto draws a bar on a terminal and plain"
              + " lines in logs. Default: ${DEFAULT-VALUE}.")
  private ProgressMode progress = ProgressMode.AUTO;

  /** Options with {@link Defaults#standard()}; picocli calls this for an uninitialized mixin. */
  public CommonOptions() {
    this(Defaults.standard());
  }

  /** Options whose values, before parsing, are {@code defaults}. */
  public CommonOptions(Defaults defaults) {
    this.seed = defaults.seed();
    this.epochs = defaults.epochs();
    this.learningRate = defaults.learningRate();
    this.batchSize = defaults.batchSize();
    this.output = defaults.output();
  }

  @Override
  public void validate() {
    if (epochs <= 0) {
      throw invalid("--epochs must be positive, got " + epochs);
    }
    if (batchSize <= 0) {
      throw invalid("--batch-size must be positive, got " + batchSize);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw invalid("--learning-rate must be positive and finite, got " + learningRate);
    }
  }

  private ParameterException invalid(String message) {
    return new ParameterException(mixee.commandLine(), message);
  }

  /** {@code --seed}. */
  public long seed() {
    return seed;
  }

  /** {@code --epochs}. */
  public int epochs() {
    return epochs;
  }

  /** {@code --learning-rate}. */
  public double learningRate() {
    return learningRate;
  }

  /** {@code --batch-size}. */
  public int batchSize() {
    return batchSize;
  }

  /** {@code --output}: the folder for the example's files (not created until asked for). */
  public Path output() {
    return output;
  }

  /** {@code --device}. */
  public DeviceChoice device() {
    return device;
  }

  /**
   * Where the example's tensors go, as {@code --device} asks: see {@link DeviceSelection#resolve}.
   * The GPU is probed through the runtime ({@link GpuProbe#cuda()}).
   *
   * @throws ParameterException for {@code --device=gpu} without a usable GPU, saying why; thrown
   *     from the command, picocli prints it with the usage and exits with 2, as for any option
   *     this machine cannot honour
   */
  public DeviceSelection selectDevice() {
    return selectDevice(GpuProbe.cuda());
  }

  /** {@link #selectDevice()} with another probe (tests, or a program that knows better). */
  public DeviceSelection selectDevice(GpuProbe gpu) {
    try {
      return DeviceSelection.resolve(device, gpu);
    } catch (DeviceSelection.NoGpuException e) {
      throw invalid(e.getMessage());
    }
  }

  /** {@code --progress}, with {@code auto} still undecided (see {@link ProgressMode#resolve()}). */
  public ProgressMode progress() {
    return progress;
  }

  /**
   * The path of {@code fileName} inside the output folder, creating the folder if needed.
   *
   * @throws IOException if the folder cannot be created
   */
  public Path outputFile(String fileName) throws IOException {
    Files.createDirectories(output);
    return output.resolve(fileName);
  }
}
