package dev.adjoint.tensor;

import dev.adjoint.backend.MatmulSpec;
import java.util.Arrays;

/**
 * Turns NumPy's {@code matmul} semantics into one strided batch of matrix products: a 1-D left
 * operand is a row ({@code [1, k]}) and a 1-D right operand a column ({@code [k, 1]}), the
 * added axis removed from the result; batch axes (all but the last two) broadcast. A batch
 * operand that is not stretched is read in place; one that is stretched only by being shared
 * gets batch stride 0; any other broadcast is materialized first.
 */
final class MatmulPlan {
  private MatmulPlan() {}

  static Tensor multiply(String op, Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
    Planned p = plan(op, a, b, transposeA, transposeB);
    return Tensor.result(op, p.out(), a.backend().matmul(p.a().storage(), p.b().storage(), p.spec()), a, b);
  }

  /**
   * The product plus {@code bias} added to every row, in one backend call ({@link
   * dev.adjoint.backend.Backend#matmulBias}: a GPU adds it in the product's epilogue), with the
   * bits of the product followed by {@code add(bias)}. Null where the bias is not a row of the
   * product's last axis ({@code [n]}, or {@code [1, ..., 1, n]} of no higher rank than the
   * product), or the right operand is a vector; the caller then adds it separately. {@code op}
   * names the product in error messages (the user's {@code matmul}); the result is recorded as
   * {@code op} too.
   */
  static Tensor multiplyAddRow(String op, Tensor a, Tensor b, boolean transposeA, boolean transposeB, Tensor bias) {
    if (b.rank() < 2) {
      return null;
    }
    int n = b.shape[b.rank() - (transposeB ? 2 : 1)];
    int outRank = a.rank() == 1 ? Math.max(0, b.rank() - 2) + 1 : Math.max(a.rank(), b.rank());
    if (bias.rank() == 0 || bias.rank() > outRank || bias.size() != n || bias.shape[bias.rank() - 1] != n) {
      return null;
    }
    a.requireCompatible("add", bias);
    Planned p = plan(op, a, b, transposeA, transposeB);
    return Tensor.result(op, p.out(),
        a.backend().matmulBias(p.a().storage(), p.b().storage(), p.spec(), bias.storage()), a, b, bias);
  }

  /** One product as a backend runs it: the operands (batch axes broadcast where needed), the spec, the result's shape. */
  private record Planned(Tensor a, Tensor b, MatmulSpec spec, int[] out) {}

  private static Planned plan(String op, Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
    a.requireCompatible(op, b);
    int minRank = transposeA || transposeB ? 2 : 1;
    if (a.rank() < minRank || b.rank() < minRank) {
      throw new IllegalArgumentException(op + ": operands need rank >= " + minRank + ", got shapes "
          + Shape.format(a.shape) + " and " + Shape.format(b.shape));
    }
    boolean aVector = a.rank() == 1;
    boolean bVector = b.rank() == 1;
    int[] as = aVector ? new int[] {1, a.shape[0]} : a.shape;
    int[] bs = bVector ? new int[] {b.shape[0], 1} : b.shape;
    int aRows = as[as.length - 2];
    int aCols = as[as.length - 1];
    int bRows = bs[bs.length - 2];
    int bCols = bs[bs.length - 1];
    int m = transposeA ? aCols : aRows;
    int k = transposeA ? aRows : aCols;
    int kb = transposeB ? bCols : bRows;
    int n = transposeB ? bRows : bCols;
    if (k != kb) {
      throw new IllegalArgumentException(op + ": shapes " + Shape.format(a.shape) + " and "
          + Shape.format(b.shape) + " do not align (" + k + " != " + kb + ")");
    }
    int[] aBatch = Arrays.copyOf(as, as.length - 2);
    int[] bBatch = Arrays.copyOf(bs, bs.length - 2);
    int[] batch;
    try {
      batch = Broadcast.shape(op, aBatch, bBatch);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(op + ": batch axes of shapes " + Shape.format(a.shape) + " and "
          + Shape.format(b.shape) + " cannot be broadcast together", e);
    }
    int batchCount = Shape.size(batch);
    Tensor aIn = batchOperand(a, as, aBatch, batch);
    Tensor bIn = batchOperand(b, bs, bBatch, batch);
    int aStride = Shape.size(aBatch) == 1 ? 0 : aRows * aCols;
    int bStride = Shape.size(bBatch) == 1 ? 0 : bRows * bCols;
    MatmulSpec spec = new MatmulSpec(batchCount, m, n, k, transposeA, transposeB, aStride, bStride);

    int[] out = Arrays.copyOf(batch, batch.length + (aVector ? 0 : 1) + (bVector ? 0 : 1));
    int at = batch.length;
    if (!aVector) {
      out[at++] = m;
    }
    if (!bVector) {
      out[at] = n;
    }
    return new Planned(aIn, bIn, spec, out);
  }

  /** The operand itself, or a copy with its batch axes broadcast when they are truly stretched. */
  private static Tensor batchOperand(Tensor t, int[] matrixShape, int[] ownBatch, int[] batch) {
    int own = Shape.size(ownBatch);
    if (own == 1 || own == Shape.size(batch)) {
      return t;
    }
    int[] target = Arrays.copyOf(batch, batch.length + 2);
    target[batch.length] = matrixShape[matrixShape.length - 2];
    target[batch.length + 1] = matrixShape[matrixShape.length - 1];
    return t.reshape(matrixShape).broadcastTo(target);
  }
}
