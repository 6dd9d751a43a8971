package dev.adjoint.rules;

import dev.adjoint.DerivativeOf;
import dev.adjoint.tensor.BackwardOps;
import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Device;
import dev.adjoint.tensor.Shape;
import dev.adjoint.tensor.Tensor;

/**
 * Reverse-mode derivative rules of every differentiable {@link Tensor} operation, and of the
 * fused kernels in {@link BackwardOps} (so that rules can be differentiated again).
 *
 * <p>Convention (see {@link DerivativeOf}): a rule takes the primitive's parameters, the receiver
 * first for an instance method, followed by the adjoint of the primitive's result, and returns
 * the adjoint contribution of the one parameter named by {@code wrt}. Rules for a {@code double}
 * parameter return a {@code double}. Where an operand was broadcast, its adjoint is summed back to
 * its shape ({@link Tensor#sumTo}), which costs nothing when no broadcast happened. Integer
 * parameters (axes, indices) are not differentiable; their rules' adjoints have no such entry.
 *
 * <p>Rules never modify their arguments (tensors are immutable) and return the result adjoint
 * itself where the derivative is the identity, without copying.
 */
public final class TensorRules {
  private TensorRules() {}

  // ============================================================================================
  // Binary arithmetic with broadcasting

  @DerivativeOf(value = Tensor.class, method = "add", wrt = "0")
  public static Tensor addSelf(Tensor self, Tensor other, Tensor resultAdjoint) {
    return resultAdjoint.sumTo(self.shape());
  }

  @DerivativeOf(value = Tensor.class, method = "add", wrt = "1")
  public static Tensor addOther(Tensor self, Tensor other, Tensor resultAdjoint) {
    return resultAdjoint.sumTo(other.shape());
  }

  @DerivativeOf(value = Tensor.class, method = "sub", wrt = "0")
  public static Tensor subSelf(Tensor self, Tensor other, Tensor resultAdjoint) {
    return resultAdjoint.sumTo(self.shape());
  }

  @DerivativeOf(value = Tensor.class, method = "sub", wrt = "1")
  public static Tensor subOther(Tensor self, Tensor other, Tensor resultAdjoint) {
    return resultAdjoint.sumTo(other.shape()).neg();
  }

  @DerivativeOf(value = Tensor.class, method = "mul", wrt = "0")
  public static Tensor mulSelf(Tensor self, Tensor other, Tensor resultAdjoint) {
    return resultAdjoint.mul(other).sumTo(self.shape());
  }

  @DerivativeOf(value = Tensor.class, method = "mul", wrt = "1")
  public static Tensor mulOther(Tensor self, Tensor other, Tensor resultAdjoint) {
    return resultAdjoint.mul(self).sumTo(other.shape());
  }

  @DerivativeOf(value = Tensor.class, method = "div", wrt = "0")
  public static Tensor divSelf(Tensor self, Tensor other, Tensor resultAdjoint) {
    return resultAdjoint.div(other).sumTo(self.shape());
  }

  /** {@code -g x / y^2}, computed as {@code -(g / y) (x / y)} so that it overflows no sooner than the result. */
  @DerivativeOf(value = Tensor.class, method = "div", wrt = "1")
  public static Tensor divOther(Tensor self, Tensor other, Tensor resultAdjoint) {
    return resultAdjoint.div(other).mul(self.div(other)).sumTo(other.shape()).neg();
  }

  // ============================================================================================
  // Arithmetic with a constant

  @DerivativeOf(value = Tensor.class, method = "add", wrt = "0")
  public static Tensor addScalarSelf(Tensor self, double c, Tensor resultAdjoint) {
    return resultAdjoint;
  }

  @DerivativeOf(value = Tensor.class, method = "add", wrt = "1")
  public static double addScalarConstant(Tensor self, double c, Tensor resultAdjoint) {
    return resultAdjoint.sum().item();
  }

  @DerivativeOf(value = Tensor.class, method = "sub", wrt = "0")
  public static Tensor subScalarSelf(Tensor self, double c, Tensor resultAdjoint) {
    return resultAdjoint;
  }

  @DerivativeOf(value = Tensor.class, method = "sub", wrt = "1")
  public static double subScalarConstant(Tensor self, double c, Tensor resultAdjoint) {
    return -resultAdjoint.sum().item();
  }

  @DerivativeOf(value = Tensor.class, method = "rsub", wrt = "0")
  public static Tensor rsubSelf(Tensor self, double c, Tensor resultAdjoint) {
    return resultAdjoint.neg();
  }

  @DerivativeOf(value = Tensor.class, method = "rsub", wrt = "1")
  public static double rsubConstant(Tensor self, double c, Tensor resultAdjoint) {
    return resultAdjoint.sum().item();
  }

  @DerivativeOf(value = Tensor.class, method = "mul", wrt = "0")
  public static Tensor mulScalarSelf(Tensor self, double c, Tensor resultAdjoint) {
    return resultAdjoint.mul(c);
  }

  @DerivativeOf(value = Tensor.class, method = "mul", wrt = "1")
  public static double mulScalarConstant(Tensor self, double c, Tensor resultAdjoint) {
    return resultAdjoint.mul(self).sum().item();
  }

  @DerivativeOf(value = Tensor.class, method = "div", wrt = "0")
  public static Tensor divScalarSelf(Tensor self, double c, Tensor resultAdjoint) {
    return resultAdjoint.div(c);
  }

