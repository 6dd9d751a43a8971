package dev.adjoint.benchmarks;

import dev.adjoint.Differentiable;

/**
 * Three objectives of the ADBench suite (Srajer, Kukelova and Fitzgibbon, "A benchmark of selected
 * algorithmic differentiation tools on some problems in computer vision and machine learning",
 * 2018), the real models that published gradient-to-function ratios of AD tools are measured on:
 * the negative log-likelihood of a Gaussian mixture and the squared reprojection error of bundle
 * adjustment, from the paper, and the LSTM that the suite's repository (microsoft/ADBench) added
 * later: the average negative log-likelihood of a stacked LSTM's next-character predictions.
 * Written from the formulas in the plain Java a user would write (buffers reused across
 * iterations, index arithmetic for packed triangles), not tuned for the processor.
 */
final class AdBenchObjectives {
  private AdBenchObjectives() {}

  /**
   * Gaussian mixture model objective, as ADBench defines it: {@code K} components in {@code D}
   * dimensions, each with a weight logit {@code alphas[k]}, a mean, and an inverse covariance
   * factor {@code Q_k} whose diagonal is {@code exp(logDiagonals[k])} and whose strictly lower
   * triangle is {@code lowerTriangles[k]} (packed column by column); the sum over points of the
   * log-sum-exp over components, minus the normalization of the weights, plus a Wishart prior on
   * the factors. Constants independent of the parameters are left out.
   */
  @Differentiable(wrt = {"alphas", "means", "logDiagonals", "lowerTriangles"})
  static double gmm(double[] alphas, double[][] means, double[][] logDiagonals, double[][] lowerTriangles,
      double[][] points, double wishartGamma, int wishartM) {
    int k = alphas.length;
    int d = points[0].length;
    // per component, as ADBench's reference does: the diagonal of Q and log det Q
    double[][] diagonals = new double[k][d];
    double[] logDeterminants = new double[k];
    for (int c = 0; c < k; c++) {
      for (int r = 0; r < d; r++) {
        diagonals[c][r] = Math.exp(logDiagonals[c][r]);
        logDeterminants[c] += logDiagonals[c][r];
      }
    }
    double[] mainTerms = new double[k];
    double[] centered = new double[d];
    double total = 0;
    for (int i = 0; i < points.length; i++) {
      for (int c = 0; c < k; c++) {
        for (int r = 0; r < d; r++) {
          centered[r] = points[i][r] - means[c][r];
        }
        double squaredNorm = 0;
        for (int r = 0; r < d; r++) {
          double row = diagonals[c][r] * centered[r];
          for (int col = 0; col < r; col++) {
            // column col of the strictly lower triangle starts after the col columns before it
            row += lowerTriangles[c][col * (2 * d - col - 1) / 2 + r - col - 1] * centered[col];
          }
          squaredNorm += row * row;
        }
        mainTerms[c] = alphas[c] + logDeterminants[c] - 0.5 * squaredNorm;
      }
      total += logSumExp(mainTerms);
    }
    double prior = 0;
    for (int c = 0; c < k; c++) {
      double frobenius = 0;
      for (int r = 0; r < d; r++) {
        frobenius += diagonals[c][r] * diagonals[c][r];
      }
      for (int j = 0; j < lowerTriangles[c].length; j++) {
        frobenius += lowerTriangles[c][j] * lowerTriangles[c][j];
      }
      prior += 0.5 * wishartGamma * wishartGamma * frobenius - wishartM * logDeterminants[c];
    }
    return -(total - points.length * logSumExp(alphas)) + prior;
  }

