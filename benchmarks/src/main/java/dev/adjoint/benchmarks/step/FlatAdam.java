package dev.adjoint.benchmarks.step;

/**
 * Adam over one flat float array holding every parameter, in the runtime's arithmetic (optax's:
 * {@code AdamKernel} and the {@code -lr} scale, constants rounded to float as there) so that the
 * hand-written step can be checked against the generated one to float precision. One loop over
 * all leaves at once, with no conversion inside it, so that C2 vectorizes it.
 */
final class FlatAdam {
  private final float b1;
  private final float b2;
  private final float c1;
  private final float c2;
  private final float eps;
  private final float negativeLearningRate;
  private final float[] m;
  private final float[] v;
  private long count;

  FlatAdam(int size, double learningRate, double b1, double b2, double eps) {
    this.b1 = (float) b1;
    this.b2 = (float) b2;
    this.c1 = (float) (1 - b1);
    this.c2 = (float) (1 - b2);
    this.eps = (float) eps;
    this.negativeLearningRate = (float) -learningRate;
    this.m = new float[size];
    this.v = new float[size];
  }

  /** Back to the state before the first step. */
  void reset() {
    java.util.Arrays.fill(m, 0f);
    java.util.Arrays.fill(v, 0f);
    count = 0;
  }

  /** One step: updates the moments and {@code params} in place from {@code grads}. */
  void step(float[] params, float[] grads) {
    count++;
    float bc1 = 1f - (float) Math.pow(b1, count);
    float bc2 = 1f - (float) Math.pow(b2, count);
    for (int i = 0; i < params.length; i++) {
      float g = grads[i];
      float mi = c1 * g + b1 * m[i];
      float vi = c2 * (g * g) + b2 * v[i];
      m[i] = mi;
      v[i] = vi;
      float update = (mi / bc1) / ((float) Math.sqrt(vi / bc2) + eps);
      params[i] = params[i] + update * negativeLearningRate;
    }
  }
}
