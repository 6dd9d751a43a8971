package dev.adjoint.optim;

import dev.adjoint.backend.Backend;
import dev.adjoint.backend.FusedAdamStep;
import dev.adjoint.backend.Storage;
import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Device;
import dev.adjoint.tensor.Tensor;
import java.util.Arrays;

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

  /** {@code fused} chooses the CPU loop (true) or tensor operations (false); tests compare them. */
  static Result step(Tensor g, Tensor m, Tensor v, double b1, double b2, double eps, long count, boolean fused) {
    return step(g, m, v, new StepConstants(b1, b2, eps, count), fused);
  }

  static Result step(Tensor g, Tensor m, Tensor v, StepConstants step, boolean fused) {
    Constants k = step.forLeaf(g, m, v);
    if (!fused) {
      return unfused(g, m, v, k);
    }
    return g.dtype() == DType.FLOAT32 ? fusedFloat(null, g, m, v, k, 0, false, 0)
        : fusedDouble(null, g, m, v, k, 0, 0);
  }

  /**
   * The Adam step, AdamW's decoupled decay {@code update + p · decay} where {@code decay} is not
   * 0, and then {@code p + factor · update} (the learning rate's scale and optax's {@code
   * apply_updates}) in one loop over the leaf: what the chain {@code scaleByAdam,
   * [addDecayedWeights(decay),] scale(factor)} followed by {@code applyUpdates} computes,
   * operation by operation and rounding by rounding, so the bits are the same (tests check this),
   * but with three arrays written instead of five or more and no tensor operation per leaf.
   * {@link Result#update()} is then the new parameter.
   */
  static Result stepAndApply(Tensor p, Tensor g, Tensor m, Tensor v, StepConstants step, double factor, double decay,
      boolean fused) {
    Constants k = step.forLeaf(g, m, v);
    if (!fused || p.dtype() != g.dtype()) {
      Result r = unfused(g, m, v, k);
      Tensor update = decay != 0 ? r.update().add(p.mul(decay)) : r.update();
      return new Result(p.add(update.mul(factor).astype(p.dtype())), r.mu(), r.nu());
    }
    return g.dtype() == DType.FLOAT32 ? fusedFloat(p, g, m, v, k, (float) factor, decay != 0, (float) decay)
        : fusedDouble(p, g, m, v, k, factor, decay);
  }

  /**
   * {@link #stepAndApply} for many leaves at once: the float32 leaves on the device of the first
   * such leaf off the CPU, when that device's backend fuses the step ({@link Backend#adamApply}:
   * a GPU moves all of them in one launch instead of fourteen per leaf). The constants are rounded
   * as {@link #fusedFloat} rounds them, so the bits are the CPU loop's. The result holds null for
   * every leaf left out (on the CPU, float64, elsewhere, or shaped unlike its gradient), and is
   * null itself where no leaf was fused; the caller steps those leaf by leaf. {@code decays[i]} is
   * AdamW's decay of leaf i (0: none); null where no leaf decays.
   */
  static Result[] applyFusedOnDevice(Tensor[] p, Tensor[] g, Tensor[] m, Tensor[] v, StepConstants step,
      double factor, double[] decays) {
    Backend backend = null;
    int[] chosen = new int[p.length];
    int count = 0;
    for (int i = 0; i < p.length; i++) {
      Backend b = p[i].storage().backend();
      if (b.device().equals(Device.CPU) || (backend != null && b != backend)) {
        continue;
      }
      boolean fusable = true;
      for (Tensor t : new Tensor[] {p[i], g[i], m[i], v[i]}) {
        fusable &= t.storage().backend() == b && t.dtype() == DType.FLOAT32 && Arrays.equals(t.shape(), p[i].shape());
      }
      if (fusable) {
        backend = b;
        chosen[count++] = i;
      }
    }
    if (count == 0) {
      return null;
    }
    Storage[][] in = new Storage[4][count];
    boolean[] decayed = new boolean[count];
    float weightDecay = 0;
    for (int j = 0; j < count; j++) {
      int i = chosen[j];
      if (decays != null && decays[i] != 0) {  // one weight decay for the chain, taken by the leaves its mask accepts
        decayed[j] = true;
        weightDecay = (float) decays[i];
      }
      in[0][j] = p[i].storage();
      in[1][j] = g[i].storage();
      in[2][j] = m[i].storage();
      in[3][j] = v[i].storage();
    }
    Constants k = step.forLeaf(g[chosen[0]], m[chosen[0]], v[chosen[0]]);
    FusedAdamStep constants = new FusedAdamStep((float) k.b1(), (float) k.b2(), (float) k.c1(), (float) k.c2(),
        (float) k.bc1(), (float) k.bc2(), (float) k.eps(), (float) factor, weightDecay);
    FusedAdamStep.Result r = backend.adamApply(in[0], in[1], in[2], in[3], decayed, constants);
    if (r == null) {
      return null;
    }
    Result[] results = new Result[p.length];
    for (int j = 0; j < count; j++) {
      int[] shape = p[chosen[j]].shape();
      results[chosen[j]] = new Result(Tensor.ofStorage(r.params()[j], shape), Tensor.ofStorage(r.mu()[j], shape),
          Tensor.ofStorage(r.nu()[j], shape));
    }
    return results;
  }

  /**
   * One step's hyperparameters and count, shared by the step's leaves: each dtype's constants
   * (two {@code Math.pow} among them) are computed once, for the first leaf of that dtype.
   */
  static final class StepConstants {
    private final double b1;
    private final double b2;
    private final double eps;
    private final long count;
    private Constants float32;
    private Constants float64;

    StepConstants(double b1, double b2, double eps, long count) {
      this.b1 = b1;
      this.b2 = b2;
      this.eps = eps;
      this.count = count;
    }

    Constants forLeaf(Tensor g, Tensor m, Tensor v) {
      if (g.dtype() != m.dtype() || g.dtype() != v.dtype()) {
        throw new IllegalArgumentException("scaleByAdam: the gradient is " + g.dtype() + ", the moments are "
            + m.dtype() + "; gradients must have their parameters' dtypes");
      }
      if (g.dtype() == DType.FLOAT32) {
        if (float32 == null) {
          float b1f = (float) b1;
          float b2f = (float) b2;
          float32 = new Constants(b1f, b2f, (float) (1 - b1), (float) (1 - b2), 1f - (float) Math.pow(b1f, count),
              1f - (float) Math.pow(b2f, count), (float) eps);
        }
        return float32;
      }
      if (float64 == null) {
        float64 = new Constants(b1, b2, 1 - b1, 1 - b2, 1 - Math.pow(b1, count), 1 - Math.pow(b2, count), eps);
      }
      return float64;
    }
  }

  static boolean onCpu(Tensor... leaves) {
    for (Tensor t : leaves) {
      if (!t.device().equals(Device.CPU)) {
        return false;
      }
    }
    return true;
  }

  /** The step's constants, computed in double and rounded to the leaf's dtype as JAX rounds them. */
  private record Constants(double b1, double b2, double c1, double c2, double bc1, double bc2, double eps) {}

  /**
   * With {@code p} null the update itself is the first result; otherwise {@code p + factor ·
   * update}, the update first taking {@code p · decay} where {@code decayed} (the double decay
   * was not 0, as {@code addDecayedWeights} decides, even where its float rounds to 0).
   */
  private static Result fusedFloat(Tensor p, Tensor g, Tensor m, Tensor v, Constants k, float factor, boolean decayed,
      float decay) {
    float b1 = (float) k.b1();
    float b2 = (float) k.b2();
    float c1 = (float) k.c1();
    float c2 = (float) k.c2();
    float bc1 = (float) k.bc1();
    float bc2 = (float) k.bc2();
    float eps = (float) k.eps();
    float[] gs = g.toFloatArray();
    float[] ms = m.toFloatArray();
    float[] vs = v.toFloatArray();
    float[] out = gs;
    // a loop per case (update only, applied, applied with decay) rather than a test per element,
    // so that C2 vectorizes each
    if (p == null) {
      for (int i = 0; i < gs.length; i++) {
        float gi = gs[i];
        float mi = c1 * gi + b1 * ms[i];
        float vi = c2 * (gi * gi) + b2 * vs[i];
        ms[i] = mi;
        vs[i] = vi;
        gs[i] = (mi / bc1) / ((float) Math.sqrt(vi / bc2) + eps);
      }
    } else if (!decayed) {
      out = p.toFloatArray();
      for (int i = 0; i < gs.length; i++) {
        float gi = gs[i];
        float mi = c1 * gi + b1 * ms[i];
        float vi = c2 * (gi * gi) + b2 * vs[i];
        ms[i] = mi;
        vs[i] = vi;
        out[i] = out[i] + (mi / bc1) / ((float) Math.sqrt(vi / bc2) + eps) * factor;
      }
    } else {
      out = p.toFloatArray();
      for (int i = 0; i < gs.length; i++) {
        float gi = gs[i];
        float mi = c1 * gi + b1 * ms[i];
        float vi = c2 * (gi * gi) + b2 * vs[i];
        ms[i] = mi;
        vs[i] = vi;
        float u = (mi / bc1) / ((float) Math.sqrt(vi / bc2) + eps) + out[i] * decay;
        out[i] = out[i] + u * factor;
      }
    }
    int[] shape = g.shape();
    return new Result(LeafArrays.of(out, shape), LeafArrays.of(ms, shape), LeafArrays.of(vs, shape));
  }

  private static Result fusedDouble(Tensor p, Tensor g, Tensor m, Tensor v, Constants k, double factor,
      double decay) {
    double b1 = k.b1();
    double b2 = k.b2();
    double c1 = k.c1();
    double c2 = k.c2();
    double bc1 = k.bc1();
    double bc2 = k.bc2();
    double eps = k.eps();
    double[] gs = g.toDoubleArray();
    double[] ms = m.toDoubleArray();
    double[] vs = v.toDoubleArray();
    double[] out = gs;
    if (p == null) {
      for (int i = 0; i < gs.length; i++) {
        double gi = gs[i];
        double mi = c1 * gi + b1 * ms[i];
        double vi = c2 * (gi * gi) + b2 * vs[i];
        ms[i] = mi;
        vs[i] = vi;
        gs[i] = (mi / bc1) / (Math.sqrt(vi / bc2) + eps);
      }
    } else {
      out = p.toDoubleArray();
      for (int i = 0; i < gs.length; i++) {
        double gi = gs[i];
        double mi = c1 * gi + b1 * ms[i];
        double vi = c2 * (gi * gi) + b2 * vs[i];
        ms[i] = mi;
        vs[i] = vi;
        double u = (mi / bc1) / (Math.sqrt(vi / bc2) + eps);
        if (decay != 0) {
          u = u + out[i] * decay;
        }
        out[i] = out[i] + u * factor;
      }
    }
    int[] shape = g.shape();
    return new Result(LeafArrays.of(out, shape), LeafArrays.of(ms, shape), LeafArrays.of(vs, shape));
  }

  /** The same arithmetic as tensor operations (constants already rounded to the leaf's dtype). */
  private static Result unfused(Tensor g, Tensor m, Tensor v, Constants k) {
    Tensor mu = g.mul(k.c1()).add(m.mul(k.b1()));
    Tensor nu = g.mul(g).mul(k.c2()).add(v.mul(k.b2()));
    Tensor update = mu.div(k.bc1()).div(nu.div(k.bc2()).sqrt().add(k.eps()));
    return new Result(update, mu, nu);
  }
}
