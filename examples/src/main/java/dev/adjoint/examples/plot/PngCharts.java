package dev.adjoint.examples.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.Styler.YAxisPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes the examples' charts as PNG files with XChart, without a display: the loss curve of a
 * training run on a log axis, a fitted function against the truth, and loss and accuracy per
 * epoch.
 *
 * <p>Each file is written whole or not at all (drawn to a temporary file beside it, then moved),
 * and its parent folders are created. Loading this class sets {@code java.awt.headless=true} unless
 * the property is already set, so that charts can be drawn on machines without a display (CI,
 * servers); a program that opens windows sets the property itself first.
 */
public final class PngCharts {

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Series colors in order: blue, orange, green, red, purple, brown (matplotlib's first six). */
  public static final List<Color> PALETTE =
      List.of(
          new Color(0x1f77b4),
          new Color(0xff7f0e),
          new Color(0x2ca02c),
          new Color(0xd62728),
          new Color(0x9467bd),
          new Color(0x8c564b));

  /** Default image width in pixels. */
  public static final int DEFAULT_WIDTH = 800;

  /** Default image height in pixels. */
  public static final int DEFAULT_HEIGHT = 500;

  private final int width;
  private final int height;

  /** Charts of {@value #DEFAULT_WIDTH} by {@value #DEFAULT_HEIGHT} pixels. */
  public PngCharts() {
    this(DEFAULT_WIDTH, DEFAULT_HEIGHT);
  }

  /** Charts of the given size in pixels (at least 100 by 100, so that axes and legend fit). */
  public PngCharts(int width, int height) {
    if (width < 100 || height < 100) {
      throw new IllegalArgumentException(
          "PngCharts: charts need at least 100x100 pixels, got " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
  }

  /**
   * The loss of each training step, on a logarithmic y axis (losses fall by orders of magnitude):
   * step {@code i} at x = {@code i}.
   *
   * @throws IllegalArgumentException if there are no losses or one is not positive and finite (a
   *     log axis cannot show it; a NaN usually means the training diverged)
   * @return {@code file}
   */
  public Path lossCurve(Path file, String title, double[] losses) throws IOException {
    for (int i = 0; i < losses.length; i++) {
      if (!(losses[i] > 0) || Double.isInfinite(losses[i])) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "lossCurve '%s': a log axis needs positive finite losses, but loss[%d] is %s",
                title,
                i,
                losses[i]));
      }
    }
    double[] steps = new double[losses.length];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = i;
    }
    XYChart chart = newChart(title, "training step", "loss");
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendVisible(false);
    useRoundTicks(chart, 0, losses.length - 1);
    add(chart, Series.line("loss", steps, losses), 0);
    return write(chart, file);
  }

  /**
   * Several series on common axes: a fitted function against the truth, with the training samples
   * as points, say. Series are colored in {@link #PALETTE} order.
   *
   * @throws IllegalArgumentException if {@code series} is empty, longer than the palette, or two
   *     series share a name
   * @return {@code file}
   */
  public Path xyChart(Path file, String title, String xAxisTitle, String yAxisTitle,
      List<Series> series) throws IOException {
    requireSeries("xyChart '" + title + "'", series);
    XYChart chart = newChart(title, xAxisTitle, yAxisTitle);
    // continuous axes: short tick labels (XChart prints every digit of a computed tick otherwise)
    chart.getStyler().setXAxisDecimalPattern("0.##");
    chart.getStyler().setYAxisDecimalPattern("0.##");
    for (int i = 0; i < series.size(); i++) {
      add(chart, series.get(i), i);
    }
    return write(chart, file);
  }

  /**
   * Loss (left axis) and accuracy (right axis, 0 to 1) per epoch: typically the training loss and
   * the training and test accuracies, each made with {@link Series#perEpoch}. Loss series take
   * the first colors of {@link #PALETTE}, accuracy series the next ones.
   *
   * @throws IllegalArgumentException if either list is empty, an accuracy is outside [0, 1], or
   *     names repeat
   * @return {@code file}
   */
  public Path epochMetrics(Path file, String title, List<Series> losses, List<Series> accuracies)
      throws IOException {
    String what = "epochMetrics '" + title + "'";
    if (losses.isEmpty() || accuracies.isEmpty()) {
      throw new IllegalArgumentException(what + ": needs at least one loss and one accuracy series");
    }
    List<Series> all = new java.util.ArrayList<>(losses);
    all.addAll(accuracies);
    requireSeries(what, all);
    for (Series s : accuracies) {
      for (double a : s.y()) {
        if (a < 0 || a > 1) {
          throw new IllegalArgumentException(
              what + ": accuracy series '" + s.name() + "' has " + a + ", outside [0, 1]");
        }
      }
    }
    XYChart chart = newChart(title, "epoch", "loss");
    chart.setYAxisGroupTitle(0, "loss");
    chart.setYAxisGroupTitle(1, "accuracy");
    chart.getStyler().setYAxisGroupPosition(1, YAxisPosition.Right);
    chart.getStyler().setYAxisMin(1, 0.0);
    chart.getStyler().setYAxisMax(1, 1.0);
    int epochs = all.stream().mapToInt(series -> series.x().length).max().orElse(1);
    useRoundTicks(chart, 1, epochs);
    for (int i = 0; i < all.size(); i++) {
      XYSeries added = add(chart, all.get(i), i);
      added.setYAxisGroup(i < losses.size() ? 0 : 1);
    }
    return write(chart, file);
  }

  private XYChart newChart(String title, String xAxisTitle, String yAxisTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(title)
            .xAxisTitle(xAxisTitle)
            .yAxisTitle(yAxisTitle)
            .build();
    // below the plot, where it can never hide a curve
    chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(LegendLayout.Horizontal);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setMarkerSize(5);
    return chart;
  }

  /**
   * XChart labels an x axis of equally spaced integers with every k-th value, packed as tightly as
   * the labels allow, which crowds the axis of a long run. Ending the axis half a step past the
   * last value takes it off that grid, and XChart then picks round steps (0, 50, 100, ...). Short
   * axes keep a label per value.
   */
  private static void useRoundTicks(XYChart chart, int first, int last) {
    if (last - first > 20) {
      chart.getStyler().setXAxisMin((double) first);
      chart.getStyler().setXAxisMax(last + 0.5);
    }
  }

  private static XYSeries add(XYChart chart, Series series, int index) {
    XYSeries added = chart.addSeries(series.name(), series.x(), series.y());
    Color color = PALETTE.get(index);
    if (series.style() == Series.Style.POINTS) {
      added.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
      added.setMarker(SeriesMarkers.CIRCLE);
      added.setMarkerColor(color);
    } else {
      added.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
      added.setMarker(SeriesMarkers.NONE);
      added.setLineColor(color);
      added.setLineWidth(2f);
    }
    return added;
  }

  private static void requireSeries(String what, List<Series> series) {
    if (series.isEmpty() || series.size() > PALETTE.size()) {
      throw new IllegalArgumentException(
          what + ": needs 1 to " + PALETTE.size() + " series, got " + series.size());
    }
    long distinct = series.stream().map(Series::name).distinct().count();
    if (distinct != series.size()) {
      throw new IllegalArgumentException(what + ": series names must differ");
    }
  }

  private static Path write(XYChart chart, Path file) throws IOException {
    BufferedImage image = BitmapEncoder.getBufferedImage(chart);
    Path folder = file.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Path temporary = Files.createTempFile(folder, file.getFileName().toString(), ".part");
    try {
      if (!ImageIO.write(image, "png", temporary.toFile())) {
        throw new IOException("no PNG writer available to write " + file);
      }
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
    return file;
  }
}
