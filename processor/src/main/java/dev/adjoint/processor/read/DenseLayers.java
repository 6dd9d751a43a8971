package dev.adjoint.processor.read;

import dev.adjoint.processor.ir.Expr;

/**
 * Recognizes the dense layer as NumPy users write it, {@code x.matmul(w.transpose())} ({@code x @
 * w.T}) and {@code x.matmul(w.transpose()).add(b)}, which the reader compiles to the fused
 * runtime operations {@code x.matmulTransposed(w)} and {@code x.linear(w, b)}: the same values,
 * but the runtime reads {@code w} in place instead of copying its transpose, adds the bias into
 * the product's fresh array instead of a new one, and the derivative rules produce {@code w}'s
 * adjoint in {@code w}'s own layout instead of transposing it back. Unfused, a layer costs two
 * transposed copies and an extra array per training step. XLA fuses the same patterns, and
 * cuBLASLt's bias epilogue exists for the second.
 */
final class DenseLayers {
  private DenseLayers() {}

  static final String TENSOR = "dev.adjoint.tensor.Tensor";
  static final String PRODUCT = "matmulTransposed";
  static final String LINEAR = "linear";

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
    if (isTensorMethod(call, "add", 2) && call.arguments().get(0) instanceof Expr.Call product
        && isTensorMethod(product, PRODUCT, 2)) {
      return product;
    }
    return null;
  }

  private static boolean isTensorMethod(Expr.Call call, String name, int arguments) {
    return !call.method().isStatic() && call.method().owner().equals(TENSOR)
        && call.method().name().equals(name) && call.arguments().size() == arguments;
  }
}
