package dev.adjoint.backend.cpu;

/**
 * Softmax and log-softmax along the middle axis of {@code x} viewed as {@code [outer, length,
 * inner]}, in double, with the maximum subtracted first so that no exponential overflows. The
 * backward passes recompute the softmax rather than keep it: a derivative rule gets only the
 * primitive's inputs.
 */
final class SoftmaxKernels {
  private SoftmaxKernels() {}

  static double[] forward(double[] x, int outer, int length, int inner, boolean log) {
    double[] out = new double[x.length];
    for (int o = 0; o < outer; o++) {
      for (int in = 0; in < inner; in++) {
        int base = o * length * inner + in;
        double max = max(x, base, length, inner);
        double sum = 0;
        for (int j = 0, i = base; j < length; j++, i += inner) {
          double e = Math.exp(x[i] - max);
          sum += e;
          out[i] = e;
        }
        if (log) {
          double shift = max + Math.log(sum);
          for (int j = 0, i = base; j < length; j++, i += inner) {
            out[i] = x[i] - shift;
          }
        } else {
          double scale = 1 / sum;
          for (int j = 0, i = base; j < length; j++, i += inner) {
            out[i] *= scale;
          }
        }
      }
    }
    return out;
  }

  /** {@code s * (g - sum(g * s))} for softmax, {@code g - s * sum(g)} for log-softmax. */
  static double[] backward(double[] x, double[] g, int outer, int length, int inner, boolean log) {
    double[] s = forward(x, outer, length, inner, false);
    double[] out = new double[x.length];
    for (int o = 0; o < outer; o++) {
      for (int in = 0; in < inner; in++) {
        int base = o * length * inner + in;
        double dot = 0;
        for (int j = 0, i = base; j < length; j++, i += inner) {
          dot += log ? g[i] : g[i] * s[i];
        }
        for (int j = 0, i = base; j < length; j++, i += inner) {
          out[i] = log ? g[i] - s[i] * dot : s[i] * (g[i] - dot);
        }
      }
    }
    return out;
  }

  private static double max(double[] x, int base, int length, int inner) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0, i = base; j < length; j++, i += inner) {
      max = Math.max(max, x[i]);
    }
    return max;
  }
}
