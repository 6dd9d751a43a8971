package dev.adjoint.examples.seeds;

import dev.adjoint.Differentiable;
import dev.adjoint.examples.cli.CommonOptions;
import dev.adjoint.examples.cli.ExampleCli;
import dev.adjoint.random.RandomArrays;
import dev.adjoint.random.RandomKey;
import dev.adjoint.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Seed 002: a 2-16-1 ReLU network learns the tutorial's two-bit gate (its targets are 1 when the
 * bits agree), one sample at a time with plain gradient descent, the parameters in a record whose
 * gradient comes back as a record of the same type.
 */
@Command(name = "xor", description = "Seed 002: a 2-16-1 ReLU network trained on the four inputs of a two-bit gate.")
public final class Xor implements Callable<Integer> {
  static final float[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  static final float[] TARGETS = {1, 0, 0, 1};

  @Mixin
  CommonOptions common = new CommonOptions(CommonOptions.Defaults.standard().withEpochs(500).withLearningRate(0.01));

  /** The network's parameters: hidden layer (16 × 2, 16), output layer (1 × 16, 1). */
  public record Params(Tensor w1, Tensor b1, Tensor w2, Tensor b2) {}

  /** The network's output (a 1-element tensor) for one input of two bits. */
  static Tensor predict(Params p, Tensor input) {
    Tensor hidden = p.w1().matmul(input).add(p.b1()).relu();
    return p.w2().matmul(hidden).add(p.b2());
  }

  /** The squared error of one prediction. */
  @Differentiable(wrt = "p")
  static double loss(Params p, Tensor input, Tensor target) {
    Tensor hidden = p.w1().matmul(input).add(p.b1()).relu();
    Tensor output = p.w2().matmul(hidden).add(p.b2());
    return output.sub(target).square().mean().item();
  }

  /** The tutorial's initialization: weights and biases 0.01 · normal, from the two halves of the key. */
  static Params initialParams(long seed) {
    RandomKey[] keys = RandomKey.of(seed).split();
    Tensor w1 = Tensor.of(RandomArrays.normal(keys[0], 16, 2), 16, 2).mul(0.01);
    Tensor b1 = Tensor.of(RandomArrays.normal(keys[1], 16), 16).mul(0.01);
    Tensor w2 = Tensor.of(RandomArrays.normal(keys[0], 1, 16), 1, 16).mul(0.01);
    Tensor b2 = Tensor.of(RandomArrays.normal(keys[1], 1), 1).mul(0.01);
    return new Params(w1, b1, w2, b2);
  }

  static Tensor input(int i) {
    return Tensor.of(INPUTS[i], 2);
  }

  static Tensor target(int i) {
    return Tensor.scalar(TARGETS[i]);
  }

  /** One step of gradient descent on one sample. */
  static Params update(Params p, Tensor input, Tensor target, double stepSize) {
    Params g = XorGrad.lossGrad(p, input, target);
    return new Params(p.w1().sub(g.w1().mul(stepSize)), p.b1().sub(g.b1().mul(stepSize)),
        p.w2().sub(g.w2().mul(stepSize)), p.b2().sub(g.b2().mul(stepSize)));
  }

  /** Trains for {@code epochs}; returns the mean loss of each epoch (each sample's loss after its update). */
  static List<Double> train(Params[] params, int epochs, double stepSize) {
    List<Double> losses = new ArrayList<>();
    for (int epoch = 0; epoch < epochs; epoch++) {
      double total = 0;
      for (int i = 0; i < INPUTS.length; i++) {
        params[0] = update(params[0], input(i), target(i), stepSize);
        total += loss(params[0], input(i), target(i));
      }
      losses.add(total / INPUTS.length);
    }
    return losses;
  }

  @Override
  public Integer call() {
    Params[] params = {initialParams(common.seed())};
    for (int i = 0; i < INPUTS.length; i++) {
      System.out.printf("untrained: %s -> %s%n", input(i), predict(params[0], input(i)).item());
    }
    List<Double> losses = train(params, common.epochs(), common.learningRate());
    for (int epoch = 0; epoch < losses.size(); epoch += 10) {
      System.out.printf("Epoch #%d, loss = %s%n", epoch, losses.get(epoch));
    }
    int correct = 0;
    for (int i = 0; i < INPUTS.length; i++) {
      double out = predict(params[0], input(i)).item();
      int predicted = out < 0.5 ? 0 : 1;
      correct += predicted == (int) TARGETS[i] ? 1 : 0;
      System.out.printf("%s -> %.4f: class %d (target %d)%n", input(i), out, predicted, (int) TARGETS[i]);
    }
    System.out.printf("%d of %d inputs classified correctly (threshold 0.5)%n", correct, INPUTS.length);
    return 0;
  }

  public static void main(String[] args) {
    System.exit(ExampleCli.execute(new Xor(), args));
  }
}
