package dev.adjoint.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.adjoint.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The choice between the plain and the Vector-API matmul, in child JVMs started with and without
 * {@code --add-modules jdk.incubator.vector} and {@code -Dadjoint.cpu.vectorApi=false}: which one
 * runs, and that without the module no class of the incubator, and none of ours that uses it, is
 * ever loaded (so none can fail to link).
 */
class VectorApiSelectionTest {

  /** Our classes that refer to the incubator module (names as a regular expression). */
  private static final String USERS =
      "VectorTiles|PackedPanels|VectorBlockedMatmul|VectorSmallMatmul|VectorFloatProducts|VectorTanh";

  /** Child JVM entry point: a small and a large product and a tanh through the tensor API, then the choice. */
  public static void main(String[] args) {
    Tensor small = Tensor.ones(32, 30).matmul(Tensor.ones(30, 20));
    Tensor large = Tensor.ones(300, 200).matmulTransposeB(Tensor.ones(100, 200));
    Tensor tanh = Tensor.ones(32, 30).tanh();
    boolean right = small.get(3, 4) == 30 && large.get(299, 99) == 200 && tanh.get(31, 29) == FastTanh.tanh(1f);
    System.out.println("choice " + FloatProducts.select().getClass().getSimpleName() + " " + right);
  }

  @Test
  void withoutTheModuleNothingOfItIsLoaded() throws Exception {
    List<String> out = run();
    assertTrue(out.contains("choice PlainFloatProducts true"), String.join("\n", out));
    List<String> vectorClasses = out.stream()
        .filter(l -> l.contains("jdk.incubator.vector") || l.matches(".*\\.cpu\\.(" + USERS + ")[ $].*"))
        .collect(Collectors.toList());
    assertEquals(List.of(), vectorClasses);
  }

  @Test
  void theModuleTurnsItOn() throws Exception {
    assumeTrue(MicroKernel.hardwareFma());
    List<String> out = run("--add-modules", "jdk.incubator.vector");
    assertTrue(out.contains("choice VectorFloatProducts true"), String.join("\n", out));
  }

  @Test
  void thePropertyTurnsItOff() throws Exception {
    List<String> out = run("--add-modules", "jdk.incubator.vector", "-D" + VectorApi.PROPERTY + "=false");
    assertTrue(out.contains("choice PlainFloatProducts true"), String.join("\n", out));
  }

  private static List<String> run(String... options) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(options));
    command.addAll(List.of("-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"),
        VectorApiSelectionTest.class.getName()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new String(p.getInputStream().readAllBytes()).lines().collect(Collectors.toList());
    assertEquals(0, p.waitFor(), String.join("\n", lines));
    return lines;
  }
}
