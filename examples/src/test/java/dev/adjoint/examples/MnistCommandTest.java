package dev.adjoint.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.examples.cli.ExampleCli;
import dev.adjoint.examples.cli.GpuProbe;
import dev.adjoint.examples.plot.PngCharts;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code mnist} command: IDX files from the command line, {@code --device}, the chart. */
class MnistCommandTest {

  @TempDir Path folder;

  /** Runs the command as {@link ExampleCli#execute} does, keeping what it prints. */
  private static final class Run {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final int exitCode;

    Run(MnistMlp command, String... args) {
      CommandLine cli = ExampleCli.commandLine(command);
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      exitCode = cli.execute(args);
    }

    Run(String... args) {
      this(new MnistMlp(), args);
    }
  }

  private static final GpuProbe NO_GPU = () -> GpuProbe.Status.unavailable("no GPU in this test");

  /**
   * 200 images of 8x8 (not MNIST's 28x28) in 10 classes: class k lights pixels 6k to 6k+5 and
   * every image has a faint background of its own; images gzip-compressed, labels plain.
   */
  private void writeStripeDigits(Path images, Path labels) throws IOException {
    int count = 200;
    int side = 8;
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(images)))) {
      out.writeInt(0x00000803); // unsigned bytes, 3 dimensions
      out.writeInt(count);
      out.writeInt(side);
      out.writeInt(side);
      for (int i = 0; i < count; i++) {
        int label = i % 10;
        for (int pixel = 0; pixel < side * side; pixel++) {
          boolean stripe = pixel >= 6 * label && pixel < 6 * label + 6;
          out.writeByte(stripe ? 255 : (i * 31 + pixel * 17) % 60);
        }
      }
    }
    try (OutputStream raw = Files.newOutputStream(labels);
        DataOutputStream out = new DataOutputStream(raw)) {
      out.writeInt(0x00000801); // unsigned bytes, 1 dimension
      out.writeInt(count);
      for (int i = 0; i < count; i++) {
        out.writeByte(i % 10);
      }
    }
  }

  @Test
  void trainsOnIdxFilesFromTheCommandLineAndWritesTheChart() throws IOException {
    Path images = folder.resolve("stripes-images.idx3-ubyte.gz");
    Path labels = folder.resolve("stripes-labels.idx1-ubyte");
    writeStripeDigits(images, labels);
    Path output = folder.resolve("out");

    MnistMlp command = new MnistMlp();
    command.gpuProbe = NO_GPU;
    Run run = new Run(command, "--images", images.toString(), "--labels", labels.toString(),
        "--train-size", "150", "--test-size", "50", "--epochs", "5", "--hidden", "32",
        "--batch-size", "10", "--lr", "1e-2", "--progress", "off", "--output", output.toString());

    String out = run.out.toString();
    assertEquals(0, run.exitCode, run.err + out);
    assertTrue(out.contains("data: " + images + " and " + labels
        + ": 150 training and 50 test images of 8x8, 10 classes"), out);
    assertTrue(out.contains("network 64-32-10 (ReLU)"), out);
    assertTrue(out.contains("device: cpu (--device=auto found no GPU: no GPU in this test)"), out);
    for (int epoch = 1; epoch <= 5; epoch++) {
      assertTrue(out.contains(String.format(Locale.ROOT, "epoch %2d/5  train loss ", epoch)), out);
    }
    // the stripes are separable: the final accuracy must be high (chance: 10%)
    Matcher accuracy = Pattern.compile("test accuracy ([0-9.]+)% after 5 epochs").matcher(out);
    assertTrue(accuracy.find(), out);
    assertTrue(Double.parseDouble(accuracy.group(1)) >= 90, out);

    Path chart = output.resolve(MnistMlp.CHART_FILE);
    assertTrue(out.contains("wrote " + chart.toAbsolutePath()), out);
    BufferedImage image = ImageIO.read(chart.toFile());
    assertEquals(PngCharts.DEFAULT_WIDTH, image.getWidth());
    assertEquals(PngCharts.DEFAULT_HEIGHT, image.getHeight());
  }

  @Test
  void tooFewImagesInTheFilesIsAnError() throws IOException {
    Path images = folder.resolve("images");
    Path labels = folder.resolve("labels");
    writeStripeDigits(images, labels);
    MnistMlp command = new MnistMlp();
    command.gpuProbe = NO_GPU;
    Run run = new Run(command, "--images", images.toString(), "--labels", labels.toString(),
        "--progress", "off", "--output", folder.toString()); // default split wants 10,000
    assertEquals(2, run.exitCode);
    assertTrue(run.err.toString().startsWith("--train-size 8000 and --test-size 2000 need 10000 images,"
        + " but " + images + " and " + labels + " hold only 200"), run.err.toString());
  }

  @Test
  void gpuWithoutOneIsAClearErrorWithExitCode2() {
    MnistMlp command = new MnistMlp();
    command.gpuProbe = NO_GPU;
    Run run = new Run(command, "--device=gpu", "--output", folder.toString());
    assertEquals(2, run.exitCode);
    String err = run.err.toString();
    assertTrue(err.startsWith("--device=gpu, but no GPU can be used: no GPU in this test."), err);
    assertTrue(err.contains("--device=cpu"), err);
    assertEquals("", run.out.toString(), "nothing ran");
  }

  @Test
  void gpuWithoutOneThroughTheRuntimesOwnProbe() {
    Assumptions.assumeFalse(GpuProbe.cuda().probe().isAvailable(), "this machine has a GPU");
    Run run = new Run("--device=GPU", "--output", folder.toString());
    assertEquals(2, run.exitCode);
    String err = run.err.toString();
    assertTrue(err.startsWith("--device=gpu, but no GPU can be used: "), err);
    assertTrue(err.contains("cuda:0"), err);
  }

  @Test
  void hiddenLayerMustBePositive() {
    Run run = new Run("--hidden=0", "--device=cpu", "--output", folder.toString());
    assertEquals(2, run.exitCode);
    assertTrue(run.err.toString().startsWith("--hidden must be positive, got 0"), run.err.toString());
    assertFalse(Files.exists(folder.resolve(MnistMlp.CHART_FILE)));
  }

  @Test
  void helpListsTheOptions() {
    Run run = new Run("--help");
    assertEquals(0, run.exitCode);
    String help = run.out.toString();
    for (String option : new String[] {"--images", "--labels", "--train-size", "--test-size",
        "--hidden", "--device", "--epochs", "--learning-rate"}) {
      assertTrue(help.contains(option), option + " in\n" + help);
    }
    assertTrue(help.contains("Default: 10."), help); // epochs
  }
}
