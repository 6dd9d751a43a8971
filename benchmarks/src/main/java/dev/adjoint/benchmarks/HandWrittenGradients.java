package dev.adjoint.benchmarks;

/**
 * Value and gradient of three of {@link Functions}, written by hand as an expert would: one pass,
 * no tape, constants folded. They are the floor the generated gradients are measured against
 * (what the function's own arithmetic forces), so that a ratio of gradient to function time can
 * be told apart from overhead of the generated code.
 */
final class HandWrittenGradients {
  private HandWrittenGradients() {}

  /** {@code [value, d/dw..., d/db]} of {@link Functions#mse}. */
  static double[] mse(double[] w, double b, double[][] xs, double[] ys) {
    double[] out = new double[w.length + 2];
    double total = 0;
    double bBar = 0;
    double scale = 2.0 / xs.length;
    for (int i = 0; i < xs.length; i++) {
      double[] x = xs[i];
      double prediction = b;
      for (int j = 0; j < w.length; j++) {
        prediction += x[j] * w[j];
      }
      double error = prediction - ys[i];
      total += error * error;
      double g = error * scale;
      for (int j = 0; j < w.length; j++) {
        out[1 + j] += x[j] * g;
      }
      bBar += g;
    }
    out[0] = total / xs.length;
    out[w.length + 1] = bBar;
    return out;
  }

  /** {@code [value, d/dpredictions...]} of {@link Functions#huber}. */
  static double[] huber(double[] predictions, double[] targets, double delta) {
    double[] out = new double[predictions.length + 1];
    double loss = 0;
    for (int i = 0; i < predictions.length; i++) {
      double r = predictions[i] - targets[i];
      if (Math.abs(r) <= delta) {
        loss += 0.5 * r * r;
        out[1 + i] = r;
      } else {
        loss += delta * (Math.abs(r) - 0.5 * delta);
        out[1 + i] = r >= 0 ? delta : -delta;
      }
    }
    out[0] = loss;
    return out;
  }

  /** {@code [value, d/dr, d/dx0]} of {@link Functions#logistic}: the iterates kept, then a backward pass. */
  static double[] logistic(double r, double x0, int steps, double[] iterates) {
    double x = x0;
    for (int i = 0; i < steps; i++) {
      iterates[i] = x;
      x = r * x * (1 - x);
    }
    double xBar = 1;
    double rBar = 0;
    for (int i = steps - 1; i >= 0; i--) {
      double before = iterates[i];
      rBar += before * (1 - before) * xBar;
      xBar *= r * (1 - 2 * before);
    }
    return new double[] {x, rBar, xBar};
  }

  /** The value of {@link AdBenchObjectives#gmm} and its gradient with respect to the four parameters. */
  record GmmGradient(double value, double[] alphas, double[][] means, double[][] logDiagonals, double[][] lowerTriangles) {}

