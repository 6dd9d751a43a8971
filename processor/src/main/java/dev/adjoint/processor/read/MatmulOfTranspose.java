package dev.adjoint.processor.read;

import dev.adjoint.processor.ir.Expr;

/**
 * Recognizes {@code x.matmul(w.transpose())}, the dense layer as NumPy users write it ({@code x @
 * w.T}), which the reader compiles to {@code x.matmulTransposed(w)}: the same values, but the
 * runtime reads {@code w} in place instead of copying its transpose, and the derivative rules
 * produce {@code w}'s adjoint in {@code w}'s own layout instead of transposing it back. Without
 * the rewrite a layer costs two transposed copies per training step.
 */
final class MatmulOfTranspose {
  private MatmulOfTranspose() {}

  static final String TENSOR = "dev.adjoint.tensor.Tensor";
  static final String FUSED = "matmulTransposed";

  /** The {@code w} of {@code x.matmul(w.transpose())}, or null where {@code call} is not that. */
  static Expr transposed(Expr.Call call) {
    if (isTensorMethod(call, "matmul", 2) && call.arguments().get(1) instanceof Expr.Call inner
        && isTensorMethod(inner, "transpose", 1)) {
      return inner.arguments().get(0);
    }
    return null;
  }

  private static boolean isTensorMethod(Expr.Call call, String name, int arguments) {
    return !call.method().isStatic() && call.method().owner().equals(TENSOR)
        && call.method().name().equals(name) && call.arguments().size() == arguments;
  }
}
