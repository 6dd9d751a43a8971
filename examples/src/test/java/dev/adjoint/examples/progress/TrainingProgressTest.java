package dev.adjoint.examples.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingProgressTest {

  /** Long enough that only the first redraw and the final one on close print. */
  private static final Duration HOUR = Duration.ofHours(1);

  private static String run(ProgressMode mode, int steps) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (TrainingProgress progress = TrainingProgress.start("epoch 2/5", steps, mode, out, HOUR)) {
      for (int i = 1; i <= steps; i++) {
        progress.step(1.0 / (i * i));
        assertEquals(mode == ProgressMode.OFF ? 0 : i, progress.current());
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void plainModeWritesWholeAsciiLinesEndingInTheFinalState() {
    String output = run(ProgressMode.PLAIN, 10);
    assertFalse(output.contains("\r"), "carriage return in plain output: " + output);
    assertFalse(output.contains("\u001b"), "escape code in plain output: " + output);
    assertTrue(output.chars().allMatch(c -> c == '\n' || (c >= 32 && c < 127)), output);
    List<String> lines = output.lines().toList();
    assertTrue(lines.size() >= 1 && lines.size() <= 2, "expected at most 2 lines: " + output);
    String last = lines.get(lines.size() - 1);
    assertTrue(last.startsWith("epoch 2/5"), last);
    assertTrue(last.contains("100%"), last);
    assertTrue(last.contains("10/10"), last);
    assertTrue(last.endsWith("loss 0.01000"), last);
    for (String line : lines) {
      assertTrue(line.length() <= TrainingProgress.PLAIN_LINE_WIDTH, line);
    }
  }

  @Test
  void barModeRedrawsInPlace() {
    String output = run(ProgressMode.BAR, 4);
    assertTrue(output.contains("\r"), output);
    assertTrue(output.contains("4/4"), output);
    assertTrue(output.contains("loss 0.06250"), output);
  }

  @Test
  void offPrintsNothing() {
    assertEquals("", run(ProgressMode.OFF, 5));
  }

  @Test
  void autoIsPlainWithoutAnInteractiveConsole() {
    assumeTrue(System.console() == null, "this JVM has a console");
    assertEquals(ProgressMode.PLAIN, ProgressMode.AUTO.resolve());
    for (ProgressMode fixed : List.of(ProgressMode.BAR, ProgressMode.PLAIN, ProgressMode.OFF)) {
      assertEquals(fixed, fixed.resolve());
    }
  }

  @Test
  void lossFormatIgnoresTheLocale() {
    java.util.Locale saved = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.GERMANY);
      assertEquals("loss 0.5000", TrainingProgress.formatLoss(0.5));
      assertEquals("loss 1.235e-07", TrainingProgress.formatLoss(1.23456e-7));
    } finally {
      java.util.Locale.setDefault(saved);
    }
  }

  @Test
  void rejectsNegativeTotals() {
    assertThrows(
        IllegalArgumentException.class,
        () -> TrainingProgress.start("t", -1, ProgressMode.PLAIN, System.err, HOUR));
    assertThrows(
        IllegalArgumentException.class,
        () -> TrainingProgress.start("t", 1, ProgressMode.PLAIN, System.err, Duration.ZERO));
  }
}
