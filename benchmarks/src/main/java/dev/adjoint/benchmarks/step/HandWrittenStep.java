package dev.adjoint.benchmarks.step;

import dev.adjoint.backend.cpu.FastTanh;
import dev.adjoint.examples.CurveFit;
import dev.adjoint.optim.Optimizers;
import dev.adjoint.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The seed-003 training step (1-H1-H2-1 tanh network, squared error over the batch / batch size,
 * Adam) written by hand on float arrays, as a careful Java programmer who knows what C2 (JDK 17)
 * vectorizes would write it: one array per parameter leaf, and one per row of W1 (weights [out,
 * in], as the tensors hold them); activations batch-major; all buffers allocated once. C2
 * vectorizes a loop only when it stores to one array and indexes every array by the bare loop
 * variable (a flat array read at two offsets stays scalar), so the matrix products are row updates
 * over separate row arrays ({@link RowLoops}), with the operands' rows copied out of the flat
 * activations where needed. The output layer's 20-term dot products are the one scalar part.
 * tanh is the runtime's {@link FastTanh}, the one {@code Tensor.tanh()} uses, so both sides of the
 * benchmark compute the same function; its derivative reuses the forward result.
 */
public final class HandWrittenStep {
  private final int batch;
  private final int h1;
  private final int h2;

  /** The leaves: w0 [h1] (W0 is [h1, 1]), b0 [h1], W1's h2 rows [h1] each, b1 [h2], w2 [h2] (W2 is [1, h2]), b2 [1]. */
  private final float[][] initial;
  private final float[][] params;
  private final float[][] grads;
  private final FlatAdam adam;

  private final float[] a0; // [batch * h1]: tanh(x W0^T + b0)
  private final float[][] a0Rows; // the same, one array per example
  private final float[][] w1t; // W1 transposed, [h1][h2], so that layer 1 is row updates
  private final float[] a1; // [batch * h2]: tanh(a0 W1^T + b1)
  private final float[] dOut; // [batch]: d loss / d output
  private final float[] dz1; // [batch * h2]
  private final float[] row0; // scratch, [h1]
  private final float[] row1; // scratch, [h2]

  /** Starts from {@code start}, which must be a 1-H1-H2-1 network; Adam with optax's defaults. */
  public HandWrittenStep(CurveFit.Mlp start, int batch, double learningRate) {
    int[] w0Shape = start.weights().get(0).shape();
    int[] w1Shape = start.weights().get(1).shape();
    if (start.weights().size() != 3 || w0Shape[1] != 1 || start.weights().get(2).shape()[0] != 1) {
      throw new IllegalArgumentException("expected a 1-H1-H2-1 network");
    }
    this.batch = batch;
    this.h1 = w0Shape[0];
    this.h2 = w1Shape[0];
    this.initial = leaves(start);
    this.params = copy(initial);
    this.grads = copy(initial);
    this.adam = new FlatAdam(initial, learningRate, Optimizers.ADAM_B1, Optimizers.ADAM_B2, Optimizers.ADAM_EPS);
    this.a0 = new float[batch * h1];
    this.a0Rows = new float[batch][h1];
    this.w1t = new float[h1][h2];
    this.a1 = new float[batch * h2];
    this.dOut = new float[batch];
    this.dz1 = new float[batch * h2];
    this.row0 = new float[h1];
    this.row1 = new float[h2];
  }

  /** Back to the starting parameters and a fresh Adam state. */
  public void reset() {
    for (int i = 0; i < params.length; i++) {
      System.arraycopy(initial[i], 0, params[i], 0, params[i].length);
    }
    adam.reset();
  }

  /**
   * One training step on the batch {@code x} (one input per example) with targets {@code y}:
   * returns the loss before the update, and leaves the updated parameters in place.
   */
  public double step(float[] x, float[] y) {
    double loss = forward(x, y);
    backward(x);
    adam.step(params, grads);
    return loss;
  }

  private float[] w0() {
    return params[0];
  }

  private float[] b0() {
    return params[1];
  }

  private float[] b1() {
    return params[2 + h2];
  }

  private float[] w2() {
    return params[3 + h2];
  }

