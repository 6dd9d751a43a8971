package dev.adjoint.tensor;

import dev.adjoint.backend.ReduceOp;
import dev.adjoint.backend.Storage;
import java.util.Arrays;

/**
 * The shape-changing operations of {@link Tensor}, with their argument checks: transposes,
 * broadcasts and their reverse, row gathers, slices, concatenation, and the softmax family (which
 * needs the same view of a tensor around one axis).
 */
final class Layout {
  private Layout() {}

  static int[] resolveReshape(int[] shape, int[] requested) {
    int size = Shape.size(shape);
    int[] out = requested.clone();
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == -1 && inferred < 0) {
        inferred = i;
      } else if (out[i] < 0) {
        throw new IllegalArgumentException("reshape: invalid target shape " + Shape.format(requested)
            + " for shape " + Shape.format(shape));
      } else {
        known *= out[i];
      }
    }
    if (inferred >= 0) {
      if (known == 0 || size % known != 0) {
        throw new IllegalArgumentException("reshape: cannot infer -1 in " + Shape.format(requested)
            + " for shape " + Shape.format(shape) + " (" + size + " elements)");
      }
      out[inferred] = (int) (size / known);
      known *= out[inferred];
    }
    if (known != size) {
      throw new IllegalArgumentException("reshape: shape " + Shape.format(shape) + " (" + size
          + " elements) cannot become " + Shape.format(requested));
    }
    return out;
  }

  static Tensor transpose(Tensor x, int[] perm) {
    int rank = x.rank();
    if (perm.length != rank) {
      throw new IllegalArgumentException("transpose: permutation " + Arrays.toString(perm)
          + " does not match shape " + Shape.format(x.shape));
    }
    boolean[] seen = new boolean[rank];
    boolean identity = true;
    int[] resolved = new int[rank];
    for (int i = 0; i < rank; i++) {
      int p = perm[i] < 0 ? perm[i] + rank : perm[i];
      if (p < 0 || p >= rank || seen[p]) {
        throw new IllegalArgumentException("transpose: " + Arrays.toString(perm)
            + " is not a permutation of the axes of shape " + Shape.format(x.shape));
      }
      seen[p] = true;
      resolved[i] = p;
      identity &= p == i;
    }
    if (identity) {
      return x;
    }
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      out[i] = x.shape[resolved[i]];
    }
    return Tensor.result("transpose", out, x.backend().transpose(x.storage(), x.shape, resolved), x);
  }

  static Tensor broadcastTo(Tensor x, int[] target) {
    if (Arrays.equals(x.shape, target)) {
      return x;
    }
    int[] t = Shape.validated("broadcastTo", target);
    if (!Broadcast.broadcastsTo(x.shape, t)) {
      throw new IllegalArgumentException("broadcastTo: shape " + Shape.format(x.shape)
          + " cannot be broadcast to " + Shape.format(t));
    }
    return Tensor.result("broadcastTo", t, x.backend().broadcastTo(x.storage(), x.shape, t), x);
  }

  static Tensor sumTo(Tensor x, int[] target) {
    if (Arrays.equals(x.shape, target)) {
      return x;
    }
    int[] t = Shape.validated("sumTo", target);
    if (!Broadcast.broadcastsTo(t, x.shape)) {
      throw new IllegalArgumentException("sumTo: shape " + Shape.format(t)
          + " does not broadcast to " + Shape.format(x.shape) + ", so it cannot be summed back to");
    }
    int lead = x.rank() - t.length;
    boolean[] mask = new boolean[x.rank()];
    boolean any = false;
    for (int i = 0; i < mask.length; i++) {
      mask[i] = (i < lead || t[i - lead] == 1) && x.shape[i] != 1;
      any |= mask[i];
    }
    if (!any) {
      return new Tensor(t, x.storage()); // only axes of length 1 differ: a reshape
    }
    return Tensor.result("sumTo", t, x.backend().reduce(ReduceOp.SUM, x.storage(), x.shape, mask), x);
  }

  static Tensor gatherRows(Tensor x, int[] rows) {
    if (x.rank() < 1) {
      throw new IllegalArgumentException("gatherRows: needs rank >= 1, shape is " + Shape.format(x.shape));
    }
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] < 0 || rows[i] >= x.shape[0]) {
        throw new IllegalArgumentException("gatherRows: row " + rows[i] + " at index " + i
            + " is out of bounds for shape " + Shape.format(x.shape));
      }
    }
    int[] out = x.shape.clone();
    out[0] = rows.length;
    int rowLength = Shape.product(x.shape, 1, x.rank());
    return Tensor.result("gatherRows", out, x.backend().gatherRows(x.storage(), rowLength, rows.clone()), x);
  }

  static Tensor slice(Tensor x, int axis, int start, int end) {
    int a = Shape.axis("slice", axis, x.rank());
    if (start < 0 || end < start || end > x.shape[a]) {
      throw new IllegalArgumentException("slice: range [" + start + ", " + end + ") is invalid for axis " + axis
          + " of shape " + Shape.format(x.shape));
    }
    if (start == 0 && end == x.shape[a]) {
      return x;
    }
    int inner = Shape.product(x.shape, a + 1, x.rank());
    int[] out = x.shape.clone();
    out[a] = end - start;
    Storage s = x.backend().slice(x.storage(), Shape.product(x.shape, 0, a), x.shape[a] * inner,
        start * inner, (end - start) * inner);
    return Tensor.result("slice", out, s, x);
  }

  static Tensor concat(int axis, Tensor... parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("concat: needs at least one tensor");
    }
    Tensor first = parts[0];
    int a = Shape.axis("concat", axis, first.rank());
    int[] out = first.shape.clone();
    out[a] = 0;
    int inner = Shape.product(first.shape, a + 1, first.rank());
    Storage[] storages = new Storage[parts.length];
    int[] blocks = new int[parts.length];
    for (int p = 0; p < parts.length; p++) {
      Tensor t = parts[p];
      first.requireCompatible("concat", t);
      boolean matches = t.rank() == first.rank();
      for (int i = 0; matches && i < t.rank(); i++) {
        matches = i == a || t.shape[i] == first.shape[i];
      }
      if (!matches) {
        throw new IllegalArgumentException("concat: shapes " + Shape.format(first.shape) + " and "
            + Shape.format(t.shape) + " differ off axis " + axis);
      }
      out[a] += t.shape[a];
      storages[p] = t.storage();
      blocks[p] = t.shape[a] * inner;
    }
    Storage s = first.backend().concat(storages, Shape.product(first.shape, 0, a), blocks);
    return Tensor.result("concat", out, s, parts);
  }

  static Tensor softmax(String op, Tensor x, int axis, boolean log) {
    int a = Shape.axis(op, axis, x.rank());
    Storage s = x.backend().softmax(x.storage(), Shape.product(x.shape, 0, a), x.shape[a],
        Shape.product(x.shape, a + 1, x.rank()), log);
    return Tensor.result(op, x.shape, s, x);
  }

  /** {@link Tensor#softmaxCrossEntropy}: labels of the logits' shape, the axis dropped from the result. */
  static Tensor softmaxCrossEntropy(String op, Tensor x, Tensor labels, int axis) {
    x.requireCompatible(op, labels);
    if (!Arrays.equals(x.shape, labels.shape)) {
      throw new IllegalArgumentException(op + ": the labels' shape " + Shape.format(labels.shape)
          + " must be the logits' " + Shape.format(x.shape));
    }
    int a = Shape.axis(op, axis, x.rank());
    Storage s = x.backend().softmaxCrossEntropy(x.storage(), labels.storage(), Shape.product(x.shape, 0, a),
        x.shape[a], Shape.product(x.shape, a + 1, x.rank()));
    return Tensor.result(op, Shape.reduced(x.shape, Shape.axisMask(op, new int[] {a}, x.rank()), false), s, x,
        labels);
  }
}
