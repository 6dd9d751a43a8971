package dev.adjoint.rules;

import static dev.adjoint.rules.GradientCheck.awayFromZero;
import static dev.adjoint.rules.GradientCheck.check;
import static dev.adjoint.rules.GradientCheck.random;
import static dev.adjoint.rules.GradientCheck.uniform;

import dev.adjoint.tensor.BackwardOps;
import dev.adjoint.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The rules of the fused backward kernels (what makes second derivatives work through the first
 * derivative's rules), and a second derivative assembled from them.
 */
class BackwardOpsRulesTest {

  @Test
  void unaryBackwardKernels() {
    Tensor x = random(3, 4);
    Tensor g = random(3, 4);
    Tensor kinked = awayFromZero(3, 4);
    Tensor positive = uniform(0.3, 3, 3, 4);
    check(x, v -> BackwardOps.tanhBackward(v, g), h -> TensorRules.tanhBackwardX(x, g, h));
    check(g, v -> BackwardOps.tanhBackward(x, v), h -> TensorRules.tanhBackwardG(x, g, h));
    Tensor t = x.tanh();
    check(t, v -> BackwardOps.tanhBackwardFromResult(v, g), h -> TensorRules.tanhBackwardFromResultT(t, g, h));
    check(g, v -> BackwardOps.tanhBackwardFromResult(t, v), h -> TensorRules.tanhBackwardFromResultG(t, g, h));
    check(x, v -> BackwardOps.sigmoidBackward(v, g), h -> TensorRules.sigmoidBackwardX(x, g, h));
    check(g, v -> BackwardOps.sigmoidBackward(x, v), h -> TensorRules.sigmoidBackwardG(x, g, h));
    check(kinked, v -> BackwardOps.reluBackward(v, g), h -> TensorRules.reluBackwardX(kinked, g, h));
    check(g, v -> BackwardOps.reluBackward(kinked, v), h -> TensorRules.reluBackwardG(kinked, g, h));
    check(x, v -> BackwardOps.softplusBackward(v, g), h -> TensorRules.softplusBackwardX(x, g, h));
    check(g, v -> BackwardOps.softplusBackward(x, v), h -> TensorRules.softplusBackwardG(x, g, h));
    check(kinked, v -> BackwardOps.absBackward(v, g), h -> TensorRules.absBackwardX(kinked, g, h));
    check(g, v -> BackwardOps.absBackward(kinked, v), h -> TensorRules.absBackwardG(kinked, g, h));
    check(positive, v -> BackwardOps.sqrtBackward(v, g), h -> TensorRules.sqrtBackwardX(positive, g, h));
    check(g, v -> BackwardOps.sqrtBackward(positive, v), h -> TensorRules.sqrtBackwardG(positive, g, h));
  }

  @Test
  void maxBackward() {
    Tensor x = random(3, 4);
    int[] axes = {1};
    Tensor kept = random(3, 1);
    Tensor dropped = random(3);
    check(x, v -> BackwardOps.maxBackward(v, axes, kept), h -> TensorRules.maxBackwardX(x, axes, kept, h));
    check(kept, v -> BackwardOps.maxBackward(x, axes, v), h -> TensorRules.maxBackwardG(x, axes, kept, h));
    check(dropped, v -> BackwardOps.maxBackward(x, axes, v), h -> TensorRules.maxBackwardG(x, axes, dropped, h));
  }

  @Test
  void softmaxBackwardKernels() {
    Tensor x = random(3, 5);
    Tensor g = random(3, 5);
    for (int axis : new int[] {0, 1}) {
      check(x, v -> BackwardOps.softmaxBackward(v, axis, g), h -> TensorRules.softmaxBackwardX(x, axis, g, h));
      check(g, v -> BackwardOps.softmaxBackward(x, axis, v), h -> TensorRules.softmaxBackwardG(x, axis, g, h));
      check(x, v -> BackwardOps.logSoftmaxBackward(v, axis, g), h -> TensorRules.logSoftmaxBackwardX(x, axis, g, h));
      check(g, v -> BackwardOps.logSoftmaxBackward(x, axis, v), h -> TensorRules.logSoftmaxBackwardG(x, axis, g, h));
    }
  }

  @Test
  void softmaxCrossEntropyBackwardKernel() {
    Tensor x = random(3, 5);
    Tensor labels = uniform(0.1, 1, 3, 5);
    for (int axis : new int[] {0, 1}) {
      Tensor g = random(axis == 0 ? 5 : 3);
      check(x, v -> BackwardOps.softmaxCrossEntropyBackward(v, labels, axis, g),
          h -> TensorRules.softmaxCrossEntropyBackwardX(x, labels, axis, g, h));
      check(labels, v -> BackwardOps.softmaxCrossEntropyBackward(x, v, axis, g),
          h -> TensorRules.softmaxCrossEntropyBackwardLabels(x, labels, axis, g, h));
      check(g, v -> BackwardOps.softmaxCrossEntropyBackward(x, labels, axis, v),
          h -> TensorRules.softmaxCrossEntropyBackwardG(x, labels, axis, g, h));
    }
  }

  @Test
  void rowScatterAndUnslice() {
    Tensor values = random(4, 3);
    int[] rows = {2, 0, 2, 1};
    check(values, v -> BackwardOps.scatterAddRows(v, rows, 5), h -> TensorRules.scatterAddRows(values, rows, 5, h));
    Tensor g = random(2, 2, 3);
    int[] shape = {2, 5, 3};
    check(g, v -> BackwardOps.unslice(v, shape, 1, 2), h -> TensorRules.unslice(g, shape, 1, 2, h));
  }

  /**
   * The Hessian-vector product of {@code f(x) = sum(tanh(W x))} from differentiating the gradient
   * rule chain again, against differences of the gradient.
   */
  @Test
  void secondDerivativeThroughTheRules() {
    Tensor w = random(4, 3);
    Tensor x = random(3);
    // gradient of f: x -> W^T (1 - tanh^2(W x)), via the rules
    java.util.function.Function<Tensor, Tensor> grad = v -> {
      Tensor z = w.matmul(v);
      Tensor y = z.tanh();
      Tensor gy = Tensor.onesLike(y);
      Tensor gz = TensorRules.tanh(z, y, gy);
      return TensorRules.matmulOther(w, v, gz);
    };
    // reverse over that gradient's computation, rule by rule, with adjoint h of the gradient
    check(x, grad, h -> {
      Tensor z = w.matmul(x);
      Tensor gy = Tensor.onesLike(z);
      Tensor gz = TensorRules.tanh(z, z.tanh(), gy);
      // matmulOther(w, x, gz) computed w^T gz as w.matmulTransposeA(gz as a column)
      Tensor hGz = TensorRules.matmulTransposeAOther(w, gz.reshape(4, 1), h.reshape(3, 1)).reshape(4);
      // gz = tanhBackwardFromResult(y, gy) with y = tanh(z)
      Tensor y = z.tanh();
      Tensor hz = TensorRules.tanh(z, y, TensorRules.tanhBackwardFromResultT(y, gy, hGz));
      // z = w x
      return TensorRules.matmulOther(w, x, hz);
    });
  }
}