  /**
   * {@link AdBenchObjectives#gmm} and its gradient in one pass over the points, as an expert writes
   * it (ADBench's manual gradient works this way): for each point, the forward pass over the
   * components keeps each component's centered point and {@code Q (x - mu)}, and the adjoint of
   * the log-sum-exp (the softmax of the components' terms) runs right after it. No tape.
   */
  static GmmGradient gmm(double[] alphas, double[][] means, double[][] logDiagonals, double[][] lowerTriangles,
      double[][] points, double wishartGamma, int wishartM) {
    int k = alphas.length;
    int d = points[0].length;
    double[][] diagonals = new double[k][d];
    double[] logDeterminants = new double[k];
    for (int c = 0; c < k; c++) {
      for (int r = 0; r < d; r++) {
        diagonals[c][r] = Math.exp(logDiagonals[c][r]);
        logDeterminants[c] += logDiagonals[c][r];
      }
    }
    double[] alphasBar = new double[k];
    double[][] meansBar = new double[k][d];
    double[][] diagonalsBar = new double[k][d];
    double[] logDeterminantsBar = new double[k];
    double[][] lowerBar = new double[k][];
    for (int c = 0; c < k; c++) {
      lowerBar[c] = new double[lowerTriangles[c].length];
    }
    double[][] centered = new double[k][d];
    double[][] transformed = new double[k][d];
    double[] mainTerms = new double[k];
    double[] centeredBar = new double[d];
    double total = 0;
    for (int i = 0; i < points.length; i++) {
      double[] x = points[i];
      double largest = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        double[] xc = centered[c];
        double[] qx = transformed[c];
        double[] l = lowerTriangles[c];
        double squaredNorm = 0;
        for (int r = 0; r < d; r++) {
          xc[r] = x[r] - means[c][r];
          double row = diagonals[c][r] * xc[r];
          for (int col = 0; col < r; col++) {
            row += l[col * (2 * d - col - 1) / 2 + r - col - 1] * xc[col];
          }
          qx[r] = row;
          squaredNorm += row * row;
        }
        mainTerms[c] = alphas[c] + logDeterminants[c] - 0.5 * squaredNorm;
        largest = Math.max(largest, mainTerms[c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += Math.exp(mainTerms[c] - largest);
      }
      double logSumExp = Math.log(sum) + largest;
      total += logSumExp;
      for (int c = 0; c < k; c++) {
        // the objective is -(sum of log-sum-exps): each term's adjoint is minus its softmax weight
        double termBar = -Math.exp(mainTerms[c] - logSumExp);
        alphasBar[c] += termBar;
        logDeterminantsBar[c] += termBar;
        double[] xc = centered[c];
        double[] qx = transformed[c];
        double[] l = lowerTriangles[c];
        double[] lb = lowerBar[c];
        java.util.Arrays.fill(centeredBar, 0);
        for (int r = 0; r < d; r++) {
          double rowBar = -termBar * qx[r]; // d(-0.5 |qx|^2) / d qx_r = -qx_r
          diagonalsBar[c][r] += rowBar * xc[r];
          centeredBar[r] += rowBar * diagonals[c][r];
          for (int col = 0; col < r; col++) {
            int at = col * (2 * d - col - 1) / 2 + r - col - 1;
            lb[at] += rowBar * xc[col];
            centeredBar[col] += rowBar * l[at];
          }
        }
        for (int r = 0; r < d; r++) {
          meansBar[c][r] -= centeredBar[r];
        }
      }
    }
    // - N * logSumExp(alphas): its adjoint is N times the softmax of the alphas
    double largest = Double.NEGATIVE_INFINITY;
    for (double a : alphas) {
      largest = Math.max(largest, a);
    }
    double sum = 0;
    for (double a : alphas) {
      sum += Math.exp(a - largest);
    }
    double alphasLogSumExp = Math.log(sum) + largest;
    double prior = 0;
    double half = 0.5 * wishartGamma * wishartGamma;
    for (int c = 0; c < k; c++) {
      alphasBar[c] += points.length * Math.exp(alphas[c] - alphasLogSumExp);
      double frobenius = 0;
      for (int r = 0; r < d; r++) {
        frobenius += diagonals[c][r] * diagonals[c][r];
        diagonalsBar[c][r] += 2 * half * diagonals[c][r];
      }
      for (int j = 0; j < lowerTriangles[c].length; j++) {
        frobenius += lowerTriangles[c][j] * lowerTriangles[c][j];
        lowerBar[c][j] += 2 * half * lowerTriangles[c][j];
      }
      prior += half * frobenius - wishartM * logDeterminants[c];
      logDeterminantsBar[c] -= wishartM;
    }
    double[][] logDiagonalsBar = new double[k][d];
    for (int c = 0; c < k; c++) {
      for (int r = 0; r < d; r++) {
        logDiagonalsBar[c][r] = diagonalsBar[c][r] * diagonals[c][r] + logDeterminantsBar[c];
      }
    }
    double value = -(total - points.length * alphasLogSumExp) + prior;
    return new GmmGradient(value, alphasBar, meansBar, logDiagonalsBar, lowerBar);
  }
}
