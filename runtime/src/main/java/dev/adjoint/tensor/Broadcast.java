package dev.adjoint.tensor;

/** NumPy broadcasting: aligning shapes from the right, a dimension of 1 stretches to match. */
public final class Broadcast {
  private Broadcast() {}

  /**
   * The shape two operands broadcast to, or an {@link IllegalArgumentException} naming the
   * operation and both shapes.
   */
  public static int[] shape(String op, int[] a, int[] b) {
    if (java.util.Arrays.equals(a, b)) {
      return a;
    }
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 1; i <= rank; i++) {
      int da = i <= a.length ? a[a.length - i] : 1;
      int db = i <= b.length ? b[b.length - i] : 1;
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            op + ": shapes " + Shape.format(a) + " and " + Shape.format(b)
                + " cannot be broadcast together (" + da + " vs " + db + " at axis " + (rank - i) + ")");
      }
      out[rank - i] = da == 1 ? db : da;
    }
    return out;
  }

  /** Whether {@code from} broadcasts to exactly {@code to}. */
  public static boolean broadcastsTo(int[] from, int[] to) {
    if (from.length > to.length) {
      return false;
    }
    for (int i = 1; i <= from.length; i++) {
      int d = from[from.length - i];
      if (d != 1 && d != to[to.length - i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Strides (in elements) for reading a contiguous tensor of shape {@code from} as if it had shape
   * {@code to}: 0 along broadcast dimensions.
   */
  public static int[] strides(int[] from, int[] to) {
    int[] own = Shape.strides(from);
    int[] out = new int[to.length];
    int offset = to.length - from.length;
    for (int i = 0; i < from.length; i++) {
      out[i + offset] = from[i] == 1 && to[i + offset] != 1 ? 0 : own[i];
    }
    return out;
  }
}
