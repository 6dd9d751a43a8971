package dev.adjoint.processortests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated source of representative methods, compared with checked-in golden files in
 * {@code src/test/golden} (kept off the class path, where javac would take them for sources): {@code X.java} is the input, {@code XGrad.java} the expected
 * output. After an intended change to the generated code, run the build with
 * {@code -Dadjoint.updateGolden=true} to rewrite the golden files, and review their diff.
 */
class GoldenSourcesTest {
  private static final Path GOLDEN = Paths.get("src/test/golden");

  @ParameterizedTest
  @ValueSource(strings = {"Square", "StraightLine", "Branches", "LoopWithTape", "Arrays", "Calls", "ThirdOrder", "ForwardLoop"})
  void generatedSourceMatchesGolden(String name) throws IOException {
    String input = Files.readString(GOLDEN.resolve(name + ".java"), StandardCharsets.UTF_8);
    Program p = Program.compile("golden." + name, input);
    String generated = p.generatedSource("golden." + name + "Grad");
    Path expectedFile = GOLDEN.resolve(name + "Grad.java");
    if (Boolean.getBoolean("adjoint.updateGolden")) {
      Files.writeString(expectedFile, generated, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(expectedFile)) {
      fail("no golden file " + expectedFile + "; run with -Dadjoint.updateGolden=true to create it");
    }
    assertEquals(Files.readString(expectedFile, StandardCharsets.UTF_8), generated,
        "generated " + name + "Grad differs from the golden file (update it with -Dadjoint.updateGolden=true if the change is intended)");
  }
}
