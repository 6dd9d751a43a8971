package dev.adjoint.optimtest;

import dev.adjoint.Differentiable;
import dev.adjoint.tensor.Tensor;
import java.util.List;

/** Seed 003's network in Java: tanh layers with weights {@code [out, in]}, mean squared error. */
final class CurveFit {
  private CurveFit() {}

  record Layer(Tensor w, Tensor b) {}

  record Params(List<Layer> layers, String activation) {}

  @Differentiable(wrt = "params")
  static double loss(Params params, Tensor x, Tensor y) {
    Tensor h = x;
    for (Layer layer : params.layers()) {
      h = h.matmulTransposeB(layer.w()).add(layer.b()).tanh();
    }
    return h.sub(y).square().mean().item();
  }
}