  @DerivativeOf(value = Tensor.class, method = "div", wrt = "1")
  public static double divScalarConstant(Tensor self, double c, Tensor resultAdjoint) {
    return -resultAdjoint.mul(self).sum().item() / (c * c);
  }

  /** {@code d(c/x)/dx = -c / x^2}. */
  @DerivativeOf(value = Tensor.class, method = "rdiv", wrt = "0")
  public static Tensor rdivSelf(Tensor self, double c, Tensor resultAdjoint) {
    return resultAdjoint.div(self).div(self).mul(-c);
  }

  @DerivativeOf(value = Tensor.class, method = "rdiv", wrt = "1")
  public static double rdivConstant(Tensor self, double c, Tensor resultAdjoint) {
    return resultAdjoint.div(self).sum().item();
  }

  /** {@code p x^(p-1)}; 0 for {@code p = 0} (where {@code x^-1} would make 0 * inf at x = 0). */
  @DerivativeOf(value = Tensor.class, method = "pow", wrt = "0")
  public static Tensor powSelf(Tensor self, double p, Tensor resultAdjoint) {
    if (p == 0) {
      return Tensor.zerosLike(self);
    }
    if (p == 1) {
      return resultAdjoint;
    }
    return resultAdjoint.mul(self.pow(p - 1)).mul(p);
  }

