package dev.adjoint.benchmarks.step;

import dev.adjoint.backend.cpu.FastTanh;
import dev.adjoint.examples.CurveFit;
import dev.adjoint.optim.Optimizers;
import dev.adjoint.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The seed-003 training step (1-H1-H2-1 tanh network, squared error over the batch / batch size,
 * Adam) written by hand on float arrays, as a careful Java programmer would: every parameter in
 * one flat array (weights [out, in] row-major, as the tensors hold them), activations batch-major,
 * all buffers allocated once. Every inner loop runs over contiguous memory with the same index
 * on each array and no reduction, so that C2 vectorizes it; the one exception is the last layer's
 * 20-term dot product per example. tanh is the runtime's {@link FastTanh}, the one {@code
 * Tensor.tanh()} uses, so both sides of the benchmark compute the same function.
 */
public final class HandWrittenStep {
  private final int batch;
  private final int h1;
  private final int h2;
  // offsets of each leaf in the flat parameter (and gradient) array
  private final int w0;
  private final int b0;
  private final int w1;
  private final int b1;
  private final int w2;
  private final int b2;

  private final float[] initial;
  private final float[] params;
  private final float[] grads;
  private final FlatAdam adam;

  private final float[] a0; // [batch, h1]: tanh(x W0^T + b0)
  private final float[] a1; // [batch, h2]: tanh(a0 W1^T + b1)
  private final float[] w1t; // W1 transposed, [h1, h2], so that layer 1 is a row update per input
  private final float[] dOut; // [batch]: d loss / d output
  private final float[] dz1; // [batch, h2]
  private final float[] dz0; // [batch, h1]

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
    this.w0 = 0;
    this.b0 = w0 + h1;
    this.w1 = b0 + h1;
    this.b1 = w1 + h2 * h1;
    this.w2 = b1 + h2;
    this.b2 = w2 + h2;
    int size = b2 + 1;
    this.initial = flatten(start, size);
    this.params = initial.clone();
    this.grads = new float[size];
    this.adam = new FlatAdam(size, learningRate, Optimizers.ADAM_B1, Optimizers.ADAM_B2, Optimizers.ADAM_EPS);
    this.a0 = new float[batch * h1];
    this.a1 = new float[batch * h2];
    this.w1t = new float[h1 * h2];
    this.dOut = new float[batch];
    this.dz1 = new float[batch * h2];
    this.dz0 = new float[batch * h1];
  }

  /** Back to the starting parameters and a fresh Adam state. */
  public void reset() {
    System.arraycopy(initial, 0, params, 0, params.length);
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

  /** The activations, the output's adjoint, and the loss. */
  private double forward(float[] x, float[] y) {
    // layer 0 has one input: an outer product plus the bias
    for (int n = 0; n < batch; n++) {
      float xn = x[n];
      int row = n * h1;
      for (int j = 0; j < h1; j++) {
        a0[row + j] = xn * params[w0 + j] + params[b0 + j];
      }
    }
    FastTanh.tanh(a0, a0, 0, a0.length);

    for (int k = 0; k < h2; k++) {
      for (int j = 0; j < h1; j++) {
        w1t[j * h2 + k] = params[w1 + k * h1 + j];
      }
    }
    Arrays.fill(a1, 0f);
    for (int n = 0; n < batch; n++) {
      int in = n * h1;
      int out = n * h2;
      for (int j = 0; j < h1; j++) {
        float a = a0[in + j];
        int wt = j * h2;
        for (int k = 0; k < h2; k++) {
          a1[out + k] += a * w1t[wt + k];
        }
      }
      for (int k = 0; k < h2; k++) {
        a1[out + k] += params[b1 + k];
      }
    }
    FastTanh.tanh(a1, a1, 0, a1.length);

    // the output layer: one dot product per example; loss = sum (out - y)^2 / batch
    float sum = 0f;
    float scale = (float) (1.0 / batch);
    for (int n = 0; n < batch; n++) {
      int in = n * h2;
      float dot = 0f;
      for (int k = 0; k < h2; k++) {
        dot += a1[in + k] * params[w2 + k];
      }
      float diff = (dot + params[b2]) - y[n];
      sum += diff * diff;
      dOut[n] = 2f * diff * scale;
    }
    return (double) sum / batch;
  }

  /** The gradient of the loss into {@code grads}, from the activations forward left. */
  private void backward(float[] x) {
    Arrays.fill(grads, 0f);
    // output layer, and back through the second tanh: dz1 = dOut W2 (1 - a1^2)
    for (int n = 0; n < batch; n++) {
      float d = dOut[n];
      int row = n * h2;
      for (int k = 0; k < h2; k++) {
        float a = a1[row + k];
        grads[w2 + k] += d * a;
        dz1[row + k] = d * params[w2 + k] * (1f - a * a);
      }
      grads[b2] += d;
    }
    // layer 1: dW1[k, :] += dz1[n, k] a0[n, :]; da0[n, :] = sum_k dz1[n, k] W1[k, :]
    Arrays.fill(dz0, 0f);
    for (int n = 0; n < batch; n++) {
      int in = n * h1;
      int row = n * h2;
      for (int k = 0; k < h2; k++) {
        float s = dz1[row + k];
        int wk = w1 + k * h1;
        for (int j = 0; j < h1; j++) {
          grads[wk + j] += s * a0[in + j];
          dz0[in + j] += s * params[wk + j];
        }
      }
      for (int k = 0; k < h2; k++) {
        grads[b1 + k] += dz1[row + k];
      }
    }
    // back through the first tanh, then layer 0 (one input)
    for (int n = 0; n < batch; n++) {
      float xn = x[n];
      int row = n * h1;
      for (int j = 0; j < h1; j++) {
        float a = a0[row + j];
        float dz = dz0[row + j] * (1f - a * a);
        grads[w0 + j] += dz * xn;
        grads[b0 + j] += dz;
      }
    }
  }

  /** The current parameters as the demo's record (a copy). */
  public CurveFit.Mlp params() {
    return new CurveFit.Mlp(
        List.of(leaf(w0, h1, 1), leaf(w1, h2, h1), leaf(w2, 1, h2)),
        List.of(leaf(b0, h1), leaf(b1, h2), leaf(b2, 1)));
  }

  private Tensor leaf(int offset, int... shape) {
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    return Tensor.of(Arrays.copyOfRange(params, offset, offset + size), shape);
  }

  private float[] flatten(CurveFit.Mlp p, int size) {
    float[] flat = new float[size];
    int[] weightOffsets = {w0, w1, w2};
    int[] biasOffsets = {b0, b1, b2};
    for (int i = 0; i < 3; i++) {
      float[] w = p.weights().get(i).toFloatArray();
      System.arraycopy(w, 0, flat, weightOffsets[i], w.length);
      float[] b = p.biases().get(i).toFloatArray();
      System.arraycopy(b, 0, flat, biasOffsets[i], b.length);
    }
    return flat;
  }
}
