package dev.adjoint.examples.plot;

import java.util.Objects;

/**
 * One named series of points for {@link PngCharts}: x and y values of the same length, drawn as a
 * line or as separate points. The arrays are copied in and out.
 */
public record Series(String name, double[] x, double[] y, Style style) {

  /** How a series is drawn. */
  public enum Style {
    /** Points joined by a line, no markers: a curve, a loss history. */
    LINE,
    /** Markers only: data samples. */
    POINTS
  }

  /**
   * Checks and copies the data.
   *
   * @throws IllegalArgumentException if the arrays differ in length, are empty, or hold a value
   *     that is not finite
   */
  public Series {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(style, "style");
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "series '" + name + "': " + x.length + " x values but " + y.length + " y values");
    }
    if (x.length == 0) {
      throw new IllegalArgumentException("series '" + name + "' has no points");
    }
    requireFinite(name, "x", x);
    requireFinite(name, "y", y);
    x = x.clone();
    y = y.clone();
  }

  /** A curve through the points {@code (x[i], y[i])}. */
  public static Series line(String name, double[] x, double[] y) {
    return new Series(name, x, y, Style.LINE);
  }

  /** Markers at the points {@code (x[i], y[i])}. */
  public static Series points(String name, double[] x, double[] y) {
    return new Series(name, x, y, Style.POINTS);
  }

  /** A curve through {@code (1, y[0]), (2, y[1]), ...}: one value per epoch. */
  public static Series perEpoch(String name, double[] y) {
    double[] epochs = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      epochs[i] = i + 1;
    }
    return new Series(name, epochs, y, Style.LINE);
  }

  /** The x values; a fresh copy. */
  @Override
  public double[] x() {
    return x.clone();
  }

  /** The y values; a fresh copy. */
  @Override
  public double[] y() {
    return y.clone();
  }

  private static void requireFinite(String name, String axis, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "series '" + name + "': " + axis + "[" + i + "] is " + values[i] + ", not finite");
      }
    }
  }
}
