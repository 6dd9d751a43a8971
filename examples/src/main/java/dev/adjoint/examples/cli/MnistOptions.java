package dev.adjoint.examples.cli;

import dev.adjoint.data.LabeledImages;
import dev.adjoint.data.Mnist;
import dev.adjoint.data.TrainTestSplit;
import dev.adjoint.examples.data.BundledMnist;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where an MNIST example takes its data from, as a picocli mixin: the bundled 10,000-image subset
 * by default, or any pair of IDX files given with {@code --images} and {@code --labels} (plain or
 * gzip-compressed; the full 60,000-image MNIST training set or Fashion-MNIST work alike), cut into
 * the first {@code --train-size} images for training and the last {@code --test-size} for testing.
 */
public final class MnistOptions implements ValidatedOptions {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(
      names = "--images",
      paramLabel = "FILE",
      description =
          "IDX file of images [n, rows, cols] (plain or gzip). Default: the bundled MNIST subset.")
  private Path images;

  @Option(
      names = "--labels",
      paramLabel = "FILE",
      description = "IDX file of labels [n] to go with --images.")
  private Path labels;

  @Option(
      names = "--train-size",
      paramLabel = "N",
      defaultValue = "" + TrainTestSplit.DEFAULT_TRAIN,
      description = "Training images, taken from the start. Default: ${DEFAULT-VALUE}.")
  private int trainSize;

  @Option(
      names = "--test-size",
      paramLabel = "N",
      defaultValue = "" + TrainTestSplit.DEFAULT_TEST,
      description = "Test images, taken from the end. Default: ${DEFAULT-VALUE}.")
  private int testSize;

  @Override
  public void validate() {
    if ((images == null) != (labels == null)) {
      throw new ParameterException(
          mixee.commandLine(),
          "--images and --labels go together: give both files or neither (for the bundled data)");
    }
    if (trainSize <= 0 || testSize <= 0) {
      throw new ParameterException(
          mixee.commandLine(),
          "--train-size and --test-size must be positive, got " + trainSize + " and " + testSize);
    }
  }

  /** {@code --images}, or {@code null} for the bundled data. */
  public Path images() {
    return images;
  }

  /** {@code --labels}, or {@code null} for the bundled data. */
  public Path labels() {
    return labels;
  }

  /** {@code --train-size}. */
  public int trainSize() {
    return trainSize;
  }

  /** {@code --test-size}. */
  public int testSize() {
    return testSize;
  }

  /** Where the data comes from, for the example's log. */
  public String describeSource() {
    return images == null
        ? "bundled MNIST subset (" + BundledMnist.IMAGES + ")"
        : images + " and " + labels;
  }

  /** All images and labels of the chosen files. */
  public LabeledImages load() throws IOException {
    return images == null ? BundledMnist.load() : Mnist.load(images, labels);
  }

  /**
   * The chosen files, cut into training and test images.
   *
   * @throws ParameterException if the files hold fewer than {@code --train-size} plus {@code
   *     --test-size} images: an option this data cannot honour, reported as a bad command line
   *     (exit code 2), naming the sizes and the count
   */
  public TrainTestSplit loadSplit() throws IOException {
    LabeledImages all = load();
    if ((long) trainSize + testSize > all.count()) {
      String message = String.format(
          "--train-size %d and --test-size %d need %d images, but %s hold%s only %d",
          trainSize, testSize, (long) trainSize + testSize, describeSource(),
          images == null ? "s" : "", all.count());
      if (mixee == null) { // used outside picocli
        throw new IllegalArgumentException(message);
      }
      throw new ParameterException(mixee.commandLine(), message);
    }
    return all.split(trainSize, testSize);
  }
}
