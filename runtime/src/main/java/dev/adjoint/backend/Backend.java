package dev.adjoint.backend;

import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Device;

/**
 * The kernels of one device. The tensor layer checks shapes, dtypes and devices, and then calls
 * exactly one of these methods per operation, with storages that all belong to this backend and
 * share one dtype; the backend computes on its device and returns fresh storage of the same dtype
 * (never one of its inputs: tensors share storages, so they are immutable once returned).
 *
 * <p>Every storage is a contiguous row-major array; shapes are passed wherever the layout matters.
 * Nothing here moves data to the host except the explicit {@code to...Array} methods, so a device
 * backend keeps whole computations resident.
 */
public interface Backend {

  /** The device whose memory this backend's storages live in. */
  Device device();

  // ---- data in and out

  /** Storage holding these values; takes ownership of the array (the caller never touches it again). */
  Storage fromArray(float[] values);

  /** Storage holding these values; takes ownership of the array. */
  Storage fromArray(double[] values);

  /** A fresh host copy of the elements, converted to float if needed. */
  float[] toFloatArray(Storage x);

  /** A fresh host copy of the elements, converted to double if needed. */
  double[] toDoubleArray(Storage x);

  /** Copies storage of another backend onto this one (through the host unless overridden). */
  default Storage transferFrom(Storage source) {
    Backend from = source.backend();
    return source.dtype() == DType.FLOAT32
        ? fromArray(from.toFloatArray(source))
        : fromArray(from.toDoubleArray(source));
  }

  /** {@code size} elements all equal to {@code value}. */
  Storage full(DType dtype, int size, double value);

  /** The elements converted to another dtype (rounding to nearest for float64 to float32). */
  Storage astype(Storage x, DType dtype);

  /** One element, by flat row-major index (already checked). */
  double element(Storage x, int index);

  /** Whether no element is NaN or infinite (for the debug-NaNs mode). */
  boolean allFinite(Storage x);

  // ---- elementwise

  /** {@code f(x)} elementwise. */
  Storage unary(UnaryOp op, Storage x);

  /** {@code g * f'(x)} elementwise: the fused backward pass of {@link #unary}. */
  Storage unaryBackward(UnaryOp op, Storage x, Storage g);

  /**
   * {@code g * (1 - t^2)} elementwise, where {@code t = tanh(x)} is the forward result: the tanh
   * derivative without evaluating tanh again. This default composes it from the other operations;
   * a backend may fuse it into one loop.
   */
  default Storage tanhBackwardFromResult(Storage t, Storage g, int[] shape) {
    Storage oneMinusSquare = scalar(ScalarOp.RSUB, unary(UnaryOp.SQUARE, t), 1);
    return binary(BinaryOp.MUL, g, shape, oneMinusSquare, shape, shape);
  }

  /** {@code x op c} elementwise (or {@code c op x} for the R-forms). */
  Storage scalar(ScalarOp op, Storage x, double c);

  /** {@code a op b} with NumPy broadcasting to {@code outShape} (already checked). */
  Storage binary(BinaryOp op, Storage a, int[] aShape, Storage b, int[] bShape, int[] outShape);

  /**
   * {@code fresh + b}, with {@code b} broadcast to {@code shape} (the result's shape): the bias of
   * a fused linear layer. {@code fresh} is a result this backend just returned that no tensor
   * holds yet, so a backend may add into it and return it (the CPU does, saving an array and a
   * pass); by default a new storage, as {@link #binary}.
   */
  default Storage addIntoFresh(Storage fresh, int[] shape, Storage b, int[] bShape) {
    return binary(BinaryOp.ADD, fresh, shape, b, bShape, shape);
  }

  // ---- reductions and broadcasting

  /**
   * Reduces the axes marked in {@code reduced}; the result has the kept axes' lengths in order
   * (its rank is for the tensor layer to decide). Reducing no axes copies.
   */
  Storage reduce(ReduceOp op, Storage x, int[] shape, boolean[] reduced);

  /**
   * The backward pass of a max over the marked axes: {@code g} (with the reduced shape) goes to
   * the positions holding the maximum, shared equally among ties (as JAX does).
   */
  Storage maxBackward(Storage x, int[] shape, boolean[] reduced, Storage g);

  /** Copies {@code x} of {@code shape} broadcast to {@code outShape} (already checked). */
  Storage broadcastTo(Storage x, int[] shape, int[] outShape);

  // ---- layout

  /** The axes permuted: output axis {@code i} is input axis {@code perm[i]}. */
  Storage transpose(Storage x, int[] shape, int[] perm);

  /** Rows (blocks of {@code rowLength} elements) picked by index, in order (indices checked). */
  Storage gatherRows(Storage x, int rowLength, int[] rows);

  /**
   * The adjoint of {@link #gatherRows}: {@code rowCount} rows of zeros, to which row {@code i} of
   * {@code values} is added at row {@code rows[i]} (repeats accumulate).
   */
  Storage scatterAddRows(Storage values, int rowLength, int[] rows, int rowCount);

