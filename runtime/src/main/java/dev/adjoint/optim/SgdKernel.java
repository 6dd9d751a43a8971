package dev.adjoint.optim;

import dev.adjoint.backend.Backend;
import dev.adjoint.backend.FusedSgdStep;
import dev.adjoint.backend.Storage;
import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Device;
import dev.adjoint.tensor.Tensor;
import java.util.Arrays;

/**
 * {@code sgd(lr)} and {@code sgd(lr, momentum, nesterov)} moved in one pass over all leaves where
 * the leaves live on a device whose backend fuses the step ({@link Backend#sgdApply}: a GPU runs
 * all of them in one launch instead of two to five elementwise launches per leaf). The scalars
 * are rounded to float32 as the tensor operations of the stages round them, so the bits are
 * those of {@code trace}, {@code scale(-lr)} and {@code applyUpdates} run one after another.
 */
final class SgdKernel {
  private SgdKernel() {}

  /**
   * The moved parameters and the new traces ({@code traces} null: plain SGD, no trace), or null
   * unless every leaf is float32 on one such device and shaped as its gradient (and trace); the
   * caller then runs the stages.
   */
  static Tensor[][] applyOnDevice(Tensor[] params, Tensor[] grads, Tensor[] traces, double decay, boolean nesterov,
      double factor) {
    if (params.length == 0) {
      return null;
    }
    Backend backend = params[0].storage().backend();
    if (backend.device().equals(Device.CPU)) {
      return null;
    }
    for (int i = 0; i < params.length; i++) {
      Tensor[] leaf = traces == null ? new Tensor[] {params[i], grads[i]} : new Tensor[] {params[i], grads[i], traces[i]};
      for (Tensor t : leaf) {
        if (t.storage().backend() != backend || t.dtype() != DType.FLOAT32 || !Arrays.equals(t.shape(), params[i].shape())) {
          return null;
        }
      }
    }
    FusedSgdStep step = new FusedSgdStep((float) decay, (float) factor, nesterov);
    FusedSgdStep.Result r = backend.sgdApply(storages(params), storages(grads), traces == null ? null : storages(traces),
        step);
    if (r == null) {
      return null;
    }
    Tensor[] moved = new Tensor[params.length];
    Tensor[] nextTraces = traces == null ? null : new Tensor[params.length];
    for (int i = 0; i < params.length; i++) {
      int[] shape = params[i].shape();
      moved[i] = Tensor.ofStorage(r.params()[i], shape);
      if (nextTraces != null) {
        nextTraces[i] = Tensor.ofStorage(r.traces()[i], shape);
      }
    }
    return new Tensor[][] {moved, nextTraces};
  }

  private static Storage[] storages(Tensor[] tensors) {
    Storage[] s = new Storage[tensors.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = tensors[i].storage();
    }
    return s;
  }
}