  /**
   * LSTM objective, as ADBench defines it: a stack of {@code l} LSTM layers of hidden size {@code
   * b}, run over a sequence of {@code c} characters (each a row of {@code b} numbers: ADBench codes
   * a character as its {@code b} bits, most significant first), predicting each next character;
   * the result is the negative log-likelihood of the next characters averaged over their {@code
   * (c - 1) b} entries. {@code mainParams} has two rows per layer: the weights, then the biases, of
   * the four gates forget, input, output and cell ({@code 4b} each, gate after gate). As in
   * ADBench's reference, the weights are elementwise (no matrices), the forget and output gates
   * read the layer's input and the input and cell gates its own previous hidden state. {@code
   * extraParams} rows: the input weights, the output weights, the output biases ({@code b} each).
   * {@code state} has two rows per layer, hidden state then cell state, the state before the
   * first character; the method copies it and advances the copy. The prediction is the top
   * layer's hidden state times the output weights plus the output biases, normalized by a
   * log-softmax (ADBench's reference adds 2 inside its log-sum-exp; this is the exact one).
   * The sizes come from the arrays: {@code l = mainParams.length / 2}, {@code b =
   * extraParams[0].length}, {@code c = sequence.length}. ADBench's standard sizes are l = 2 or 4,
   * c = 1024 or 4096, b = 14; {@code GradientOverhead} times the smallest, l = 2, c = 1024, b = 14.
   */
  @Differentiable(wrt = {"mainParams", "extraParams"})
  static double lstm(double[][] mainParams, double[][] extraParams, double[][] state, double[][] sequence) {
    int layers = mainParams.length / 2;
    int b = extraParams[0].length;
    double[][] hidden = new double[layers][b];
    double[][] cell = new double[layers][b];
    for (int k = 0; k < layers; k++) {
      for (int i = 0; i < b; i++) {
        hidden[k][i] = state[2 * k][i];
        cell[k][i] = state[2 * k + 1][i];
      }
    }
    double[] x = new double[b];
    double[] prediction = new double[b];
    double total = 0;
    for (int t = 0; t < sequence.length - 1; t++) {
      for (int i = 0; i < b; i++) {
        x[i] = sequence[t][i] * extraParams[0][i];
      }
      for (int k = 0; k < layers; k++) {
        double[] weight = mainParams[2 * k];
        double[] bias = mainParams[2 * k + 1];
        for (int i = 0; i < b; i++) {
          double forget = Functions.sigmoid(x[i] * weight[i] + bias[i]);
          double input = Functions.sigmoid(hidden[k][i] * weight[b + i] + bias[b + i]);
          double output = Functions.sigmoid(x[i] * weight[2 * b + i] + bias[2 * b + i]);
          double change = Math.tanh(hidden[k][i] * weight[3 * b + i] + bias[3 * b + i]);
          cell[k][i] = cell[k][i] * forget + input * change;
          hidden[k][i] = output * Math.tanh(cell[k][i]);
          x[i] = hidden[k][i]; // the next layer's input
        }
      }
      for (int i = 0; i < b; i++) {
        prediction[i] = x[i] * extraParams[1][i] + extraParams[2][i];
      }
      double normalizer = logSumExp(prediction);
      for (int i = 0; i < b; i++) {
        total += sequence[t + 1][i] * (prediction[i] - normalizer);
      }
    }
    return -total / ((sequence.length - 1) * b);
  }

  /** {@code log(sum(exp(v)))}, shifted by the largest element so that no exponential overflows. */
  @Differentiable
  static double logSumExp(double[] v) {
    double largest = v[0];
    for (int i = 1; i < v.length; i++) {
      if (v[i] > largest) {
        largest = v[i];
      }
    }
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      sum += Math.exp(v[i] - largest);
    }
    return Math.log(sum) + largest;
  }

  /**
   * Bundle adjustment objective: half the sum of squared reprojection errors of {@code
   * observations.length} observations, observation {@code o} seeing point {@code pointOf[o]}
   * through camera {@code cameraOf[o]}. A camera is ADBench's 11 numbers: a Rodrigues rotation
   * (3), the center (3), the focal length, the principal point (2) and two radial distortion
   * coefficients; a point is 3 numbers; an observation 2.
   */
  @Differentiable(wrt = {"cameras", "points"})
  static double bundleAdjustment(double[][] cameras, double[][] points, int[] cameraOf, int[] pointOf,
      double[][] observations) {
    double total = 0;
    for (int o = 0; o < observations.length; o++) {
      double[] cam = cameras[cameraOf[o]];
      double[] point = points[pointOf[o]];
      double px = point[0] - cam[3];
      double py = point[1] - cam[4];
      double pz = point[2] - cam[5];
      // rotate by the Rodrigues vector (cam[0], cam[1], cam[2])
      double theta = Math.sqrt(cam[0] * cam[0] + cam[1] * cam[1] + cam[2] * cam[2]);
      double rx;
      double ry;
      double rz;
      if (theta > 1e-8) {
        double ax = cam[0] / theta;
        double ay = cam[1] / theta;
        double az = cam[2] / theta;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double dot = ax * px + ay * py + az * pz;
        double crossX = ay * pz - az * py;
        double crossY = az * px - ax * pz;
        double crossZ = ax * py - ay * px;
        rx = px * cos + crossX * sin + ax * dot * (1 - cos);
        ry = py * cos + crossY * sin + ay * dot * (1 - cos);
        rz = pz * cos + crossZ * sin + az * dot * (1 - cos);
      } else {
        rx = px + cam[1] * pz - cam[2] * py;
        ry = py + cam[2] * px - cam[0] * pz;
        rz = pz + cam[0] * py - cam[1] * px;
      }
      double u = rx / rz;
      double v = ry / rz;
      double radiusSquared = u * u + v * v;
      double distortion = 1 + cam[9] * radiusSquared + cam[10] * radiusSquared * radiusSquared;
      double errorX = cam[6] * distortion * u + cam[7] - observations[o][0];
      double errorY = cam[6] * distortion * v + cam[8] - observations[o][1];
      total += errorX * errorX + errorY * errorY;
    }
    return 0.5 * total;
  }
}
