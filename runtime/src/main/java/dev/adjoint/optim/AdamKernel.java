package dev.adjoint.optim;

import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Device;
import dev.adjoint.tensor.Tensor;

/**
 * One Adam step on one leaf, in optax's arithmetic: with {@code t} the step (from 1),
 *
 * <pre>
 *   m' = (1 - b1) g + b1 m
 *   v' = (1 - b2) g² + b2 v
 *   u  = (m' / (1 - b1^t)) / (sqrt(v' / (1 - b2^t)) + eps)
 * </pre>
 *
 * evaluated in the leaf's dtype operation by operation, with the constants rounded to it as JAX
 * rounds Python floats ({@code 1 - b1} is computed in double, then rounded). On the CPU this is one
 * fused loop over the leaf's elements (three arrays in, three out) instead of thirteen tensor
 * operations; on another device the same arithmetic runs as tensor operations there, so the leaf
 * never leaves its device. Both give the same bits (a test checks this).
 *
 * <p>The bias corrections {@code 1 - b^t} are computed from a correctly rounded power of the
 * rounded {@code b}; XLA's float32 {@code pow} may differ from it by an ulp.
 */
final class AdamKernel {
  private AdamKernel() {}

  /** The results for one leaf: the update direction and the new moments. */
  record Result(Tensor update, Tensor mu, Tensor nu) {}

  static Result step(Tensor g, Tensor m, Tensor v, double b1, double b2, double eps, long count) {
    boolean fused = g.device().equals(Device.CPU) && m.device().equals(Device.CPU) && v.device().equals(Device.CPU);
    return step(g, m, v, b1, b2, eps, count, fused);
  }

  /** {@code fused} chooses the CPU loop (true) or tensor operations (false); tests compare them. */
  static Result step(Tensor g, Tensor m, Tensor v, double b1, double b2, double eps, long count, boolean fused) {
    if (g.dtype() != m.dtype() || g.dtype() != v.dtype()) {
      throw new IllegalArgumentException("scaleByAdam: the gradient is " + g.dtype() + ", the moments are "
          + m.dtype() + "; gradients must have their parameters' dtypes");
    }
    if (g.dtype() == DType.FLOAT32) {
      float b1f = (float) b1;
      float b2f = (float) b2;
      float c1 = (float) (1 - b1);
      float c2 = (float) (1 - b2);
      float bc1 = 1f - (float) Math.pow(b1f, count);
      float bc2 = 1f - (float) Math.pow(b2f, count);
      float epsf = (float) eps;
      return fused ? fusedFloat(g, m, v, b1f, b2f, c1, c2, bc1, bc2, epsf)
          : unfused(g, m, v, b1f, b2f, c1, c2, bc1, bc2, epsf);
    }
    double bc1 = 1 - Math.pow(b1, count);
    double bc2 = 1 - Math.pow(b2, count);
    return fused ? fusedDouble(g, m, v, b1, b2, 1 - b1, 1 - b2, bc1, bc2, eps)
        : unfused(g, m, v, b1, b2, 1 - b1, 1 - b2, bc1, bc2, eps);
  }

  private static Result fusedFloat(Tensor g, Tensor m, Tensor v, float b1, float b2, float c1, float c2,
      float bc1, float bc2, float eps) {
    float[] gs = g.toFloatArray();
    float[] ms = m.toFloatArray();
    float[] vs = v.toFloatArray();
    for (int i = 0; i < gs.length; i++) {
      float gi = gs[i];
      float mi = c1 * gi + b1 * ms[i];
      float vi = c2 * (gi * gi) + b2 * vs[i];
      ms[i] = mi;
      vs[i] = vi;
      gs[i] = (mi / bc1) / ((float) Math.sqrt(vi / bc2) + eps);
    }
    int[] shape = g.shape();
    return new Result(LeafArrays.of(gs, shape), LeafArrays.of(ms, shape), LeafArrays.of(vs, shape));
  }

  private static Result fusedDouble(Tensor g, Tensor m, Tensor v, double b1, double b2, double c1, double c2,
      double bc1, double bc2, double eps) {
    double[] gs = g.toDoubleArray();
    double[] ms = m.toDoubleArray();
    double[] vs = v.toDoubleArray();
    for (int i = 0; i < gs.length; i++) {
      double gi = gs[i];
      double mi = c1 * gi + b1 * ms[i];
      double vi = c2 * (gi * gi) + b2 * vs[i];
      ms[i] = mi;
      vs[i] = vi;
      gs[i] = (mi / bc1) / (Math.sqrt(vi / bc2) + eps);
    }
    int[] shape = g.shape();
    return new Result(LeafArrays.of(gs, shape), LeafArrays.of(ms, shape), LeafArrays.of(vs, shape));
  }

  /** The same arithmetic as tensor operations (constants already rounded to the leaf's dtype). */
  private static Result unfused(Tensor g, Tensor m, Tensor v, double b1, double b2, double c1, double c2,
      double bc1, double bc2, double eps) {
    Tensor mu = g.mul(c1).add(m.mul(b1));
    Tensor nu = g.mul(g).mul(c2).add(v.mul(b2));
    Tensor update = mu.div(bc1).div(nu.div(bc2).sqrt().add(eps));
    return new Result(update, mu, nu);
  }
}