  /**
   * Concatenation along an axis: each part is viewed as {@code outer} blocks of
   * {@code blockLengths[p]} elements, and output block {@code o} is the parts' blocks {@code o} in
   * order.
   */
  Storage concat(Storage[] parts, int outer, int[] blockLengths);

  /**
   * A slice along an axis: {@code x} is viewed as {@code outer} blocks of {@code blockLength}
   * elements, and from each the elements {@code [start, start + length)} are kept.
   */
  Storage slice(Storage x, int outer, int blockLength, int start, int length);

  // ---- linear algebra

  /** A strided batch of matrix products; see {@link MatmulSpec}. */
  Storage matmul(Storage a, Storage b, MatmulSpec spec);

  /**
   * {@code matmul(a, b, spec)} with {@code bias} ({@code spec.n()} elements, of the product's
   * dtype) added to every row of every product, as a dense layer's forward pass needs it: the
   * bits of the product followed by the add. The default adds into the product's fresh storage
   * ({@link #addIntoFresh}); a GPU adds in the matrix product's epilogue, saving a launch and a
   * pass over the result.
   */
  default Storage matmulBias(Storage a, Storage b, MatmulSpec spec, Storage bias) {
    int[] shape = {spec.batch() * spec.m(), spec.n()};
    return addIntoFresh(matmul(a, b, spec), shape, bias, new int[] {spec.n()});
  }

  // ---- softmax family: x viewed as [outer, axisLength, inner], normalized along the middle

  /** Softmax, or log-softmax when {@code log}, computed stably (the maximum is subtracted). */
  Storage softmax(Storage x, int outer, int axisLength, int inner, boolean log);

  /**
   * The backward pass of {@link #softmax} at {@code x} for the result adjoint {@code g}:
   * {@code s * (g - sum(g * s))} for softmax, {@code g - s * sum(g)} for log-softmax.
   */
  Storage softmaxBackward(Storage x, Storage g, int outer, int axisLength, int inner, boolean log);

  /**
   * optax's {@code softmax_cross_entropy}: {@code -sum(labels * logSoftmax(x))} along the middle
   * axis of {@code [outer, axisLength, inner]}, one value per {@code (outer, inner)} position. The
   * default is those operations one after another (the bits of the expression); a GPU computes a
   * row in one pass.
   */
  default Storage softmaxCrossEntropy(Storage x, Storage labels, int outer, int axisLength, int inner) {
    int[] shape = {outer, axisLength, inner};
    Storage logp = softmax(x, outer, axisLength, inner, true);
    Storage weighted = binary(BinaryOp.MUL, logp, shape, labels, shape, shape);
    return unary(UnaryOp.NEG, reduce(ReduceOp.SUM, weighted, shape, new boolean[] {false, true, false}));
  }

  /**
   * The adjoint of {@link #softmaxCrossEntropy} with respect to {@code x}: {@code g * (softmax(x) *
   * sum(labels) - labels)}, {@code g} and the label sums broadcast along the axis ({@code g} has one
   * value per {@code (outer, inner)} position).
   */
  default Storage softmaxCrossEntropyBackward(Storage x, Storage labels, Storage g, int outer, int axisLength,
      int inner) {
    int[] shape = {outer, axisLength, inner};
    int[] row = {outer, 1, inner};
    Storage p = softmax(x, outer, axisLength, inner, false);
    Storage labelSums = reduce(ReduceOp.SUM, labels, shape, new boolean[] {false, true, false});
    Storage scaled = binary(BinaryOp.MUL, p, shape, labelSums, row, shape);
    Storage difference = binary(BinaryOp.SUB, scaled, shape, labels, shape, shape);
    return binary(BinaryOp.MUL, g, row, difference, shape, shape);
  }

  // ---- optimizer updates

  /**
   * One step of optax's {@code adam(lr)} or {@code adamw(lr, ...)} over every leaf of a model at
   * once (see {@link FusedAdamStep} for the arithmetic): leaf {@code i} reads {@code params[i]},
   * {@code grads[i]}, {@code mu[i]}, {@code nu[i]} (float32, equal sizes), takes the weight decay
   * where {@code decayed[i]} (null: no leaf does), and gets fresh storage for its new values.
   * A backend whose device pays per launch does all leaves in one pass; the CPU's optimizer loop
   * is already fused per leaf, so this default declines.
   *
   * @return the new leaves, or null where this backend has no fused step (the caller then computes
   *     the step leaf by leaf)
   */
  default FusedAdamStep.Result adamApply(Storage[] params, Storage[] grads, Storage[] mu, Storage[] nu,
      boolean[] decayed, FusedAdamStep step) {
    return null;
  }

  /**
   * One step of optax's {@code sgd(lr)} ({@code traces} null) or {@code sgd(lr, momentum,
   * nesterov)} (a trace per leaf) over every leaf at once; see {@link FusedSgdStep} for the
   * arithmetic. As {@link #adamApply}: fresh storage for the new values, null where this backend
   * has no fused step.
   */
  default FusedSgdStep.Result sgdApply(Storage[] params, Storage[] grads, Storage[] traces, FusedSgdStep step) {
    return null;
  }
}
