package dev.adjoint.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngChartsTest {

  @TempDir Path dir;

  private static BufferedImage open(Path file) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    assertNotNull(image, "ImageIO could not decode " + file);
    return image;
  }

  /** Pixels within a small distance of {@code color} (antialiasing blends the edges of lines). */
  private static int pixelsNear(BufferedImage image, Color color) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        Color c = new Color(image.getRGB(x, y));
        int d =
            Math.abs(c.getRed() - color.getRed())
                + Math.abs(c.getGreen() - color.getGreen())
                + Math.abs(c.getBlue() - color.getBlue());
        if (d <= 24) {
          count++;
        }
      }
    }
    return count;
  }

  private static void assertDrawn(BufferedImage image, int seriesIndex) {
    int n = pixelsNear(image, PngCharts.PALETTE.get(seriesIndex));
    assertTrue(n > 100, "series " + seriesIndex + " drew only " + n + " pixels");
  }

  private static double[] range(int n, double from, double to) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = from + (to - from) * i / (n - 1);
    }
    return v;
  }

  @Test
  void headlessUnlessTheProgramSaidOtherwise() {
    new PngCharts();
    assertEquals("true", System.getProperty("java.awt.headless"));
  }

  @Test
  void lossCurveOnLogAxis() throws IOException {
    double[] losses = new double[300];
    for (int i = 0; i < losses.length; i++) {
      losses[i] = 10 * Math.exp(-i / 30.0) + 1e-3;
    }
    Path file = new PngCharts(640, 400).lossCurve(dir.resolve("sub/loss.png"), "Loss", losses);
    assertEquals(dir.resolve("sub/loss.png"), file);
    BufferedImage image = open(file);
    assertEquals(640, image.getWidth());
    assertEquals(400, image.getHeight());
    assertDrawn(image, 0);
    assertNoLeftoverFiles(file.getParent());
  }

  @Test
  void xyChartDrawsEverySeries() throws IOException {
    double[] x = range(200, -4, 4);
    double[] truth = new double[x.length];
    double[] fit = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      truth[i] = Math.exp(-x[i] * x[i]) * Math.sin(5 * x[i]);
      fit[i] = truth[i] + 0.1 * Math.cos(3 * x[i]);
    }
    double[] sx = {-3, -2, -1, 0, 1, 2, 3};
    double[] sy = {0, 0.1, -0.3, 0, 0.3, -0.1, 0};
    Path file =
        new PngCharts()
            .xyChart(
                dir.resolve("fit.png"),
                "Network vs true function",
                "x",
                "F(x)",
                List.of(
                    Series.line("network", x, fit),
                    Series.line("true function", x, truth),
                    Series.points("samples", sx, sy)));
    BufferedImage image = open(file);
    assertEquals(PngCharts.DEFAULT_WIDTH, image.getWidth());
    assertEquals(PngCharts.DEFAULT_HEIGHT, image.getHeight());
    assertDrawn(image, 0);
    assertDrawn(image, 1);
    assertDrawn(image, 2);
  }

  @Test
  void epochMetricsOnTwoAxes() throws IOException {
    double[] loss = {2.3, 0.9, 0.5, 0.4, 0.35, 0.3};
    double[] train = {0.3, 0.7, 0.85, 0.9, 0.92, 0.93};
    double[] test = {0.28, 0.68, 0.82, 0.87, 0.88, 0.9};
    Path file =
        new PngCharts()
            .epochMetrics(
                dir.resolve("metrics.png"),
                "MNIST",
                List.of(Series.perEpoch("training loss", loss)),
                List.of(
                    Series.perEpoch("training accuracy", train),
                    Series.perEpoch("test accuracy", test)));
    BufferedImage image = open(file);
    assertEquals(PngCharts.DEFAULT_WIDTH, image.getWidth());
    assertDrawn(image, 0);
    assertDrawn(image, 1);
    assertDrawn(image, 2);
  }

  @Test
  void longRunsStillDraw() throws IOException {
    double[] loss = new double[60];
    double[] accuracy = new double[60];
    for (int i = 0; i < 60; i++) {
      loss[i] = 2.0 / (i + 1);
      accuracy[i] = 1 - 0.7 / (i + 1);
    }
    Path file =
        new PngCharts()
            .epochMetrics(dir.resolve("long.png"), "60 epochs",
                List.of(Series.perEpoch("loss", loss)),
                List.of(Series.perEpoch("accuracy", accuracy)));
    BufferedImage image = open(file);
    assertDrawn(image, 0);
    assertDrawn(image, 1);
  }

  @Test
  void anEmptyLookingChartWouldFailTheCheck() throws IOException {
    // guards the test itself: a chart of one series has none of the second color
    Path file =
        new PngCharts()
            .xyChart(dir.resolve("one.png"), "one", "x", "y",
                List.of(Series.line("a", range(50, 0, 1), range(50, 0, 1))));
    assertEquals(0, pixelsNear(open(file), PngCharts.PALETTE.get(1)));
  }

  @Test
  void rejectsWhatCannotBeDrawnWithoutWritingAFile() {
    PngCharts charts = new PngCharts();
    Path file = dir.resolve("bad.png");
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class,
            () -> charts.lossCurve(file, "L", new double[] {1, 0.5, 0}));
    assertTrue(zero.getMessage().contains("loss[2] is 0.0"), zero.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> charts.lossCurve(file, "L", new double[] {1, Double.NaN}));
    assertThrows(
        IllegalArgumentException.class,
        () -> Series.line("s", new double[] {1, 2}, new double[] {1}));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            charts.epochMetrics(
                file,
                "m",
                List.of(Series.perEpoch("loss", new double[] {1})),
                List.of(Series.perEpoch("accuracy", new double[] {97}))));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            charts.xyChart(file, "t", "x", "y",
                List.of(Series.perEpoch("same", new double[] {1}),
                    Series.perEpoch("same", new double[] {2}))));
    assertThrows(IllegalArgumentException.class, () -> new PngCharts(10, 400));
    assertFalse(Files.exists(file));
  }

  private static void assertNoLeftoverFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      assertEquals(List.of("loss.png"),
          files.map(p -> p.getFileName().toString()).toList());
    }
  }
}
