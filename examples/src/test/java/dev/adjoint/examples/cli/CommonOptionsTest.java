package dev.adjoint.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.examples.progress.ProgressMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class CommonOptionsTest {

  /** An example program as the real ones are written: its own defaults, both mixins. */
  @Command(name = "curve-fit", description = "Fits a network to a curve.")
  static final class CurveFit implements Callable<Integer> {
    @Mixin
    CommonOptions common =
        new CommonOptions(
            CommonOptions.Defaults.standard().withEpochs(2000).withLearningRate(0.01).withSeed(45));

    @Mixin MnistOptions data;

    int runs;

    @Override
    public Integer call() {
      runs++;
      return 0;
    }
  }

  /** Runs the command as {@link ExampleCli#execute} does, keeping what it prints. */
  private static final class Run {
    final CurveFit command = new CurveFit();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final int exitCode;

    Run(String... args) {
      CommandLine cli = ExampleCli.commandLine(command);
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      exitCode = cli.execute(args);
    }
  }

  @Test
  void defaultsComeFromTheExample() {
    Run run = new Run();
    assertEquals(0, run.exitCode, run.err.toString());
    assertEquals(1, run.command.runs);
    CommonOptions o = run.command.common;
    assertEquals(45, o.seed());
    assertEquals(2000, o.epochs());
    assertEquals(0.01, o.learningRate());
    assertEquals(32, o.batchSize());
    assertEquals(Path.of("example-output"), o.output());
    assertEquals(DeviceChoice.AUTO, o.device());
    assertEquals(ProgressMode.AUTO, o.progress());
    assertNull(run.command.data.images());
    assertEquals(8000, run.command.data.trainSize());
    assertEquals(2000, run.command.data.testSize());
  }

  @Test
  void parsesEveryOption() {
    Run run =
        new Run(
            "--seed", "7", "--epochs", "3", "--learning-rate", "1e-4", "--batch-size", "16",
            "--output", "runs/a", "--device", "GPU", "--progress", "plain",
            "--train-size", "100", "--test-size", "50");
    assertEquals(0, run.exitCode, run.err.toString());
    CommonOptions o = run.command.common;
    assertEquals(7, o.seed());
    assertEquals(3, o.epochs());
    assertEquals(1e-4, o.learningRate());
    assertEquals(16, o.batchSize());
    assertEquals(Path.of("runs/a"), o.output());
    assertEquals(DeviceChoice.GPU, o.device());
    assertEquals(ProgressMode.PLAIN, o.progress());
    assertEquals(100, run.command.data.trainSize());
    assertEquals(50, run.command.data.testSize());
  }

  @Test
  void shortNamesAndLowerCaseValues() {
    Run run = new Run("--lr", "0.5", "-o", "x", "--device", "cpu");
    assertEquals(0, run.exitCode, run.err.toString());
    assertEquals(0.5, run.command.common.learningRate());
    assertEquals(Path.of("x"), run.command.common.output());
    assertEquals(DeviceChoice.CPU, run.command.common.device());
  }

  @Test
  void helpListsOptionsWithTheExamplesDefaults() {
    for (String flag : new String[] {"--help", "-h"}) {
      Run run = new Run(flag);
      assertEquals(0, run.exitCode);
      assertEquals(0, run.command.runs, "help must not run the example");
      String help = run.out.toString().replaceAll("\\s+", " "); // ignore line wrapping
      assertTrue(help.startsWith("Usage: curve-fit"), help);
      assertTrue(help.contains("Fits a network to a curve."), help);
      for (String option :
          new String[] {
            "--seed=N", "--epochs=N", "--learning-rate=RATE", "--batch-size=N", "--output=DIR",
            "--device=DEVICE", "--progress=MODE", "--images=FILE", "--labels=FILE",
            "--train-size=N", "--test-size=N"
          }) {
        assertTrue(help.contains(option), option + " missing from:\n" + help);
      }
      assertTrue(help.contains("Default: 2000."), help);
      assertTrue(help.contains("Default: 0.01."), help);
      assertTrue(help.contains("Default: 45."), help);
      assertTrue(help.contains("cpu, gpu, auto"), help);
      assertTrue(help.contains("auto, bar, plain, off"), help);
      assertTrue(help.contains("Default: 8000."), help);
    }
  }

  private static void assertRejected(String expectedMessage, String... args) {
    Run run = new Run(args);
    assertEquals(2, run.exitCode);
    assertEquals(0, run.command.runs, "a bad command line must not run the example");
    String err = run.err.toString();
    assertTrue(err.contains(expectedMessage), "expected '" + expectedMessage + "' in:\n" + err);
    assertTrue(err.contains("Usage: curve-fit"), err);
  }

  @Test
  void rejectsUnusableValues() {
    assertRejected("--epochs must be positive, got 0", "--epochs", "0");
    assertRejected("--batch-size must be positive, got -3", "--batch-size", "-3");
    assertRejected("--learning-rate must be positive and finite, got NaN", "--lr", "NaN");
    assertRejected("'tpu'", "--device", "tpu");
    assertRejected("Invalid value for option '--epochs'", "--epochs", "many");
    assertRejected("--images and --labels go together", "--images", "a.idx");
    assertRejected("--train-size and --test-size must be positive", "--test-size", "0");
  }

  @Test
  void suggestsNamesForUnknownOptions() {
    Run run = new Run("--epoch", "3");
    assertEquals(2, run.exitCode);
    assertEquals(0, run.command.runs);
    assertTrue(run.err.toString().contains("Unknown options: '--epoch'"), run.err.toString());
    assertTrue(run.err.toString().contains("Possible solutions: --epochs"), run.err.toString());
  }

  @Test
  void defaultsAreCheckedToo() {
    try {
      CommonOptions.Defaults.standard().withBatchSize(0);
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("batch size 0"), e.getMessage());
      return;
    }
    throw new AssertionError("a zero batch size was accepted as a default");
  }

  @Test
  void outputFileCreatesTheFolder(@TempDir Path dir) throws IOException {
    Path output = dir.resolve("a/b");
    Run run = new Run("--output", output.toString());
    assertFalse(Files.exists(output));
    Path file = run.command.common.outputFile("loss.png");
    assertEquals(output.resolve("loss.png"), file);
    assertTrue(Files.isDirectory(output));
  }
}
