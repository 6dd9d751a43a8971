package dev.adjoint.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.data.TrainTestSplit;
import dev.adjoint.examples.data.BundledMnist;
import dev.adjoint.random.RandomArrays;
import dev.adjoint.random.RandomKey;
import dev.adjoint.random.RandomTensors;
import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Device;
import dev.adjoint.tensor.Tensor;
import dev.adjoint.tree.Trees;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The MNIST example's loss, its generated gradient and a short training run. The command line
 * (IDX files, devices, the chart) is {@link MnistCommandTest}'s.
 */
class MnistMlpTest {

  /** float64 parameters of a pixels-hidden-classes network, every entry random (biases too). */
  private static MnistMlp.Params randomParams64(RandomKey key, int pixels, int hidden, int classes) {
    RandomKey[] k = key.split(4);
    return new MnistMlp.Params(
        RandomTensors.normal(k[0], DType.FLOAT64, hidden, pixels),
        RandomTensors.normal(k[1], DType.FLOAT64, hidden),
        RandomTensors.normal(k[2], DType.FLOAT64, classes, hidden),
        RandomTensors.normal(k[3], DType.FLOAT64, classes));
  }

  @Test
  void lossOfAllZeroParametersIsLogOfTheClassCount() {
    // zero logits: every class has probability 1/10, whatever the images and labels
    MnistMlp.Params zero = new MnistMlp.Params(
        Tensor.zeros(DType.FLOAT64, 5, 7), Tensor.zeros(DType.FLOAT64, 5),
        Tensor.zeros(DType.FLOAT64, 10, 5), Tensor.zeros(DType.FLOAT64, 10));
    Tensor images = RandomTensors.normal(RandomKey.of(1), DType.FLOAT64, 3, 7);
    assertEquals(Math.log(10), MnistMlp.loss(zero, images, new int[] {0, 9, 4}), 1e-15);
  }

  @Test
  void lossIsTheMeanNegativeLogProbabilityOfTheLabels() {
    // one hidden unit with weight 1 passes pixel 0 through the ReLU; the output layer makes the
    // logits (0, h, 2h) for 3 classes, so each row's loss is log(1 + e^h + e^2h) - label * h
    MnistMlp.Params p = new MnistMlp.Params(
        Tensor.of(new double[] {1, 0}, DType.FLOAT64, 1, 2), Tensor.zeros(DType.FLOAT64, 1),
        Tensor.of(new double[] {0, 1, 2}, DType.FLOAT64, 3, 1), Tensor.zeros(DType.FLOAT64, 3));
    Tensor images = Tensor.of(new double[] {0.5, 9, 2, -4}, DType.FLOAT64, 2, 2);
    int[] labels = {2, 0};
    double expected = 0;
    double[] h = {0.5, 2};
    for (int i = 0; i < 2; i++) {
      expected += Math.log(1 + Math.exp(h[i]) + Math.exp(2 * h[i])) - labels[i] * h[i];
    }
    assertEquals(expected / 2, MnistMlp.loss(p, images, labels), 1e-14);
  }

  @Test
  void lossIsTheCrossEntropyOfTheLogits() {
    // -mean log softmax(logits)[label], from the logits that accuracy() also uses
    RandomKey[] keys = RandomKey.of(5).split(3);
    MnistMlp.Params params = randomParams64(keys[0], 6, 4, 3);
    Tensor images = RandomTensors.normal(keys[1], DType.FLOAT64, 5, 6);
    int[] labels = RandomArrays.randint(keys[2], new int[] {5}, 0, 3);
    double[][] logProbabilities = MnistMlp.logits(params, images).logSoftmax(1).toDoubleMatrix();
    double expected = 0;
    for (int i = 0; i < labels.length; i++) {
      expected -= logProbabilities[i][labels[i]] / labels.length;
    }
    assertEquals(expected, MnistMlp.loss(params, images, labels), 1e-14);
  }

