package dev.adjoint.benchmarks.step;

/**
 * Adam over the hand-written step's parameter arrays, in the runtime's arithmetic (optax's:
 * {@code AdamKernel} and the {@code -lr} scale, constants rounded to float as there) so that the
 * hand-written step can be checked against the generated one to float precision. One loop per
 * array, with the moments in arrays of their own (every array indexed by the bare loop variable)
 * and no conversion inside it, so that C2 vectorizes it.
 */
final class FlatAdam {
  private final float b1;
  private final float b2;
  private final float c1;
  private final float c2;
  private final float eps;
  private final float negativeLearningRate;
  private final float[][] m;
  private final float[][] v;
  private long count;

  FlatAdam(float[][] like, double learningRate, double b1, double b2, double eps) {
    this.b1 = (float) b1;
    this.b2 = (float) b2;
    this.c1 = (float) (1 - b1);
    this.c2 = (float) (1 - b2);
    this.eps = (float) eps;
    this.negativeLearningRate = (float) -learningRate;
    this.m = new float[like.length][];
    this.v = new float[like.length][];
    for (int i = 0; i < like.length; i++) {
      m[i] = new float[like[i].length];
      v[i] = new float[like[i].length];
    }
  }

  /** Back to the state before the first step. */
  void reset() {
    for (int i = 0; i < m.length; i++) {
      java.util.Arrays.fill(m[i], 0f);
      java.util.Arrays.fill(v[i], 0f);
    }
    count = 0;
  }

  /** One step: updates the moments and {@code params} in place from {@code grads}. */
  void step(float[][] params, float[][] grads) {
    count++;
    float bc1 = 1f - (float) Math.pow(b1, count);
    float bc2 = 1f - (float) Math.pow(b2, count);
    for (int leaf = 0; leaf < params.length; leaf++) {
      step(params[leaf], grads[leaf], m[leaf], v[leaf], bc1, bc2);
    }
  }

  private void step(float[] p, float[] g, float[] m, float[] v, float bc1, float bc2) {
    for (int i = 0; i < p.length; i++) {
      float gi = g[i];
      float mi = c1 * gi + b1 * m[i];
      float vi = c2 * (gi * gi) + b2 * v[i];
      m[i] = mi;
      v[i] = vi;
      float update = (mi / bc1) / ((float) Math.sqrt(vi / bc2) + eps);
      p[i] = p[i] + update * negativeLearningRate;
    }
  }
}