  /** The activations, the output's adjoint, and the loss. */
  private double forward(float[] x, float[] y) {
    // layer 0 has one input: an outer product plus the bias
    float[] w0 = w0();
    float[] b0 = b0();
    for (int n = 0; n < batch; n++) {
      float xn = x[n];
      for (int j = 0; j < h1; j++) {
        row0[j] = xn * w0[j] + b0[j];
      }
      System.arraycopy(row0, 0, a0, n * h1, h1);
    }
    FastTanh.tanh(a0, a0, 0, a0.length);
    for (int n = 0; n < batch; n++) {
      System.arraycopy(a0, n * h1, a0Rows[n], 0, h1);
    }

    for (int k = 0; k < h2; k++) {
      float[] w1k = params[2 + k];
      for (int j = 0; j < h1; j++) {
        w1t[j][k] = w1k[j];
      }
    }
    float[] b1 = b1();
    for (int n = 0; n < batch; n++) {
      System.arraycopy(b1, 0, row1, 0, h2);
      RowLoops.addRows(a0, n * h1, 1, w1t, row1, h2);
      System.arraycopy(row1, 0, a1, n * h2, h2);
    }
    FastTanh.tanh(a1, a1, 0, a1.length);

    // the output layer: one dot product per example; loss = sum (out - y)^2 / batch
    float[] w2 = w2();
    float bias = params[4 + h2][0];
    float sum = 0f;
    float scale = (float) (1.0 / batch);
    for (int n = 0; n < batch; n++) {
      int in = n * h2;
      float dot = 0f;
      for (int k = 0; k < h2; k++) {
        dot += a1[in + k] * w2[k];
      }
      float diff = (dot + bias) - y[n];
      sum += diff * diff;
      dOut[n] = 2f * diff * scale;
    }
    return (double) sum / batch;
  }

  /** The gradient of the loss into {@code grads}, from the activations forward left. */
  private void backward(float[] x) {
    for (float[] g : grads) {
      Arrays.fill(g, 0f);
    }
    float[] w2 = w2();
    float[] gw2 = grads[3 + h2];
    float[] gb1 = grads[2 + h2];
    // output layer, and back through the second tanh: dz1 = dOut W2 (1 - a1^2); gb1 = sum dz1
    for (int n = 0; n < batch; n++) {
      float d = dOut[n];
      System.arraycopy(a1, n * h2, row1, 0, h2);
      for (int k = 0; k < h2; k++) {
        gw2[k] += d * row1[k];
      }
      for (int k = 0; k < h2; k++) {
        row1[k] = d * w2[k] * (1f - row1[k] * row1[k]);
      }
      for (int k = 0; k < h2; k++) {
        gb1[k] += row1[k];
      }
      System.arraycopy(row1, 0, dz1, n * h2, h2);
      grads[4 + h2][0] += d;
    }
    // layer 1: dW1[k, :] = sum_n dz1[n, k] a0[n, :]
    for (int k = 0; k < h2; k++) {
      RowLoops.addRows(dz1, k, h2, a0Rows, grads[2 + k], h1);
    }
    // back to layer 0: dz0[n, :] = (sum_k dz1[n, k] W1[k, :]) (1 - a0[n, :]^2); then its grads
    float[][] w1 = Arrays.copyOfRange(params, 2, 2 + h2);
    float[] gw0 = grads[0];
    float[] gb0 = grads[1];
    for (int n = 0; n < batch; n++) {
      Arrays.fill(row0, 0f);
      RowLoops.addRows(dz1, n * h2, 1, w1, row0, h1);
      float[] a = a0Rows[n];
      for (int j = 0; j < h1; j++) {
        row0[j] *= 1f - a[j] * a[j];
      }
      float xn = x[n];
      for (int j = 0; j < h1; j++) {
        gw0[j] += xn * row0[j];
      }
      for (int j = 0; j < h1; j++) {
        gb0[j] += row0[j];
      }
    }
  }

  /** The current parameters as the demo's record (a copy). */
  public CurveFit.Mlp params() {
    float[] w1 = new float[h2 * h1];
    for (int k = 0; k < h2; k++) {
      System.arraycopy(params[2 + k], 0, w1, k * h1, h1);
    }
    return new CurveFit.Mlp(
        List.of(Tensor.of(params[0], h1, 1), Tensor.of(w1, h2, h1), Tensor.of(w2(), 1, h2)),
        List.of(Tensor.of(params[1], h1), Tensor.of(b1(), h2), Tensor.of(params[4 + h2], 1)));
  }

  /** The leaves of {@code p} in this class's order (copies). */
  private float[][] leaves(CurveFit.Mlp p) {
    float[][] out = new float[5 + h2][];
    out[0] = p.weights().get(0).toFloatArray();
    out[1] = p.biases().get(0).toFloatArray();
    float[] w1 = p.weights().get(1).toFloatArray();
    for (int k = 0; k < h2; k++) {
      out[2 + k] = Arrays.copyOfRange(w1, k * h1, (k + 1) * h1);
    }
    out[2 + h2] = p.biases().get(1).toFloatArray();
    out[3 + h2] = p.weights().get(2).toFloatArray();
    out[4 + h2] = p.biases().get(2).toFloatArray();
    return out;
  }

  private static float[][] copy(float[][] arrays) {
    float[][] out = new float[arrays.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = arrays[i].clone();
    }
    return out;
  }
}
