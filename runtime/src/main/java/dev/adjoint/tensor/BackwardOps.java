package dev.adjoint.tensor;

import dev.adjoint.backend.Storage;
import dev.adjoint.backend.UnaryOp;
import java.util.Arrays;

/**
 * Fused backward kernels that the derivative rules in {@code dev.adjoint.rules.TensorRules} call,
 * so that the backward pass of, say, {@code tanh} is one loop over memory instead of four
 * temporary tensors. Each has derivative rules of its own (written with ordinary tensor
 * operations), so second and higher derivatives go through them too. They are public for the
 * generated code and for users who write rules for their own functions.
 */
public final class BackwardOps {
  private BackwardOps() {}

  /** {@code g * (1 - tanh(x)^2)}. */
  public static Tensor tanhBackward(Tensor x, Tensor g) {
    return unaryBackward("tanhBackward", UnaryOp.TANH, x, g);
  }

  /**
   * {@code g * (1 - t^2)} where {@code t = tanh(x)} is the forward result: the tanh derivative
   * without evaluating tanh again (on the CPU one fused loop).
   */
  public static Tensor tanhBackwardFromResult(Tensor t, Tensor g) {
    String op = "tanhBackwardFromResult";
    t.requireCompatible(op, g);
    requireSameShape(op, t, g);
    return Tensor.result(op, t.shape, t.backend().tanhBackwardFromResult(t.storage(), g.storage(), t.shape), t, g);
  }

  /** {@code g * s * (1 - s)} with {@code s = sigmoid(x)}. */
  public static Tensor sigmoidBackward(Tensor x, Tensor g) {
    return unaryBackward("sigmoidBackward", UnaryOp.SIGMOID, x, g);
  }

  /** {@code g} where {@code x > 0}, else 0 (the derivative at 0 is taken as 0, as in JAX). */
  public static Tensor reluBackward(Tensor x, Tensor g) {
    return unaryBackward("reluBackward", UnaryOp.RELU, x, g);
  }

  /** {@code g * sigmoid(x)}, the derivative of softplus. */
  public static Tensor softplusBackward(Tensor x, Tensor g) {
    return unaryBackward("softplusBackward", UnaryOp.SOFTPLUS, x, g);
  }

  /** {@code g * sign(x)} (0 at 0). */
  public static Tensor absBackward(Tensor x, Tensor g) {
    return unaryBackward("absBackward", UnaryOp.ABS, x, g);
  }

  /** {@code g / (2 sqrt(x))}. */
  public static Tensor sqrtBackward(Tensor x, Tensor g) {
    return unaryBackward("sqrtBackward", UnaryOp.SQRT, x, g);
  }

  /**
   * The backward pass of a maximum over {@code axes}: {@code g} (of the reduced shape, with or
   * without the reduced axes kept) goes to the positions of the maximum, split equally among
   * ties.
   */
  public static Tensor maxBackward(Tensor x, int[] axes, Tensor g) {
    String op = "maxBackward";
    x.requireCompatible(op, g);
    boolean[] mask = Shape.axisMask(op, axes, x.rank());
    if (!Arrays.equals(g.shape, Shape.reduced(x.shape, mask, true))
        && !Arrays.equals(g.shape, Shape.reduced(x.shape, mask, false))) {
      throw new IllegalArgumentException(op + ": adjoint shape " + Shape.format(g.shape)
          + " does not match the reduction of shape " + Shape.format(x.shape) + " over axes " + Arrays.toString(axes));
    }
    return Tensor.result(op, x.shape, x.backend().maxBackward(x.storage(), x.shape, mask, g.storage()), x, g);
  }

  /** {@code s * (g - sum(g * s))} along the axis, with {@code s = softmax(x)}. */
  public static Tensor softmaxBackward(Tensor x, int axis, Tensor g) {
    return softmaxBackward("softmaxBackward", x, axis, g, false);
  }

  /** {@code g - softmax(x) * sum(g)} along the axis. */
  public static Tensor logSoftmaxBackward(Tensor x, int axis, Tensor g) {
    return softmaxBackward("logSoftmaxBackward", x, axis, g, true);
  }

