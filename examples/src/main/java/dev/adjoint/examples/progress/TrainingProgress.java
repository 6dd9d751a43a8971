package dev.adjoint.examples.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows how far a training run is, with the latest loss, on a progress bar from
 * me.tongfei:progressbar.
 *
 * <pre>{@code
 * try (TrainingProgress progress =
 *     TrainingProgress.start("epoch 3/10", stepsPerEpoch, options.progress())) {
 *   for (...) {
 *     double loss = ...;
 *     progress.step(loss);
 *   }
 * }
 * }</pre>
 *
 * <p>Output depends on the {@link ProgressMode}. A {@code BAR} is redrawn in place (carriage
 * returns, and cursor movement where the terminal has it): right for a person at a terminal,
 * garbage in a log file. So {@code AUTO} draws the bar only when the JVM has an interactive
 * console, and otherwise behaves as {@code PLAIN}: the same information as whole ASCII lines,
 * printed at most every few seconds and once at the end, with no carriage returns or escape
 * codes. In plain mode the terminal is never probed, so JLine (which progressbar uses to measure
 * the terminal) does not print its warning about falling back to a dumb terminal. {@code OFF}
 * prints nothing.
 *
 * <p>progressbar redraws from a daemon thread of its own (one shared by all bars); {@link
 * #close()} stops it and prints the final state.
 */
public final class TrainingProgress implements AutoCloseable {

  /** How often plain mode prints a line when the caller does not say. */
  public static final Duration DEFAULT_PLAIN_INTERVAL = Duration.ofSeconds(10);

  /** Width of a plain line; fixed, since a log has no terminal width. */
  static final int PLAIN_LINE_WIDTH = 100;

  private static final int BAR_REFRESH_MILLIS = 200;

  /** {@code null} in mode OFF. */
  private final ProgressBar bar;

  private TrainingProgress(ProgressBar bar) {
    this.bar = bar;
  }

  /**
   * Starts showing progress on standard error, for {@code totalSteps} steps.
   *
   * @param task what is running, shown before the bar ("epoch 3/10")
   */
  public static TrainingProgress start(String task, long totalSteps, ProgressMode mode) {
    return start(task, totalSteps, mode, System.err, DEFAULT_PLAIN_INTERVAL);
  }

  /**
   * Starts showing progress on {@code out}.
   *
   * @param plainInterval in plain mode, the least time between two printed lines
   * @throws IllegalArgumentException if {@code totalSteps} is negative or the interval is not
   *     positive
   */
  public static TrainingProgress start(
      String task, long totalSteps, ProgressMode mode, PrintStream out, Duration plainInterval) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(out, "out");
    if (totalSteps < 0) {
      throw new IllegalArgumentException(
          "TrainingProgress '" + task + "': total steps must not be negative, got " + totalSteps);
    }
    if (plainInterval.isNegative() || plainInterval.isZero()) {
      throw new IllegalArgumentException(
          "TrainingProgress '" + task + "': plain interval must be positive, got " + plainInterval);
    }
    ProgressBarBuilder builder =
        new ProgressBarBuilder().setTaskName(task).setInitialMax(totalSteps);
    switch (mode.resolve()) {
      case OFF -> {
        return new TrainingProgress(null);
      }
      case BAR -> builder
          .setConsumer(new ConsoleProgressBarConsumer(out))
          .setUpdateIntervalMillis(BAR_REFRESH_MILLIS);
      default -> builder
          .setStyle(ProgressBarStyle.ASCII)
          .setConsumer(
              new DelegatingProgressBarConsumer(new PlainLines(out)::print, PLAIN_LINE_WIDTH))
          .setUpdateIntervalMillis((int) Math.min(Integer.MAX_VALUE, plainInterval.toMillis()));
    }
    return new TrainingProgress(builder.build());
  }

  /** One more step done, whose loss was {@code loss}. */
  public void step(double loss) {
    if (bar != null) {
      bar.setExtraMessage(formatLoss(loss));
      bar.step();
    }
  }

  /** Steps done so far (0 in mode OFF). */
  public long current() {
    return bar == null ? 0 : bar.getCurrent();
  }

  /** Prints the final state and stops redrawing. */
  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }

  /** "loss 0.01234", four significant digits, the same in every locale. */
  static String formatLoss(double loss) {
    return String.format(Locale.ROOT, "loss %.4g", loss);
  }

  /** Prints each rendered state as its own line, skipping repeats of the previous line. */
  private static final class PlainLines {
    private final PrintStream out;
    private String last = "";

    PlainLines(PrintStream out) {
      this.out = out;
    }

    synchronized void print(String rendered) {
      String line = rendered.strip();
      if (!line.isEmpty() && !line.equals(last)) {
        out.println(line);
        out.flush();
        last = line;
      }
    }
  }
}
