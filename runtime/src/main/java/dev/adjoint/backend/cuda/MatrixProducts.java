package dev.adjoint.backend.cuda;

import dev.adjoint.backend.MatmulSpec;

/**
 * How {@link CudaBackend} runs one strided batch of matrix products on the sgemm kernels: the
 * layout (nn, tn, nt; both operands transposed, A copied untransposed first), an empty sum, split
 * k ({@link MatmulPlan#splitsFor}) or one launch per product, and a row bias in the epilogue, in
 * the slice sum, or (tn has no epilogue) by one row-vector add. Used under the backend's lock; its
 * scratch space goes back to the pool before {@link #run} returns.
 */
final class MatrixProducts {
    private final CudaOps ops;
    private final DeviceMemory memory;

    MatrixProducts(CudaOps ops, DeviceMemory memory) {
        this.ops = ops;
        this.memory = memory;
    }

    /** {@code C[i] = op(A[i]) op(B[i]) (+ bias)} into the packed {@code c}, which has room for all; {@code bias} 0: none. */
    void run(String op, long a, long b, MatmulSpec spec, long c, long bias) {
        int m = spec.m(), n = spec.n(), k = spec.k();
        int size = Math.multiplyExact(Math.multiplyExact(spec.batch(), m), n);
        if (size == 0) return;
        if (k == 0) {
            emptySum(c, size, (long) spec.batch() * m, n, bias);
            return;
        }
        try (Operands in = operands(op, a, spec)) {
            int splits = MatmulPlan.splitsFor(m, n, k);
            if (splits > 1) {
                splitProducts(in, b, spec, c, bias, splits);
            } else {
                wholeProducts(in, b, spec, c, bias, size);
            }
        }
    }

    /** The left operand as the kernels take it, and their layout; {@code scratch} (closed with this) holds a copy. */
    private record Operands(long a, long aStride, CudaMatmul.Layout layout, DeviceBlock scratch) implements AutoCloseable {
        @Override
        public void close() {
            if (scratch != null) scratch.close();
        }
    }

    private Operands operands(String op, long a, MatmulSpec spec) {
        int m = spec.m(), k = spec.k();
        if (spec.transposeA() && spec.transposeB()) {
            int copies = spec.aBatchStride() == 0 ? 1 : spec.batch();
            DeviceBlock untransposed = memory.scratch((long) copies * m * k);
            StridedCopy.of(op, new int[] {copies, m, k}, new int[] {spec.aBatchStride(), 1, m}, new int[] {m * k, k, 1})
                    .queue(ops, a, untransposed.address());
            return new Operands(untransposed.address(), spec.aBatchStride() == 0 ? 0 : (long) m * k,
                    CudaMatmul.Layout.NT, untransposed);
        }
        CudaMatmul.Layout layout = spec.transposeA() ? CudaMatmul.Layout.TN
                : spec.transposeB() ? CudaMatmul.Layout.NT : CudaMatmul.Layout.NN;
        return new Operands(a, spec.aBatchStride(), layout, null);
    }

    /** {@code k = 0}: every product is zeros, plus the bias (0: none). */
    private void emptySum(long c, int size, long rows, int n, long bias) {
        if (bias == 0) {
            ops.fill(c, 0, size);
            return;
        }
        try (DeviceBlock zeros = memory.scratch(size)) {
            ops.fill(zeros.address(), 0, size);
            ops.binaryRowVector(CudaElementwise.BinaryOp.ADD, rows, n, zeros.address(), bias, c);
        }
    }

    /** Each product of the batch split along k into scratch, then its slices summed (with the bias) into C. */
    private void splitProducts(Operands in, long b, MatmulSpec spec, long c, long bias, int splits) {
        int m = spec.m(), n = spec.n();
        try (DeviceBlock partials = memory.scratch((long) splits * m * n)) {
            for (int i = 0; i < spec.batch(); i++) {
                ops.matmulSplit(in.layout(), m, n, spec.k(), in.a() + i * in.aStride() * Float.BYTES,
                        b + (long) i * spec.bBatchStride() * Float.BYTES, partials.address(), splits);
                ops.sumSlices((long) m * n, splits, partials.address(), c + (long) i * m * n * Float.BYTES, bias, n);
            }
        }
    }

    /**
     * One launch per product of the batch, the bias (0: none) in the epilogue; tn has none, so
     * there the products go to scratch and one row-vector add writes C.
     */
    private void wholeProducts(Operands in, long b, MatmulSpec spec, long c, long bias, int size) {
        int m = spec.m(), n = spec.n();
        boolean epilogue = bias != 0 && in.layout() != CudaMatmul.Layout.TN;
        try (DeviceBlock unbiased = bias != 0 && !epilogue ? memory.scratch(size) : null) {
            long target = unbiased == null ? c : unbiased.address();
            for (int i = 0; i < spec.batch(); i++) {
                ops.matmul(in.layout(), m, n, spec.k(), in.a() + i * in.aStride() * Float.BYTES,
                        b + (long) i * spec.bBatchStride() * Float.BYTES, target + (long) i * m * n * Float.BYTES,
                        epilogue ? bias : 0);
            }
            if (unbiased != null) {
                ops.binaryRowVector(CudaElementwise.BinaryOp.ADD, (long) spec.batch() * m, n, target, bias, c);
            }
        }
    }
}
