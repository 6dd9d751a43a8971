package dev.adjoint.examples.progress;

import java.util.Locale;

/** How training progress is shown ({@code --progress}). */
public enum ProgressMode {
  /** {@link #BAR} on an interactive terminal, {@link #PLAIN} otherwise (logs, pipes, CI). */
  AUTO,
  /** A progress bar redrawn in place on standard error. */
  BAR,
  /** Whole ASCII lines every few seconds, without carriage returns or escape codes. */
  PLAIN,
  /** Nothing. */
  OFF;

  /**
   * This mode with {@link #AUTO} decided: a bar only when the JVM has an interactive console and
   * the terminal is not {@code dumb}.
   */
  public ProgressMode resolve() {
    if (this != AUTO) {
      return this;
    }
    boolean interactive =
        System.console() != null && !"dumb".equalsIgnoreCase(System.getenv("TERM"));
    return interactive ? BAR : PLAIN;
  }

  /** The lower-case name the command line takes and the help shows. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
