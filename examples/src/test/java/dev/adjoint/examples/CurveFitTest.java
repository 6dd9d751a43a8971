package dev.adjoint.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.random.RandomKey;
import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 003, the flagship demo: the tutorial's one printed number (the untrained network at 1.5),
 * the generated gradient against float64 central differences, training, and the demo's output.
 */
class CurveFitTest {
  @Test
  void untrainedNetworkAtOnePointFiveIsTheSeeds() {
    // the tutorial's first look: subkey, key = split(key(45)); NN_init_params(subkey, ...)
    CurveFit.Mlp params = CurveFit.initialize(RandomKey.of(45).split()[0], CurveFit.LAYERS);
    double out = CurveFit.network(params, Tensor.of(new float[] {1.5f}, 1, 1)).item();
    assertEquals(-0.5805124, out, 1e-6, "the seed prints Array([-0.5805124], dtype=float32)");
  }

  @Test
  void generatedGradientMatchesCentralDifferencesInFloat64() {
    CurveFit.Mlp params = toFloat64(CurveFit.initialize(RandomKey.of(7), CurveFit.LAYERS));
    Tensor x = Tensor.linspace(-2.5, 2.5, 9, DType.FLOAT64).reshape(9, 1);
    Tensor y = x.mul(1.7).tanh();
    CurveFit.Mlp grad = CurveFitGrad.lossGrad(params, x, y);
    double h = 1e-6;
    for (int layer = 0; layer < 3; layer++) {
      for (boolean weight : new boolean[] {true, false}) {
        Tensor g = weight ? grad.weights().get(layer) : grad.biases().get(layer);
        Tensor p = weight ? params.weights().get(layer) : params.biases().get(layer);
        for (int k = 0; k < p.size(); k += Math.max(1, p.size() / 5)) {
          int element = k;
          double up = CurveFit.loss(perturb(params, layer, weight, element, h), x, y);
          double down = CurveFit.loss(perturb(params, layer, weight, element, -h), x, y);
          double expected = (up - down) / (2 * h);
          assertEquals(expected, g.toDoubleArray()[element], 1e-7 * Math.max(1, Math.abs(expected)),
              (weight ? "weights" : "biases") + "[" + layer + "] element " + element);
        }
      }
    }
  }

  @Test
  void trainingDrivesTheLossDownMoreThanTenfold() {
    CurveFit.Trained trained = CurveFit.train(45, 1500, 32, 1e-2, 3.0, null);
    double[] losses = trained.losses();
    double first = CurveFit.mean(losses, 0, 10);
    double last = CurveFit.mean(losses, losses.length - 100, losses.length);
    assertTrue(first / last > 10, "loss went from " + first + " to " + last);
    // the fit, inside the training range, against the true function
    Tensor q = Tensor.linspace(-2.5, 2.5, 101).reshape(101, 1);
    double worst = 0;
    float[] fitted = CurveFit.network(trained.params(), q).toFloatArray();
    float[] truth = CurveFit.target(q).toFloatArray();
    for (int i = 0; i < fitted.length; i++) {
      worst = Math.max(worst, Math.abs(fitted[i] - truth[i]));
    }
    assertTrue(worst < 0.15, "largest deviation on [-2.5, 2.5]: " + worst);
  }

  @Test
  void demoWritesBothChartsAndNamesTheGeneratedSource(@TempDir Path out) throws Exception {
    String printed = runQuietly("curve-fit", "--epochs", "200", "--progress", "off", "-o", out.toString());
    for (String name : List.of("curve-fit-loss.png", "curve-fit.png")) {
      Path file = out.resolve(name);
      assertTrue(Files.size(file) > 1000, name + " is written");
      BufferedImage image = ImageIO.read(file.toFile());
      assertNotNull(image, name + " decodes");
      assertEquals(800, image.getWidth(), name);
      assertEquals(500, image.getHeight(), name);
    }
    assertTrue(printed.contains("CurveFitGrad.java"), printed);
  }

  @Test
  void launcherListsExamplesAndRejectsUnknownOnes() throws Exception {
    assertEquals(0, Examples.run("--list"));
    assertEquals(2, Examples.run("no-such-example"));
  }

  @Test
  void everyExampleAnswersHelpAndOptionlessOnesRefuseOptions() {
    for (String name : Examples.all().keySet()) {
      String usage = runQuietly(name, "--help");
      assertTrue(usage.contains("Usage:") && usage.contains(name), name + " --help printed: " + usage);
    }
    assertEquals(2, Examples.run("tiny-network", "--epochs=3"));
  }

  private static String runQuietly(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, Examples.run(args));
    } finally {
      System.setOut(saved);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static CurveFit.Mlp toFloat64(CurveFit.Mlp p) {
    UnaryOperator<Tensor> f64 = t -> t.astype(DType.FLOAT64);
    return new CurveFit.Mlp(p.weights().stream().map(f64).toList(), p.biases().stream().map(f64).toList());
  }

  private static CurveFit.Mlp perturb(CurveFit.Mlp p, int layer, boolean weight, int element, double delta) {
    List<Tensor> weights = new ArrayList<>(p.weights());
    List<Tensor> biases = new ArrayList<>(p.biases());
    List<Tensor> target = weight ? weights : biases;
    Tensor t = target.get(layer);
    double[] values = t.toDoubleArray();
    values[element] += delta;
    target.set(layer, Tensor.of(values, DType.FLOAT64, t.shape()));
    return new CurveFit.Mlp(weights, biases);
  }
}
