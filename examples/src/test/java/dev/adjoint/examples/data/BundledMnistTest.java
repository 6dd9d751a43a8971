package dev.adjoint.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.data.IdxFile;
import dev.adjoint.data.IdxType;
import dev.adjoint.data.LabeledImages;
import dev.adjoint.data.Mnist;
import dev.adjoint.data.TrainTestSplit;
import dev.adjoint.examples.cli.MnistOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The bundled MNIST subset, read through the class path and through files. The expected values
 * were computed from the same two files with an independent reader (Python's gzip module and
 * plain byte arithmetic): label counts, the first and last labels, pixel sums of single images.
 */
class BundledMnistTest {

  private static LabeledImages all;

  @BeforeAll
  static void load() throws IOException {
    all = BundledMnist.load();
  }

  @Test
  void shapeAndLabelCounts() {
    assertEquals(10_000, all.count());
    assertEquals(28, all.height());
    assertEquals(28, all.width());
    assertEquals(784, all.pixelsPerImage());
    int[] counts = new int[10];
    for (int label : all.labels()) {
      counts[label]++;
    }
    assertArrayEquals(
        new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, counts);
  }

  @Test
  void firstAndLastExamples() {
    assertArrayEquals(
        new int[] {1, 9, 4, 1, 6, 6, 5, 4, 4, 5},
        java.util.Arrays.copyOf(all.labels(), 10));
    assertEquals(8, all.label(9998));
    assertEquals(9, all.label(9999));
    float[] first = all.image(0);
    assertEquals(10459 / 255.0, sum(first), 1e-3);
    assertEquals(65, nonZero(first));
    assertEquals(51 / 255f, first[130]);
    assertEquals(24573 / 255.0, sum(all.image(9999)), 1e-3);
    float max = 0;
    for (float p : all.pixels()) {
      assertTrue(p >= 0 && p <= 1);
      max = Math.max(max, p);
    }
    assertEquals(1f, max);
  }

  @Test
  void defaultSplitIsFirst8000AndLast2000() {
    TrainTestSplit split = all.split();
    assertEquals(8000, split.train().count());
    assertEquals(2000, split.test().count());
    assertEquals(6, split.train().label(7999));
    assertEquals(4, split.test().label(0));
    assertEquals(25616 / 255.0, sum(split.test().image(0)), 1e-3);
    assertArrayEquals(all.image(8000), split.test().image(0));
  }

  @Test
  void filesGiveTheSameDataAsResources(@TempDir Path dir) throws IOException {
    Path images = copy(BundledMnist.IMAGES, dir.resolve("images.gz"));
    Path labels = copy(BundledMnist.LABELS, dir.resolve("labels.gz"));
    IdxFile header = IdxFile.read(images);
    assertEquals(IdxType.UNSIGNED_BYTE, header.type());
    assertArrayEquals(new int[] {10_000, 28, 28}, header.dims());
    LabeledImages fromFiles = Mnist.load(images, labels);
    assertArrayEquals(all.pixels(), fromFiles.pixels());
    assertArrayEquals(all.labels(), fromFiles.labels());
  }

  @Test
  void commandLineChoosesFilesOrTheBundledSet(@TempDir Path dir) throws IOException {
    MnistOptions bundled = parse();
    assertTrue(bundled.describeSource().contains("bundled"));
    assertEquals(8000, bundled.loadSplit().train().count());

    Path images = copy(BundledMnist.IMAGES, dir.resolve("i.gz"));
    Path labels = copy(BundledMnist.LABELS, dir.resolve("l.gz"));
    MnistOptions files =
        parse("--images", images.toString(), "--labels", labels.toString(),
            "--train-size", "9000", "--test-size", "1000");
    TrainTestSplit split = files.loadSplit();
    assertEquals(9000, split.train().count());
    assertEquals(1000, split.test().count());
    assertArrayEquals(all.image(9000), split.test().image(0));
  }

  private static MnistOptions parse(String... args) {
    MnistOptions options = new MnistOptions();
    CommandLine cli = new CommandLine(new Holder(options));
    cli.parseArgs(args);
    options.validate();
    return options;
  }

  @CommandLine.Command(name = "holder")
  static final class Holder {
    @CommandLine.Mixin final MnistOptions options;

    Holder(MnistOptions options) {
      this.options = options;
    }
  }

  private static Path copy(String resource, Path target) throws IOException {
    try (InputStream in = BundledMnist.class.getResourceAsStream(resource)) {
      Files.copy(in, target);
    }
    return target;
  }

  private static double sum(float[] values) {
    double s = 0;
    for (float v : values) {
      s += v;
    }
    return s;
  }

  private static int nonZero(float[] values) {
    int n = 0;
    for (float v : values) {
      if (v != 0) {
        n++;
      }
    }
    return n;
  }
}