  /**
   * Every entry of the generated gradient against a float64 central difference of the loss
   * itself, on a 7-5-10 network and a batch of 4 (step 1e-6; relative error below 1e-6).
   */
  @Test
  void generatedGradientMatchesCentralDifferences() {
    RandomKey[] keys = RandomKey.of(2026).split(3);
    MnistMlp.Params params = randomParams64(keys[0], 7, 5, 10);
    Tensor images = RandomTensors.uniform(keys[1], new int[] {4, 7}, 0, 1, DType.FLOAT64);
    int[] labels = RandomArrays.randint(keys[2], new int[] {4}, 0, 10);

    MnistMlpGrad.LossValueAndGrad vg = MnistMlpGrad.lossValueAndGrad(params, images, labels);
    assertEquals(MnistMlp.loss(params, images, labels), vg.value(), 1e-15);

    Tensor[] leaves = Trees.leaves(params);
    Tensor[] gradLeaves = Trees.leaves(vg.grad());
    assertEquals(4, gradLeaves.length);
    double h = 1e-6;
    int checked = 0;
    for (int leaf = 0; leaf < leaves.length; leaf++) {
      double[] g = gradLeaves[leaf].toDoubleArray();
      assertEquals(DType.FLOAT64, gradLeaves[leaf].dtype());
      for (int i = 0; i < g.length; i++) {
        double up = MnistMlp.loss(perturbed(params, leaves, leaf, i, h), images, labels);
        double down = MnistMlp.loss(perturbed(params, leaves, leaf, i, -h), images, labels);
        double numeric = (up - down) / (2 * h);
        assertEquals(numeric, g[i], 1e-6 * Math.max(1, Math.abs(numeric)),
            "leaf " + leaf + " (w1, b1, w2, b2) entry " + i);
        checked++;
      }
    }
    assertEquals(5 * 7 + 5 + 10 * 5 + 10, checked);
  }

  private static MnistMlp.Params perturbed(MnistMlp.Params params, Tensor[] leaves, int leaf, int index, double delta) {
    Tensor[] copy = leaves.clone();
    double[] values = leaves[leaf].toDoubleArray();
    values[index] += delta;
    copy[leaf] = Tensor.of(values, DType.FLOAT64, leaves[leaf].shape());
    return Trees.unflatten(params, copy);
  }

  /**
   * Two epochs on the first 2,000 bundled digits, tested on the last 1,000 (chance: 10%): at least
   * 85% accuracy, and the test loss falls from epoch to epoch. About a second on two cores.
   */
  @Test
  void shortRunOnBundledDigitsLearns() throws IOException {
    TrainTestSplit split = BundledMnist.load().split(2_000, 1_000);
    MnistMlp.Settings settings = new MnistMlp.Settings(0, 128, 2, 64, 3e-3);
    int[] epochsSeen = {0};
    MnistMlp.Trained trained = MnistMlp.train(settings, split, Device.CPU, (epoch, history) -> epochsSeen[0]++);

    MnistMlp.History h = trained.history();
    assertEquals(2, epochsSeen[0]);
    assertTrue(h.testAccuracy()[1] >= 0.85, "test accuracy " + h.testAccuracy()[1]);
    assertTrue(h.testLoss()[1] < h.testLoss()[0], "test loss " + h.testLoss()[0] + " then " + h.testLoss()[1]);
    assertTrue(h.trainLoss()[0] < Math.log(10), "first epoch's mean loss " + h.trainLoss()[0]);
    // the recorded accuracy is the final parameters' accuracy
    assertEquals(h.testAccuracy()[1],
        MnistMlp.accuracy(trained.params(), MnistMlp.Samples.of(split.test(), Device.CPU)));
  }

  @Test
  void sameSeedSameRun() throws IOException {
    TrainTestSplit split = BundledMnist.load().split(300, 100);
    MnistMlp.Settings settings = new MnistMlp.Settings(7, 16, 1, 50, 3e-3);
    MnistMlp.Trained a = MnistMlp.train(settings, split, Device.CPU, (epoch, history) -> {});
    MnistMlp.Trained b = MnistMlp.train(settings, split, Device.CPU, (epoch, history) -> {});
    assertEquals(a.history().trainLoss()[0], b.history().trainLoss()[0]);
    assertTrue(java.util.Arrays.equals(a.params().w1().toFloatArray(), b.params().w1().toFloatArray()));
  }

  @Test
  void registeredAsMnist() {
    assertInstanceOf(MnistMlp.class, Examples.all().get("mnist").get());
  }
}
