package dev.adjoint.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The debug-NaNs mode is fixed when the JVM starts (a static final read once), so it is tested in
 * a child JVM with {@code -Dadjoint.debugNans=true}.
 */
class DebugNansTest {

  /** Runs in the child JVM: log of a negative number must throw, naming {@code log}. */
  public static void main(String[] args) {
    Tensor ok = Tensor.of(new float[] {1, 2}).log(); // finite: no complaint
    try {
      Tensor.of(new float[] {1, -1}, 2).log();
      System.out.println("no exception");
    } catch (NonFiniteValueException e) {
      System.out.println(e.operation() + "|" + e.getMessage() + "|" + ok.size());
    }
  }

  @Test
  void offByDefault() {
    assertTrue(Double.isNaN(Tensor.of(new float[] {-1}).log().item()));
  }

  @Test
  void whenOnEveryOperationChecksItsResult() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Dadjoint.debugNans=true", "-cp", System.getProperty("java.class.path"),
        DebugNansTest.class.getName()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertEquals(0, p.waitFor(), out);
    assertEquals("log|log: result of shape [2] contains NaN or infinity (input shapes [2]) [adjoint.debugNans is on]|2", out);
  }
}