  /** {@code sum(g x^p log x)}; terms at {@code x = 0} count as 0, as in JAX. */
  @DerivativeOf(value = Tensor.class, method = "pow", wrt = "1")
  public static double powExponent(Tensor self, double p, Tensor resultAdjoint) {
    double[] x = self.toDoubleArray();
    double[] g = resultAdjoint.toDoubleArray();
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] != 0) {
        sum += g[i] * Math.pow(x[i], p) * Math.log(x[i]);
      }
    }
    return sum;
  }

  // ============================================================================================
  // Elementwise functions

  @DerivativeOf(value = Tensor.class, method = "neg")
  public static Tensor neg(Tensor self, Tensor resultAdjoint) {
    return resultAdjoint.neg();
  }

  @DerivativeOf(value = Tensor.class, method = "exp")
  public static Tensor exp(Tensor self, Tensor resultAdjoint) {
    return resultAdjoint.mul(self.exp());
  }

  @DerivativeOf(value = Tensor.class, method = "log")
  public static Tensor log(Tensor self, Tensor resultAdjoint) {
    return resultAdjoint.div(self);
  }

  /** From the forward result, which generated code keeps: tanh is not evaluated a second time. */
  @DerivativeOf(value = Tensor.class, method = "tanh", usesResult = true)
  public static Tensor tanh(Tensor self, Tensor result, Tensor resultAdjoint) {
    return BackwardOps.tanhBackwardFromResult(result, resultAdjoint);
  }

  @DerivativeOf(value = Tensor.class, method = "sigmoid")
  public static Tensor sigmoid(Tensor self, Tensor resultAdjoint) {
    return BackwardOps.sigmoidBackward(self, resultAdjoint);
  }

  @DerivativeOf(value = Tensor.class, method = "relu")
  public static Tensor relu(Tensor self, Tensor resultAdjoint) {
    return BackwardOps.reluBackward(self, resultAdjoint);
  }

  @DerivativeOf(value = Tensor.class, method = "softplus")
  public static Tensor softplus(Tensor self, Tensor resultAdjoint) {
    return BackwardOps.softplusBackward(self, resultAdjoint);
  }

  @DerivativeOf(value = Tensor.class, method = "sqrt")
  public static Tensor sqrt(Tensor self, Tensor resultAdjoint) {
    return BackwardOps.sqrtBackward(self, resultAdjoint);
  }

  @DerivativeOf(value = Tensor.class, method = "square")
  public static Tensor square(Tensor self, Tensor resultAdjoint) {
    return resultAdjoint.mul(self).mul(2.0);
  }

  @DerivativeOf(value = Tensor.class, method = "abs")
  public static Tensor abs(Tensor self, Tensor resultAdjoint) {
    return BackwardOps.absBackward(self, resultAdjoint);
  }

  // ============================================================================================
  // Reductions: the adjoint is spread back over the reduced axes

  @DerivativeOf(value = Tensor.class, method = "sum")
  public static Tensor sum(Tensor self, Tensor resultAdjoint) {
    return resultAdjoint.broadcastTo(self.shape());
  }

  @DerivativeOf(value = Tensor.class, method = "sum", wrt = "0")
  public static Tensor sumAxis(Tensor self, int axis, Tensor resultAdjoint) {
    return spread(self, new int[] {axis}, resultAdjoint);
  }

  @DerivativeOf(value = Tensor.class, method = "sum", wrt = "0")
  public static Tensor sumAxisKeepDims(Tensor self, int axis, boolean keepDims, Tensor resultAdjoint) {
    return spread(self, new int[] {axis}, resultAdjoint);
  }

  @DerivativeOf(value = Tensor.class, method = "sum", wrt = "0")
  public static Tensor sumAxes(Tensor self, int[] axes, boolean keepDims, Tensor resultAdjoint) {
    return spread(self, axes, resultAdjoint);
  }

  @DerivativeOf(value = Tensor.class, method = "mean")
  public static Tensor mean(Tensor self, Tensor resultAdjoint) {
    return resultAdjoint.div(self.size()).broadcastTo(self.shape());
  }

  @DerivativeOf(value = Tensor.class, method = "mean", wrt = "0")
  public static Tensor meanAxis(Tensor self, int axis, Tensor resultAdjoint) {
    return meanSpread(self, new int[] {axis}, resultAdjoint);
  }

  @DerivativeOf(value = Tensor.class, method = "mean", wrt = "0")
  public static Tensor meanAxisKeepDims(Tensor self, int axis, boolean keepDims, Tensor resultAdjoint) {
    return meanSpread(self, new int[] {axis}, resultAdjoint);
  }

  @DerivativeOf(value = Tensor.class, method = "mean", wrt = "0")
  public static Tensor meanAxes(Tensor self, int[] axes, boolean keepDims, Tensor resultAdjoint) {
    return meanSpread(self, axes, resultAdjoint);
  }

  @DerivativeOf(value = Tensor.class, method = "max")
  public static Tensor max(Tensor self, Tensor resultAdjoint) {
    return BackwardOps.maxBackward(self, allAxes(self), resultAdjoint);
  }

  @DerivativeOf(value = Tensor.class, method = "max", wrt = "0")
  public static Tensor maxAxis(Tensor self, int axis, Tensor resultAdjoint) {
    return BackwardOps.maxBackward(self, new int[] {axis}, resultAdjoint);
  }

  @DerivativeOf(value = Tensor.class, method = "max", wrt = "0")
  public static Tensor maxAxisKeepDims(Tensor self, int axis, boolean keepDims, Tensor resultAdjoint) {
    return BackwardOps.maxBackward(self, new int[] {axis}, resultAdjoint);
  }

  // ============================================================================================
  // Shape

  @DerivativeOf(value = Tensor.class, method = "reshape", wrt = "0")
  public static Tensor reshape(Tensor self, int[] newShape, Tensor resultAdjoint) {
    return resultAdjoint.reshape(self.shape());
  }

  /** Reversing the axes is its own inverse. */
  @DerivativeOf(value = Tensor.class, method = "transpose")
  public static Tensor transpose(Tensor self, Tensor resultAdjoint) {
    return resultAdjoint.transpose();
  }

  @DerivativeOf(value = Tensor.class, method = "transpose", wrt = "0")
  public static Tensor transposePermutation(Tensor self, int[] perm, Tensor resultAdjoint) {
    int[] inverse = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inverse[perm[i] < 0 ? perm[i] + perm.length : perm[i]] = i;
    }
    return resultAdjoint.transpose(inverse);
  }

  @DerivativeOf(value = Tensor.class, method = "broadcastTo", wrt = "0")
  public static Tensor broadcastTo(Tensor self, int[] target, Tensor resultAdjoint) {
    return resultAdjoint.sumTo(self.shape());
  }

  @DerivativeOf(value = Tensor.class, method = "sumTo", wrt = "0")
  public static Tensor sumTo(Tensor self, int[] target, Tensor resultAdjoint) {
    return resultAdjoint.reshape(reducedKeepDims(self.shape(), target)).broadcastTo(self.shape());
  }

  @DerivativeOf(value = Tensor.class, method = "gatherRows", wrt = "0")
  public static Tensor gatherRows(Tensor self, int[] rows, Tensor resultAdjoint) {
    return BackwardOps.scatterAddRows(resultAdjoint, rows, self.shape(0));
  }

  @DerivativeOf(value = Tensor.class, method = "slice", wrt = "0")
  public static Tensor slice(Tensor self, int axis, int start, int end, Tensor resultAdjoint) {
    return BackwardOps.unslice(resultAdjoint, self.shape(), axis, start);
  }

  @DerivativeOf(value = Tensor.class, method = "concat", wrt = "0")
  public static Tensor concatSelf(Tensor self, Tensor other, int axis, Tensor resultAdjoint) {
    return resultAdjoint.slice(axis, 0, self.shape(axis));
  }

  @DerivativeOf(value = Tensor.class, method = "concat", wrt = "1")
  public static Tensor concatOther(Tensor self, Tensor other, int axis, Tensor resultAdjoint) {
    int start = self.shape(axis);
    return resultAdjoint.slice(axis, start, start + other.shape(axis));
  }

  /** The static {@code concat(axis, parts...)}: one slice of the adjoint per part. */
  @DerivativeOf(value = Tensor.class, method = "concat", wrt = "1")
  public static Tensor[] concatParts(int axis, Tensor[] parts, Tensor resultAdjoint) {
    Tensor[] adjoints = new Tensor[parts.length];
    int start = 0;
    for (int i = 0; i < parts.length; i++) {
      int length = parts[i].shape(axis);
      adjoints[i] = resultAdjoint.slice(axis, start, start + length);
      start += length;
    }
    return adjoints;
  }

  // ============================================================================================
  // Matrix products. A 1-D operand is promoted to a matrix (row on the left, column on the right)
  // so that one formula covers every case; batch axes that were broadcast are summed back.

  /** {@code dA = G B^T}. */
  @DerivativeOf(value = Tensor.class, method = "matmul", wrt = "0")
  public static Tensor matmulSelf(Tensor self, Tensor other, Tensor resultAdjoint) {
    if (self.rank() == 1 && other.rank() == 1) {
      return resultAdjoint.mul(other);
    }
    Tensor b = asRightMatrix(other);
    Tensor g = adjointAsMatrix(resultAdjoint, self.rank() == 1, other.rank() == 1);
    Tensor a = asLeftMatrix(self);
    return g.matmulTransposeB(b).sumTo(a.shape()).reshape(self.shape());
  }

  /** {@code dB = A^T G}. */
  @DerivativeOf(value = Tensor.class, method = "matmul", wrt = "1")
  public static Tensor matmulOther(Tensor self, Tensor other, Tensor resultAdjoint) {
    if (self.rank() == 1 && other.rank() == 1) {
      return resultAdjoint.mul(self);
    }
    Tensor a = asLeftMatrix(self);
    Tensor g = adjointAsMatrix(resultAdjoint, self.rank() == 1, other.rank() == 1);
    Tensor b = asRightMatrix(other);
    return a.matmulTransposeA(g).sumTo(b.shape()).reshape(other.shape());
  }

  /** {@code C = A^T B}: {@code dA = B G^T}. */
  @DerivativeOf(value = Tensor.class, method = "matmulTransposeA", wrt = "0")
  public static Tensor matmulTransposeASelf(Tensor self, Tensor other, Tensor resultAdjoint) {
    return other.matmulTransposeB(resultAdjoint).sumTo(self.shape());
  }

  /** {@code C = A^T B}: {@code dB = A G}. */
  @DerivativeOf(value = Tensor.class, method = "matmulTransposeA", wrt = "1")
  public static Tensor matmulTransposeAOther(Tensor self, Tensor other, Tensor resultAdjoint) {
    return self.matmul(resultAdjoint).sumTo(other.shape());
  }

  /** {@code C = A B^T}: {@code dA = G B}. */
  @DerivativeOf(value = Tensor.class, method = "matmulTransposeB", wrt = "0")
  public static Tensor matmulTransposeBSelf(Tensor self, Tensor other, Tensor resultAdjoint) {
    return resultAdjoint.matmul(other).sumTo(self.shape());
  }

  /** {@code C = A B^T}: {@code dB = G^T A}. */
  @DerivativeOf(value = Tensor.class, method = "matmulTransposeB", wrt = "1")
  public static Tensor matmulTransposeBOther(Tensor self, Tensor other, Tensor resultAdjoint) {
    return resultAdjoint.matmulTransposeA(self).sumTo(other.shape());
  }

  /** {@code C = A B^T} ({@code A.matmul(B.transpose())}): {@code dA = G B}. */
  @DerivativeOf(value = Tensor.class, method = "matmulTransposed", wrt = "0")
  public static Tensor matmulTransposedSelf(Tensor self, Tensor other, Tensor resultAdjoint) {
    if (other.rank() == 2 && self.rank() >= 2) {
      return matmulTransposeBSelf(self, other, resultAdjoint);
    }
    return matmulSelf(self, other.transpose(), resultAdjoint);
  }

  /** {@code C = A B^T}: {@code dB = G^T A}, computed in {@code B}'s layout (no transpose back). */
  @DerivativeOf(value = Tensor.class, method = "matmulTransposed", wrt = "1")
  public static Tensor matmulTransposedOther(Tensor self, Tensor other, Tensor resultAdjoint) {
    if (other.rank() == 2 && self.rank() >= 2) {
      return matmulTransposeBOther(self, other, resultAdjoint);
    }
    return matmulOther(self, other.transpose(), resultAdjoint).transpose();
  }

  /** {@code y = A B^T + b} ({@code A.linear(B, b)}): {@code dA = G B}, with {@code G} summed to the product's shape. */
  @DerivativeOf(value = Tensor.class, method = "linear", wrt = "0")
  public static Tensor linearSelf(Tensor self, Tensor w, Tensor b, Tensor resultAdjoint) {
    return matmulTransposedSelf(self, w, resultAdjoint.sumTo(productShape(self, w, true)));
  }

  /** {@code y = A B^T + b}: {@code dB = G^T A}, in {@code B}'s layout. */
  @DerivativeOf(value = Tensor.class, method = "linear", wrt = "1")
  public static Tensor linearWeight(Tensor self, Tensor w, Tensor b, Tensor resultAdjoint) {
    return matmulTransposedOther(self, w, resultAdjoint.sumTo(productShape(self, w, true)));
  }

  /** {@code y = A B^T + b}: {@code db = G} summed over the axes {@code b} was broadcast along. */
  @DerivativeOf(value = Tensor.class, method = "linear", wrt = "2")
  public static Tensor linearBias(Tensor self, Tensor w, Tensor b, Tensor resultAdjoint) {
    return resultAdjoint.sumTo(b.shape());
  }

  /** {@code y = A B + b} ({@code A.matmulAdd(B, b)}): {@code dA = G B^T}, with {@code G} summed to the product's shape. */
  @DerivativeOf(value = Tensor.class, method = "matmulAdd", wrt = "0")
  public static Tensor matmulAddSelf(Tensor self, Tensor w, Tensor b, Tensor resultAdjoint) {
    return matmulSelf(self, w, resultAdjoint.sumTo(productShape(self, w, false)));
  }

  /** {@code y = A B + b}: {@code dB = A^T G}. */
  @DerivativeOf(value = Tensor.class, method = "matmulAdd", wrt = "1")
  public static Tensor matmulAddWeight(Tensor self, Tensor w, Tensor b, Tensor resultAdjoint) {
    return matmulOther(self, w, resultAdjoint.sumTo(productShape(self, w, false)));
  }

  /** {@code y = A B + b}: {@code db = G} summed over the axes {@code b} was broadcast along. */
  @DerivativeOf(value = Tensor.class, method = "matmulAdd", wrt = "2")
  public static Tensor matmulAddBias(Tensor self, Tensor w, Tensor b, Tensor resultAdjoint) {
    return resultAdjoint.sumTo(b.shape());
  }

  /**
   * The shape of {@code self.matmulTransposed(w)} ({@code transposed}) or {@code self.matmul(w)},
   * without computing it where the ranks make it plain.
   */
  private static int[] productShape(Tensor self, Tensor w, boolean transposed) {
    if (w.rank() == 2 && self.rank() >= (transposed ? 2 : 1)) {
      int[] shape = self.shape();
      shape[shape.length - 1] = w.shape(transposed ? 0 : 1);
      return shape;
    }
    return (transposed ? self.matmulTransposed(w) : self.matmul(w)).shape();
  }


  // ============================================================================================
  // Softmax family

  @DerivativeOf(value = Tensor.class, method = "softmax", wrt = "0")
  public static Tensor softmax(Tensor self, int axis, Tensor resultAdjoint) {
    return BackwardOps.softmaxBackward(self, axis, resultAdjoint);
  }

  @DerivativeOf(value = Tensor.class, method = "logSoftmax", wrt = "0")
  public static Tensor logSoftmax(Tensor self, int axis, Tensor resultAdjoint) {
    return BackwardOps.logSoftmaxBackward(self, axis, resultAdjoint);
  }

  /** optax's {@code softmax_cross_entropy}: {@code d/dlogits = g (softmax(x) sum(labels) - labels)}, one fused step. */
  @DerivativeOf(value = Tensor.class, method = "softmaxCrossEntropy", wrt = "0")
  public static Tensor softmaxCrossEntropySelf(Tensor self, Tensor labels, int axis, Tensor resultAdjoint) {
    return BackwardOps.softmaxCrossEntropyBackward(self, labels, axis, resultAdjoint);
  }

  /** {@code d/dlabels = -g logSoftmax(x)}, {@code g} broadcast along the axis. */
  @DerivativeOf(value = Tensor.class, method = "softmaxCrossEntropy", wrt = "1")
  public static Tensor softmaxCrossEntropyLabels(Tensor self, Tensor labels, int axis, Tensor resultAdjoint) {
    return self.logSoftmax(axis).mul(withAxis(resultAdjoint, self, axis)).neg();
  }

  /** {@code g}, shaped as {@code x} less {@code axis}, with that axis back as length 1 (to broadcast along it). */
  private static Tensor withAxis(Tensor g, Tensor x, int axis) {
    int[] shape = x.shape();
    return g.reshape(Shape.reduced(shape, Shape.axisMask("softmaxCrossEntropy", new int[] {axis}, shape.length), true));
  }

  // ============================================================================================
  // Conversions and element access

  @DerivativeOf(value = Tensor.class, method = "astype", wrt = "0")
  public static Tensor astype(Tensor self, DType dtype, Tensor resultAdjoint) {
    return resultAdjoint.astype(self.dtype());
  }

  @DerivativeOf(value = Tensor.class, method = "to", wrt = "0")
  public static Tensor to(Tensor self, Device device, Tensor resultAdjoint) {
    return resultAdjoint.to(self.device());
  }

  @DerivativeOf(value = Tensor.class, method = "item")
  public static Tensor item(Tensor self, double resultAdjoint) {
    return Tensor.fullLike(self, resultAdjoint);
  }

  @DerivativeOf(value = Tensor.class, method = "get", wrt = "0")
  public static Tensor get(Tensor self, int[] index, double resultAdjoint) {
    int[] shape = self.shape();
    double[] values = new double[self.size()];
    int flat = 0;
    for (int i = 0; i < index.length; i++) {
      flat = flat * shape[i] + index[i];
    }
    values[flat] = resultAdjoint;
    return Tensor.of(values, self.dtype()).reshape(shape).to(self.device());
  }

  @DerivativeOf(value = Tensor.class, method = "toDoubleArray")
  public static Tensor toDoubleArray(Tensor self, double[] resultAdjoint) {
    return Tensor.of(resultAdjoint, self.dtype()).reshape(self.shape()).to(self.device());
  }

  @DerivativeOf(value = Tensor.class, method = "toDoubleMatrix")
  public static Tensor toDoubleMatrix(Tensor self, double[][] resultAdjoint) {
    return Tensor.of(resultAdjoint, self.dtype()).to(self.device());
  }

  // ============================================================================================
  // Creation from differentiable Java values

  @DerivativeOf(value = Tensor.class, method = "of", wrt = "0")
  public static double[] ofArray(double[] values, int[] shape, Tensor resultAdjoint) {
    return resultAdjoint.toDoubleArray();
  }

  @DerivativeOf(value = Tensor.class, method = "of", wrt = "0")
  public static double[] ofArrayWithDType(double[] values, DType dtype, int[] shape, Tensor resultAdjoint) {
    return resultAdjoint.toDoubleArray();
  }

  @DerivativeOf(value = Tensor.class, method = "of", wrt = "0")
  public static double[][] ofRows(double[][] rows, Tensor resultAdjoint) {
    return resultAdjoint.toDoubleMatrix();
  }

  @DerivativeOf(value = Tensor.class, method = "of", wrt = "0")
  public static double[][] ofRowsWithDType(double[][] rows, DType dtype, Tensor resultAdjoint) {
    return resultAdjoint.toDoubleMatrix();
  }

  @DerivativeOf(value = Tensor.class, method = "scalar", wrt = "0")
  public static double scalar(double value, Tensor resultAdjoint) {
    return resultAdjoint.item();
  }

  @DerivativeOf(value = Tensor.class, method = "scalar", wrt = "0")
  public static double scalarWithDType(double value, DType dtype, Tensor resultAdjoint) {
    return resultAdjoint.item();
  }

  @DerivativeOf(value = Tensor.class, method = "full", wrt = "1")
  public static double fullValue(int[] shape, double value, Tensor resultAdjoint) {
    return resultAdjoint.sum().item();
  }

  @DerivativeOf(value = Tensor.class, method = "full", wrt = "1")
  public static double fullValueWithDType(int[] shape, double value, DType dtype, Tensor resultAdjoint) {
    return resultAdjoint.sum().item();
  }

  /** Only the shape of {@code like} matters: no adjoint flows to it. */
  @DerivativeOf(value = Tensor.class, method = "fullLike", wrt = "0")
  public static Tensor fullLikeLike(Tensor like, double value, Tensor resultAdjoint) {
    return Tensor.zerosLike(like);
  }

  @DerivativeOf(value = Tensor.class, method = "fullLike", wrt = "1")
  public static double fullLikeValue(Tensor like, double value, Tensor resultAdjoint) {
    return resultAdjoint.sum().item();
  }

  @DerivativeOf(value = Tensor.class, method = "zerosLike", wrt = "0")
  public static Tensor zerosLike(Tensor like, Tensor resultAdjoint) {
    return Tensor.zerosLike(like);
  }

  @DerivativeOf(value = Tensor.class, method = "onesLike", wrt = "0")
  public static Tensor onesLike(Tensor like, Tensor resultAdjoint) {
    return Tensor.zerosLike(like);
  }

  /** Element {@code i} is {@code start + i step}. */
  @DerivativeOf(value = Tensor.class, method = "arange", wrt = "0")
  public static double arangeStart(double start, double stop, double step, Tensor resultAdjoint) {
    return resultAdjoint.sum().item();
  }

  /** The stop only decides the length: a step function, derivative 0. */
  @DerivativeOf(value = Tensor.class, method = "arange", wrt = "1")
  public static double arangeStop(double start, double stop, double step, Tensor resultAdjoint) {
    return 0;
  }

  @DerivativeOf(value = Tensor.class, method = "arange", wrt = "2")
  public static double arangeStep(double start, double stop, double step, Tensor resultAdjoint) {
    return weightedByIndex(resultAdjoint, 1);
  }

  @DerivativeOf(value = Tensor.class, method = "arange", wrt = "0")
  public static double arangeStartWithDType(double start, double stop, double step, DType dtype, Tensor resultAdjoint) {
    return resultAdjoint.sum().item();
  }

  @DerivativeOf(value = Tensor.class, method = "arange", wrt = "1")
  public static double arangeStopWithDType(double start, double stop, double step, DType dtype, Tensor resultAdjoint) {
    return 0;
  }

  @DerivativeOf(value = Tensor.class, method = "arange", wrt = "2")
  public static double arangeStepWithDType(double start, double stop, double step, DType dtype, Tensor resultAdjoint) {
    return weightedByIndex(resultAdjoint, 1);
  }

  /** Element {@code i} is {@code start (1 - i/(n-1)) + stop i/(n-1)}. */
  @DerivativeOf(value = Tensor.class, method = "linspace", wrt = "0")
  public static double linspaceStart(double start, double stop, int num, Tensor resultAdjoint) {
    return resultAdjoint.sum().item() - linspaceStop(start, stop, num, resultAdjoint);
  }

  @DerivativeOf(value = Tensor.class, method = "linspace", wrt = "1")
  public static double linspaceStop(double start, double stop, int num, Tensor resultAdjoint) {
    return num > 1 ? weightedByIndex(resultAdjoint, 1.0 / (num - 1)) : 0;
  }

  @DerivativeOf(value = Tensor.class, method = "linspace", wrt = "0")
  public static double linspaceStartWithDType(double start, double stop, int num, DType dtype, Tensor resultAdjoint) {
    return linspaceStart(start, stop, num, resultAdjoint);
  }

  @DerivativeOf(value = Tensor.class, method = "linspace", wrt = "1")
  public static double linspaceStopWithDType(double start, double stop, int num, DType dtype, Tensor resultAdjoint) {
    return linspaceStop(start, stop, num, resultAdjoint);
  }

  // ============================================================================================
  // The fused backward kernels, so that the rules above can be differentiated again

  @DerivativeOf(value = BackwardOps.class, method = "tanhBackward", wrt = "0")
  public static Tensor tanhBackwardX(Tensor x, Tensor g, Tensor resultAdjoint) {
    return BackwardOps.tanhBackward(x, resultAdjoint.mul(g)).mul(x.tanh()).mul(-2.0);
  }

  @DerivativeOf(value = BackwardOps.class, method = "tanhBackward", wrt = "1")
  public static Tensor tanhBackwardG(Tensor x, Tensor g, Tensor resultAdjoint) {
    return BackwardOps.tanhBackward(x, resultAdjoint);
  }

  @DerivativeOf(value = BackwardOps.class, method = "tanhBackwardFromResult", wrt = "0")
  public static Tensor tanhBackwardFromResultT(Tensor t, Tensor g, Tensor resultAdjoint) {
    return resultAdjoint.mul(g).mul(t).mul(-2.0);
  }

  @DerivativeOf(value = BackwardOps.class, method = "tanhBackwardFromResult", wrt = "1")
  public static Tensor tanhBackwardFromResultG(Tensor t, Tensor g, Tensor resultAdjoint) {
    return BackwardOps.tanhBackwardFromResult(t, resultAdjoint);
  }

  /** {@code s' = s (1 - s)}, {@code s'' = s' (1 - 2 s)}. */
  @DerivativeOf(value = BackwardOps.class, method = "sigmoidBackward", wrt = "0")
  public static Tensor sigmoidBackwardX(Tensor x, Tensor g, Tensor resultAdjoint) {
    return BackwardOps.sigmoidBackward(x, resultAdjoint.mul(g)).mul(x.sigmoid().mul(-2.0).add(1.0));
  }

  @DerivativeOf(value = BackwardOps.class, method = "sigmoidBackward", wrt = "1")
  public static Tensor sigmoidBackwardG(Tensor x, Tensor g, Tensor resultAdjoint) {
    return BackwardOps.sigmoidBackward(x, resultAdjoint);
  }

  @DerivativeOf(value = BackwardOps.class, method = "reluBackward", wrt = "0")
  public static Tensor reluBackwardX(Tensor x, Tensor g, Tensor resultAdjoint) {
    return Tensor.zerosLike(x);
  }

  @DerivativeOf(value = BackwardOps.class, method = "reluBackward", wrt = "1")
  public static Tensor reluBackwardG(Tensor x, Tensor g, Tensor resultAdjoint) {
    return BackwardOps.reluBackward(x, resultAdjoint);
  }

  @DerivativeOf(value = BackwardOps.class, method = "softplusBackward", wrt = "0")
  public static Tensor softplusBackwardX(Tensor x, Tensor g, Tensor resultAdjoint) {
    return BackwardOps.sigmoidBackward(x, resultAdjoint.mul(g));
  }

  @DerivativeOf(value = BackwardOps.class, method = "softplusBackward", wrt = "1")
  public static Tensor softplusBackwardG(Tensor x, Tensor g, Tensor resultAdjoint) {
    return BackwardOps.softplusBackward(x, resultAdjoint);
  }

  @DerivativeOf(value = BackwardOps.class, method = "absBackward", wrt = "0")
  public static Tensor absBackwardX(Tensor x, Tensor g, Tensor resultAdjoint) {
    return Tensor.zerosLike(x);
  }

  @DerivativeOf(value = BackwardOps.class, method = "absBackward", wrt = "1")
  public static Tensor absBackwardG(Tensor x, Tensor g, Tensor resultAdjoint) {
    return BackwardOps.absBackward(x, resultAdjoint);
  }

  /** {@code d/dx [g / (2 sqrt x)] = -g / (4 x^1.5)}. */
  @DerivativeOf(value = BackwardOps.class, method = "sqrtBackward", wrt = "0")
  public static Tensor sqrtBackwardX(Tensor x, Tensor g, Tensor resultAdjoint) {
    return BackwardOps.sqrtBackward(x, resultAdjoint.mul(g)).div(x).mul(-0.5);
  }

  @DerivativeOf(value = BackwardOps.class, method = "sqrtBackward", wrt = "1")
  public static Tensor sqrtBackwardG(Tensor x, Tensor g, Tensor resultAdjoint) {
    return BackwardOps.sqrtBackward(x, resultAdjoint);
  }

  /** Piecewise linear in x: derivative 0 almost everywhere. */
  @DerivativeOf(value = BackwardOps.class, method = "maxBackward", wrt = "0")
  public static Tensor maxBackwardX(Tensor x, int[] axes, Tensor g, Tensor resultAdjoint) {
    return Tensor.zerosLike(x);
  }

  /** Linear in g: gathers the adjoint back from the positions of the maxima. */
  @DerivativeOf(value = BackwardOps.class, method = "maxBackward", wrt = "2")
  public static Tensor maxBackwardG(Tensor x, int[] axes, Tensor g, Tensor resultAdjoint) {
    Tensor weights = BackwardOps.maxBackward(x, axes, Tensor.onesLike(g));
    return resultAdjoint.mul(weights).sum(axes, false).reshape(g.shape());
  }

  /**
   * With {@code s = softmax(x)} the kernel is {@code J(s) g}, {@code J = diag(s) - s s^T}. Its
   * adjoint in x is {@code J(s) u} with {@code u = h g - h (s . g) - g (h . s)}.
   */
  @DerivativeOf(value = BackwardOps.class, method = "softmaxBackward", wrt = "0")
  public static Tensor softmaxBackwardX(Tensor x, int axis, Tensor g, Tensor resultAdjoint) {
    Tensor s = x.softmax(axis);
    Tensor h = resultAdjoint;
    Tensor sg = s.mul(g).sum(axis, true);
    Tensor hs = h.mul(s).sum(axis, true);
    Tensor u = h.mul(g).sub(h.mul(sg)).sub(g.mul(hs));
    return BackwardOps.softmaxBackward(x, axis, u);
  }

  /** {@code J(s)} is symmetric, so the kernel is its own adjoint in g. */
  @DerivativeOf(value = BackwardOps.class, method = "softmaxBackward", wrt = "2")
  public static Tensor softmaxBackwardG(Tensor x, int axis, Tensor g, Tensor resultAdjoint) {
    return BackwardOps.softmaxBackward(x, axis, resultAdjoint);
  }

  /** The kernel is {@code g - s sum(g)}; in x only {@code s} varies. */
  /**
   * The cross-entropy's backward kernel {@code y = g (s L - labels)} with {@code s = softmax(x)},
   * {@code L = sum(labels)}: {@code dx = J(s) (h g L)} (the softmax Jacobian applied to the adjoint
   * times {@code g L}).
   */
  @DerivativeOf(value = BackwardOps.class, method = "softmaxCrossEntropyBackward", wrt = "0")
  public static Tensor softmaxCrossEntropyBackwardX(Tensor x, Tensor labels, int axis, Tensor g, Tensor resultAdjoint) {
    Tensor scale = withAxis(g, x, axis).mul(labels.sum(axis, true));
    return BackwardOps.softmaxBackward(x, axis, resultAdjoint.mul(scale));
  }

  /** {@code dlabels = g (sum(h s) - h)} along the axis. */
  @DerivativeOf(value = BackwardOps.class, method = "softmaxCrossEntropyBackward", wrt = "1")
  public static Tensor softmaxCrossEntropyBackwardLabels(Tensor x, Tensor labels, int axis, Tensor g,
      Tensor resultAdjoint) {
    Tensor s = x.softmax(axis);
    return withAxis(g, x, axis).mul(resultAdjoint.mul(s).sum(axis, true).sub(resultAdjoint));
  }

  /** {@code dg = sum(h (s L - labels))} along the axis. */
  @DerivativeOf(value = BackwardOps.class, method = "softmaxCrossEntropyBackward", wrt = "3")
  public static Tensor softmaxCrossEntropyBackwardG(Tensor x, Tensor labels, int axis, Tensor g, Tensor resultAdjoint) {
    Tensor s = x.softmax(axis);
    return resultAdjoint.mul(s.mul(labels.sum(axis, true)).sub(labels)).sum(axis);
  }

  @DerivativeOf(value = BackwardOps.class, method = "logSoftmaxBackward", wrt = "0")
  public static Tensor logSoftmaxBackwardX(Tensor x, int axis, Tensor g, Tensor resultAdjoint) {
    return BackwardOps.softmaxBackward(x, axis, resultAdjoint.mul(g.sum(axis, true)).neg());
  }

  @DerivativeOf(value = BackwardOps.class, method = "logSoftmaxBackward", wrt = "2")
  public static Tensor logSoftmaxBackwardG(Tensor x, int axis, Tensor g, Tensor resultAdjoint) {
    return resultAdjoint.sub(resultAdjoint.mul(x.softmax(axis)).sum(axis, true));
  }

  @DerivativeOf(value = BackwardOps.class, method = "scatterAddRows", wrt = "0")
  public static Tensor scatterAddRows(Tensor values, int[] rows, int rowCount, Tensor resultAdjoint) {
    return resultAdjoint.gatherRows(rows);
  }

  @DerivativeOf(value = BackwardOps.class, method = "unslice", wrt = "0")
  public static Tensor unslice(Tensor g, int[] shape, int axis, int start, Tensor resultAdjoint) {
    return resultAdjoint.slice(axis, start, start + g.shape(axis));
  }

  // ============================================================================================
  // Helpers

  /** The adjoint of a sum over {@code axes}, with or without kept axes, spread back over them. */
  private static Tensor spread(Tensor self, int[] axes, Tensor resultAdjoint) {
    int[] shape = self.shape();
    int[] kept = Shape.reduced(shape, Shape.axisMask("sum", axes, shape.length), true);
    return resultAdjoint.reshape(kept).broadcastTo(shape);
  }

  private static Tensor meanSpread(Tensor self, int[] axes, Tensor resultAdjoint) {
    int[] shape = self.shape();
    boolean[] mask = Shape.axisMask("mean", axes, shape.length);
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      if (mask[i]) {
        count *= shape[i];
      }
    }
    return resultAdjoint.div(count).reshape(Shape.reduced(shape, mask, true)).broadcastTo(shape);
  }

  private static int[] allAxes(Tensor t) {
    int[] axes = new int[t.rank()];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    return axes;
  }

  /** {@code target} left-padded with ones to the rank of {@code shape} (the keep-dims form). */
  private static int[] reducedKeepDims(int[] shape, int[] target) {
    int[] out = new int[shape.length];
    java.util.Arrays.fill(out, 1);
    System.arraycopy(target, 0, out, shape.length - target.length, target.length);
    return out;
  }

  private static Tensor asLeftMatrix(Tensor a) {
    return a.rank() == 1 ? a.reshape(1, a.shape(0)) : a;
  }

  private static Tensor asRightMatrix(Tensor b) {
    return b.rank() == 1 ? b.reshape(b.shape(0), 1) : b;
  }

  /** The result adjoint with the axes that 1-D operands dropped put back (length 1). */
  private static Tensor adjointAsMatrix(Tensor g, boolean leftVector, boolean rightVector) {
    if (!leftVector && !rightVector) {
      return g;
    }
    int[] s = g.shape();
    int[] out = new int[s.length + 1];
    if (leftVector) { // [..., n] -> [..., 1, n]
      System.arraycopy(s, 0, out, 0, s.length - 1);
      out[s.length - 1] = 1;
      out[s.length] = s[s.length - 1];
    } else { // [..., m] -> [..., m, 1]
      System.arraycopy(s, 0, out, 0, s.length);
      out[s.length] = 1;
    }
    return g.reshape(out);
  }

  /** {@code sum_i g_i * i * scale} over the flat index (for arange and linspace). */
  private static double weightedByIndex(Tensor g, double scale) {
    double[] values = g.toDoubleArray();
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      sum += values[i] * i * scale;
    }
    return sum;
  }
}
