package golden;

import dev.adjoint.Differentiable;

public class Calls {
  @Differentiable
  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** Logistic regression's log-likelihood of one sample. */
  @Differentiable(wrt = {"w", "b"})
  static double logLikelihood(double[] w, double b, double[] x, double label) {
    double z = b;
    for (int j = 0; j < w.length; j++) {
      z += w[j] * x[j];
    }
    double p = sigmoid(z);
    return label * Math.log(p) + (1 - label) * Math.log(1 - p);
  }
}
