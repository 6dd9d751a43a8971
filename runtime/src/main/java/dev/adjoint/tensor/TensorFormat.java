package dev.adjoint.tensor;

/** NumPy-like text for {@link Tensor#toString()}: nested brackets, elided beyond a size limit. */
final class TensorFormat {
  private TensorFormat() {}

  private static final int MAX_ELEMENTS = 1000;

  static String format(Tensor t) {
    StringBuilder sb = new StringBuilder("Tensor(");
    if (t.size() <= MAX_ELEMENTS) {
      double[] values = t.toDoubleArray();
      boolean single = t.dtype() == DType.FLOAT32;
      appendNested(sb, t.shape, 0, values, new int[] {0}, single);
      sb.append(", ");
    }
    sb.append("shape=").append(Shape.format(t.shape)).append(", dtype=").append(t.dtype());
    if (!t.device().equals(Device.CPU)) {
      sb.append(", device=").append(t.device());
    }
    return sb.append(')').toString();
  }

  private static void appendNested(StringBuilder sb, int[] shape, int axis, double[] values, int[] next, boolean single) {
    if (axis == shape.length) {
      double v = values[next[0]++];
      sb.append(single ? Float.toString((float) v) : Double.toString(v));
      return;
    }
    sb.append('[');
    for (int i = 0; i < shape[axis]; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      appendNested(sb, shape, axis + 1, values, next, single);
    }
    sb.append(']');
  }
}