  /**
   * The adjoint of {@link Tensor#softmaxCrossEntropy} with respect to the logits: {@code g *
   * (softmax(x) * sum(labels) - labels)} along the axis, {@code g} (the result's adjoint, shaped as
   * the result) broadcast along it.
   */
  public static Tensor softmaxCrossEntropyBackward(Tensor x, Tensor labels, int axis, Tensor g) {
    String op = "softmaxCrossEntropyBackward";
    x.requireCompatible(op, labels);
    x.requireCompatible(op, g);
    requireSameShape(op, x, labels);
    int a = Shape.axis(op, axis, x.rank());
    int[] reduced = Shape.reduced(x.shape, Shape.axisMask(op, new int[] {a}, x.rank()), false);
    if (!Arrays.equals(g.shape, reduced)) {
      throw new IllegalArgumentException(op + ": the adjoint's shape " + Shape.format(g.shape) + " must be "
          + Shape.format(reduced) + ", the logits' " + Shape.format(x.shape) + " less axis " + a);
    }
    Storage s = x.backend().softmaxCrossEntropyBackward(x.storage(), labels.storage(), g.storage(),
        Shape.product(x.shape, 0, a), x.shape[a], Shape.product(x.shape, a + 1, x.rank()));
    return Tensor.result(op, x.shape, s, x, labels, g);
  }

  /**
   * The adjoint of {@link Tensor#gatherRows}: {@code rowCount} rows of zeros, with row {@code i}
   * of {@code values} added into row {@code rows[i]} (a row picked twice gets both).
   */
  public static Tensor scatterAddRows(Tensor values, int[] rows, int rowCount) {
    String op = "scatterAddRows";
    if (values.rank() < 1 || values.shape[0] != rows.length) {
      throw new IllegalArgumentException(op + ": values of shape " + Shape.format(values.shape)
          + " need one row per index (" + rows.length + " indices)");
    }
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] < 0 || rows[i] >= rowCount) {
        throw new IllegalArgumentException(op + ": row " + rows[i] + " at index " + i + " is outside [0, " + rowCount + ")");
      }
    }
    int[] out = values.shape.clone();
    out[0] = rowCount;
    int rowLength = Shape.product(values.shape, 1, values.rank());
    return Tensor.result(op, out, values.backend().scatterAddRows(values.storage(), rowLength, rows.clone(), rowCount), values);
  }

  /**
   * The adjoint of {@link Tensor#slice}: zeros of {@code shape} with {@code g} placed at
   * {@code [start, start + g.shape(axis))} along {@code axis}.
   */
  public static Tensor unslice(Tensor g, int[] shape, int axis, int start) {
    String op = "unslice";
    int a = Shape.axis(op, axis, shape.length);
    int length = g.rank() == shape.length ? g.shape[a] : -1;
    boolean fits = length >= 0 && start >= 0 && start + length <= shape[a];
    for (int i = 0; fits && i < shape.length; i++) {
      fits = i == a || g.shape[i] == shape[i];
    }
    if (!fits) {
      throw new IllegalArgumentException(op + ": shape " + Shape.format(g.shape) + " at offset " + start
          + " along axis " + axis + " does not fit in " + Shape.format(shape));
    }
    if (length == shape[a]) {
      return g;
    }
    int[] before = shape.clone();
    before[a] = start;
    int[] after = shape.clone();
    after[a] = shape[a] - start - length;
    Tensor zerosBefore = new Tensor(before, g.backend().full(g.dtype(), Shape.size(before), 0));
    Tensor zerosAfter = new Tensor(after, g.backend().full(g.dtype(), Shape.size(after), 0));
    return Layout.concat(a, zerosBefore, g, zerosAfter);
  }

  private static Tensor unaryBackward(String op, UnaryOp kind, Tensor x, Tensor g) {
    x.requireCompatible(op, g);
    requireSameShape(op, x, g);
    return Tensor.result(op, x.shape, x.backend().unaryBackward(kind, x.storage(), g.storage()), x, g);
  }

  private static Tensor softmaxBackward(String op, Tensor x, int axis, Tensor g, boolean log) {
    x.requireCompatible(op, g);
    requireSameShape(op, x, g);
    int a = Shape.axis(op, axis, x.rank());
    return Tensor.result(op, x.shape, x.backend().softmaxBackward(x.storage(), g.storage(),
        Shape.product(x.shape, 0, a), x.shape[a], Shape.product(x.shape, a + 1, x.rank()), log), x, g);
  }

  private static void requireSameShape(String op, Tensor x, Tensor g) {
    if (!Arrays.equals(x.shape, g.shape)) {
      throw new IllegalArgumentException(op + ": shapes " + Shape.format(x.shape) + " and "
          + Shape.format(g.shape) + " differ");
    }
  }
}
