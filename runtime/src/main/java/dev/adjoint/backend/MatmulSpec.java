package dev.adjoint.backend;

/**
 * One strided batch of matrix products {@code C[i] = op(A[i]) op(B[i])} as a backend executes it;
 * the tensor layer has already resolved NumPy's promotion of vectors and broadcast of batch
 * dimensions into this form (as a strided-batched GEMM takes it).
 *
 * <p>{@code op(A)} is {@code m x k}: A is stored row-major as {@code m x k}, or as {@code k x m}
 * when {@code transposeA}. Likewise {@code op(B)} is {@code k x n}, stored {@code k x n} or
 * {@code n x k} when {@code transposeB}. C is {@code m x n} row-major, batches back to back.
 *
 * @param batch number of products
 * @param m rows of C
 * @param n columns of C
 * @param k the contracted length
 * @param transposeA whether A is stored transposed
 * @param transposeB whether B is stored transposed
 * @param aBatchStride elements between consecutive A matrices (0: one A shared by every batch)
 * @param bBatchStride elements between consecutive B matrices (0: one B shared by every batch)
 */
public record MatmulSpec(
    int batch, int m, int n, int k,
    boolean transposeA, boolean transposeB,
    int aBatchStride, int bBatchStride) {

  /** Multiply-adds in the whole batch, as a long (it can exceed an int). */
  public long multiplyAdds() {
    return (long) batch * m * n * k;
  }
}
