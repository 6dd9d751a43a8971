package dev.adjoint.processor.read;

import dev.adjoint.processor.ir.Expr;

/**
 * Recognizes the dense layer as NumPy users write it, {@code x.matmul(w.transpose())} ({@code x @
 * w.T}) and {@code x.matmul(w.transpose()).add(b)}, and as JAX users write it, {@code
 * x.matmul(w).add(b)} ({@code x @ w + b}), which the reader compiles to the fused runtime
 * operations {@code x.matmulTransposed(w)}, {@code x.linear(w, b)} and {@code x.matmulAdd(w, b)}:
 * the same values, but the runtime reads {@code w} in place instead of copying its transpose,
 * adds the bias in the same backend call as the product (into its fresh array on the CPU, in the
 * matrix product's epilogue on a GPU: one launch instead of two), and the derivative rules
 * produce {@code w}'s adjoint in {@code w}'s own layout instead of transposing it back. Unfused, a
 * layer costs two transposed copies and an extra array or launch per training step. XLA fuses the
 * same patterns, and cuBLASLt's bias epilogue exists for the last two. Only a tensor bias
 * qualifies ({@code add(double)} stays as written).
 */
final class DenseLayers {
  private DenseLayers() {}

  static final String TENSOR = "dev.adjoint.tensor.Tensor";
  static final String PRODUCT = "matmulTransposed";
  static final String LINEAR = "linear";
  static final String MATMUL_ADD = "matmulAdd";

  /** The {@code w} of {@code x.matmul(w.transpose())}, or null where {@code call} is not that. */
  static Expr transposed(Expr.Call call) {
    if (isTensorMethod(call, "matmul", 2) && call.arguments().get(1) instanceof Expr.Call inner
        && isTensorMethod(inner, "transpose", 1)) {
      return inner.arguments().get(0);
    }
    return null;
  }

  /** The {@code x.matmulTransposed(w)} of {@code x.matmulTransposed(w).add(b)}, or null. */
  static Expr.Call biasedProduct(Expr.Call call) {
    return biased(call, PRODUCT);
  }

  /** The {@code x.matmul(w)} of {@code x.matmul(w).add(b)} (b a tensor), or null. */
  static Expr.Call biasedMatmul(Expr.Call call) {
    return biased(call, "matmul");
  }

  private static Expr.Call biased(Expr.Call call, String productMethod) {
    if (isTensorMethod(call, "add", 2) && call.method().parameterTypes().get(1).isTensor()
        && call.arguments().get(0) instanceof Expr.Call product && isTensorMethod(product, productMethod, 2)) {
      return product;
    }
    return null;
  }

  private static boolean isTensorMethod(Expr.Call call, String name, int arguments) {
    return !call.method().isStatic() && call.method().owner().equals(TENSOR)
        && call.method().name().equals(name) && call.arguments().size() == arguments;
  }
}
