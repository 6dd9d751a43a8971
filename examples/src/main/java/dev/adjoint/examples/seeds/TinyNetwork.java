package dev.adjoint.examples.seeds;

import dev.adjoint.Differentiable;
import java.util.Arrays;

/**
 * Seed 000: the cost of a 2-3-1 ReLU network and its gradient with respect to every weight and
 * bias, written with plain arrays and loops; then one step of gradient descent, which lowers the
 * cost. The network computes {@code relu(x · W + b)} layer by layer, as the tutorial does (weights
 * of shape [inputs, outputs]).
 */
public final class TinyNetwork {
  private TinyNetwork() {}

  /** The squared error of the network's output against {@code target}. */
  @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
  static double cost(double[][] w1, double[] b1, double[][] w2, double[] b2, double[] x, double target) {
    double[] hidden = new double[b1.length];
    for (int j = 0; j < b1.length; j++) {
      double z = b1[j];
      for (int i = 0; i < x.length; i++) {
        z += x[i] * w1[i][j];
      }
      hidden[j] = z > 0 ? z : 0;
    }
    double cost = 0;
    for (int k = 0; k < b2.length; k++) {
      double z = b2[k];
      for (int j = 0; j < hidden.length; j++) {
        z += hidden[j] * w2[j][k];
      }
      double output = z > 0 ? z : 0;
      double error = output - target;
      cost += error * error;
    }
    return cost;
  }

  /** The parameters of seed 000, and the gradient of its cost at input (0.3, -0.5), target 1. */
  public static void main(String[] args) {
    double[][] w1 = {{0.1, 0.3, 0.5}, {-0.4, 0.2, 0.8}};
    double[] b1 = {0.1, -0.2, 0.3};
    double[][] w2 = {{0.2}, {0.7}, {-0.5}};
    double[] b2 = {0.2};
    double[] x = {0.3, -0.5};

    TinyNetworkGrad.CostValueAndGrad vg = TinyNetworkGrad.costValueAndGrad(w1, b1, w2, b2, x, 1.0);
    TinyNetworkGrad.CostGradient g = vg.grad();
    System.out.println("cost: " + vg.value());
    System.out.println("d cost / d w1: " + Arrays.deepToString(g.w1()));
    System.out.println("d cost / d b1: " + Arrays.toString(g.b1()));
    System.out.println("d cost / d w2: " + Arrays.deepToString(g.w2()));
    System.out.println("d cost / d b2: " + Arrays.toString(g.b2()));

    double learningRate = 0.1;
    double after = cost(step(w1, g.w1(), learningRate), step(b1, g.b1(), learningRate),
        step(w2, g.w2(), learningRate), step(b2, g.b2(), learningRate), x, 1.0);
    System.out.println("cost after one step of gradient descent: " + after);
  }

  static double[] step(double[] p, double[] g, double learningRate) {
    double[] out = p.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] -= learningRate * g[i];
    }
    return out;
  }

  static double[][] step(double[][] p, double[][] g, double learningRate) {
    double[][] out = new double[p.length][];
    for (int i = 0; i < p.length; i++) {
      out[i] = step(p[i], g[i], learningRate);
    }
    return out;
  }
}
