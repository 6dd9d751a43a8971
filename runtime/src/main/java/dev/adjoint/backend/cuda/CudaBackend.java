package dev.adjoint.backend.cuda;

import dev.adjoint.backend.Backend;
import dev.adjoint.backend.BinaryOp;
import dev.adjoint.backend.FusedAdamStep;
import dev.adjoint.backend.FusedSgdStep;
import dev.adjoint.backend.MatmulSpec;
import dev.adjoint.backend.ReduceOp;
import dev.adjoint.backend.ScalarOp;
import dev.adjoint.backend.Storage;
import dev.adjoint.backend.UnaryOp;
import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Device;

/**
 * The {@link Backend} of one NVIDIA GPU: tensors live in device memory and every operation
 * queues the project's own kernels ({@code adjoint-cuda-kernels}) on the device's one stream,
 * asynchronously. Nothing comes back to the host unless asked for ({@code toFloatArray},
 * {@code element}, {@code allFinite}), and those wait for the queued work.
 *
 * <p>Each operation maps onto kernels as the table in {@code runtime/README.md} lists: elementwise
 * maps and fused backward rules, scalar arithmetic through {@code p0 * x + p1} (exact for + - *),
 * broadcasts reduced to row-vector or strided forms, reductions over any axes brought to rows or
 * columns (with a transposing copy where kept and reduced axes interleave), layout changes as
 * strided copies, matrix products as one launch per batch element. The arithmetic ops (+ - * /,
 * neg, abs, relu, square, sqrt, copies, scatter-adds) give the CPU backend's bits exactly; the
 * transcendental ones are within a few ulps; sums and matrix products add in a fixed order of
 * their own (same bits on every run, not the CPU's order).
 *
 * <p>float32 only: the kernels are float32, so float64 tensors stay on the CPU, and moving one
 * here (or converting to float64 here) is an error that says so.
 *
 * <p>Memory: results are allocated from the pool through {@link DeviceMemory}, owned by the
 * calling thread's {@link DeviceScope} or by the garbage collector; an operation's own scratch
 * space goes back to the pool before it returns (safe in stream order). Thread-safe: operations
 * from several threads are serialized on the memory's lock, as the stream serializes them anyway.
 */
public final class CudaBackend implements Backend {
    /** A quiet NaN no kernel computes; fresh results are filled with it in the tests' poison mode. */
    static final int POISON = 0x7FC0DEAD;
    private static final int NEGATIVE_ZERO = Float.floatToRawIntBits(-0.0f);

    private final Device device;
    private final CudaOps ops;
    private final DeviceMemory memory;
    private final MatrixProducts products;
    private final boolean poisonResults;
    private final String description;
    private final AutoCloseable resources;

    /**
     * @param poisonResults fill every result with {@link #POISON} before computing it (tests: an
     *     element a kernel forgets to write shows as that NaN)
     * @param resources closed by {@link #close()} after the memory (the context), or null
     */
    CudaBackend(Device device, CudaOps ops, DeviceMemory memory, boolean poisonResults, String description,
                AutoCloseable resources) {
        this.device = device;
        this.ops = ops;
        this.memory = memory;
        this.products = new MatrixProducts(ops, memory);
        this.poisonResults = poisonResults;
        this.description = description;
        this.resources = resources;
    }

    @Override
    public Device device() {
        return device;
    }

    DeviceMemory memory() {
        return memory;
    }

    // ---- data in and out

    @Override
    public Storage fromArray(float[] values) {
        synchronized (memory) {
            CudaStorage out = allocate(values.length);
            if (values.length > 0) ops.upload(values, out.address("fromArray"));
            return out;
        }
    }

    @Override
    public Storage fromArray(double[] values) {
        throw float64("fromArray");
    }

    @Override
    public float[] toFloatArray(Storage x) {
        synchronized (memory) {
            float[] out = new float[x.size()];
            if (out.length > 0) ops.download(address(x, "toFloatArray"), out);
            return out;
        }
    }

    @Override
    public double[] toDoubleArray(Storage x) {
        float[] f = toFloatArray(x);
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) out[i] = f[i];
        return out;
    }

    /** Uploads float32 storage of another backend (one host copy); float64 is refused with the fix. */
    @Override
    public Storage transferFrom(Storage source) {
        if (source.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("to(" + device + "): a " + source.dtype() + " tensor cannot move to "
                    + device + ", whose kernels are float32; convert it with astype(DType.FLOAT32) first");
        }
        if (source.backend() == this) {
            synchronized (memory) {
                CudaStorage out = allocate(source.size());
                ops.copy(address(source, "to"), out.address("to"), source.size());
                return out;
            }
        }
        return fromArray(source.backend().toFloatArray(source));
    }

    @Override
    public Storage full(DType dtype, int size, double value) {
        if (dtype != DType.FLOAT32) throw float64("full");
        synchronized (memory) {
            CudaStorage out = allocate(size);
            ops.fill(out.address("full"), Float.floatToRawIntBits((float) value), size);
            return out;
        }
    }

    @Override
    public Storage astype(Storage x, DType dtype) {
        if (dtype != DType.FLOAT32) throw float64("astype");
        synchronized (memory) {
            CudaStorage out = allocate(x.size());
            ops.copy(address(x, "astype"), out.address("astype"), x.size());
            return out;
        }
    }

    @Override
    public double element(Storage x, int index) {
        synchronized (memory) {
            float[] one = new float[1];
            ops.download(address(x, "element") + (long) index * Float.BYTES, one);
            return one[0];
        }
    }

    /** {@code 0 * x + 0} is NaN exactly where x is not finite, so its sum is NaN exactly when one is. */
    @Override
    public boolean allFinite(Storage x) {
        int n = x.size();
        if (n == 0) return true;
        synchronized (memory) {
            try (DeviceBlock zeros = memory.scratch(n); DeviceBlock sum = memory.scratch(1)) {
                ops.unary(CudaElementwise.UnaryOp.AFFINE, n, address(x, "allFinite"), zeros.address(), 0f, 0f);
                ops.sumAll(n, zeros.address(), sum.address(), 1f);
                float[] s = new float[1];
                ops.download(sum.address(), s);
                return !Float.isNaN(s[0]);
            }
        }
    }

    // ---- elementwise

    @Override
    public Storage unary(UnaryOp op, Storage x) {
        synchronized (memory) {
            int n = x.size();
            CudaStorage out = allocate(n);
            ops.unary(kernel(op), n, address(x, name(op)), out.address(name(op)), 0f, 0f);
            return out;
        }
    }

    @Override
    public Storage unaryBackward(UnaryOp op, Storage x, Storage g) {
        String name = name(op) + "Backward";
        synchronized (memory) {
            int n = x.size();
            long xa = address(x, name), ga = address(g, name);
            CudaStorage out = allocate(n);
            long o = out.address(name);
            switch (op) {
                case NEG -> ops.unary(CudaElementwise.UnaryOp.NEG, n, ga, o, 0f, 0f);
                case LOG -> ops.binary(CudaElementwise.BinaryOp.DIV, n, ga, xa, o);
                case RELU -> ops.binary(CudaElementwise.BinaryOp.RELU_GRAD, n, ga, xa, o);
                case ABS -> ops.binary(CudaElementwise.BinaryOp.ABS_GRAD, n, ga, xa, o);
                case EXP -> viaTemporary(n, CudaElementwise.UnaryOp.EXP, xa, CudaElementwise.BinaryOp.MUL, ga, o);
                case TANH -> viaTemporary(n, CudaElementwise.UnaryOp.TANH, xa, CudaElementwise.BinaryOp.TANH_GRAD, ga, o);
                case SIGMOID -> viaTemporary(n, CudaElementwise.UnaryOp.SIGMOID, xa, CudaElementwise.BinaryOp.SIGMOID_GRAD, ga, o);
                case SOFTPLUS -> viaTemporary(n, CudaElementwise.UnaryOp.SIGMOID, xa, CudaElementwise.BinaryOp.MUL, ga, o);
                case SQUARE -> {  // (2 * x) * g, in the CPU backend's order
                    try (DeviceBlock twice = memory.scratch(n)) {
                        ops.unary(CudaElementwise.UnaryOp.AFFINE, n, xa, twice.address(), 2f, -0f);
                        ops.binary(CudaElementwise.BinaryOp.MUL, n, twice.address(), ga, o);
                    }
                }
                case SQRT -> {  // 0.5 * (g / sqrt(x))
                    try (DeviceBlock root = memory.scratch(n); DeviceBlock ratio = memory.scratch(n)) {
                        ops.unary(CudaElementwise.UnaryOp.SQRT, n, xa, root.address(), 0f, 0f);
                        ops.binary(CudaElementwise.BinaryOp.DIV, n, ga, root.address(), ratio.address());
                        ops.unary(CudaElementwise.UnaryOp.AFFINE, n, ratio.address(), o, 0.5f, -0f);
                    }
                }
            }
            return out;
        }
    }

    /** {@code out = combine(g, f(x))} through one scratch buffer: a backward rule that needs f(x). */
    private void viaTemporary(int n, CudaElementwise.UnaryOp f, long x, CudaElementwise.BinaryOp combine, long g, long out) {
        try (DeviceBlock fx = memory.scratch(n)) {
            ops.unary(f, n, x, fx.address(), 0f, 0f);
            ops.binary(combine, n, g, fx.address(), out);
        }
    }

    /**
     * + - and * go through {@code p0 * x + p1}, exact here: {@code 1 * x} is x, and adding -0
     * changes nothing (not even a zero's sign). / and the reflected / use the division kernel
     * against the constant in a one-element buffer, so they round as Java's {@code /} does. pow
     * picks exact kernels for the exponents the CPU backend special-cases.
     */
    @Override
    public Storage scalar(ScalarOp op, Storage x, double c) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        float cf = (float) c;
        synchronized (memory) {
            int n = x.size();
            long xa = address(x, name);
            CudaStorage out = allocate(n);
            long o = out.address(name);
            switch (op) {
                case ADD -> ops.unary(CudaElementwise.UnaryOp.AFFINE, n, xa, o, 1f, cf);
                case SUB -> ops.unary(CudaElementwise.UnaryOp.AFFINE, n, xa, o, 1f, -cf);
                case RSUB -> ops.unary(CudaElementwise.UnaryOp.AFFINE, n, xa, o, -1f, cf);
                case MUL -> ops.unary(CudaElementwise.UnaryOp.AFFINE, n, xa, o, cf, -0f);
                case DIV, RDIV -> {
                    if (n == 0) break;
                    try (DeviceBlock constant = memory.scratch(1)) {
                        ops.fill(constant.address(), Float.floatToRawIntBits(cf), 1);
                        if (op == ScalarOp.DIV) {
                            ops.binaryRowVector(CudaElementwise.BinaryOp.DIV, n, 1, xa, constant.address(), o);
                        } else {
                            ops.binaryBroadcast(CudaElementwise.BinaryOp.DIV, new int[] {1}, constant.address(),
                                    new int[] {n}, xa, o);
                        }
                    }
                }
                case POW -> {
                    if (cf == 2) ops.unary(CudaElementwise.UnaryOp.SQUARE, n, xa, o, 0f, 0f);
                    else if (cf == 1) ops.copy(xa, o, n);
                    else if (cf == 0.5f) ops.unary(CudaElementwise.UnaryOp.SQRT, n, xa, o, 0f, 0f);
                    else if (cf == -1) ops.unary(CudaElementwise.UnaryOp.RECIPROCAL, n, xa, o, 0f, 0f);
                    else ops.unary(CudaElementwise.UnaryOp.POW, n, xa, o, cf, 0f);
                }
            }
            return out;
        }
    }

    /**
     * Equal sizes: the flat kernel. {@code a} full and {@code b} repeating along leading axes (a
     * bias, a scalar): the row-vector kernel. Anything else: axes merged where both operands
     * allow, then the general broadcast kernel (looped over leading axes beyond its six).
     */
    @Override
    public Storage binary(BinaryOp op, Storage a, int[] aShape, Storage b, int[] bShape, int[] outShape) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        CudaElementwise.BinaryOp kernel = switch (op) {
            case ADD -> CudaElementwise.BinaryOp.ADD;
            case SUB -> CudaElementwise.BinaryOp.SUB;
            case MUL -> CudaElementwise.BinaryOp.MUL;
            case DIV -> CudaElementwise.BinaryOp.DIV;
        };
        synchronized (memory) {
            int n = sizeOf(outShape);
            long aa = address(a, name), ba = address(b, name);
            CudaStorage out = allocate(n);
            long o = out.address(name);
            if (n == 0) return out;
            int an = a.size(), bn = b.size();
            if (an == n && bn == n) {
                ops.binary(kernel, n, aa, ba, o);
            } else if (an == n && (bn == 1 || repeatsAlongLeadingAxes(bShape, outShape))) {
                ops.binaryRowVector(kernel, n / bn, bn, aa, ba, o);
            } else {
                broadcast(kernel, outShape, aShape, aa, bShape, ba, o);
            }
            return out;
        }
    }

    // ---- reductions and broadcasting

    @Override
    public Storage reduce(ReduceOp op, Storage x, int[] shape, boolean[] reduced) {
        String name = op == ReduceOp.SUM ? "sum" : "max";
        synchronized (memory) {
            ReductionLayout plan = ReductionLayout.of(name, shape, reduced);
            long xa = address(x, name);
            CudaStorage out = allocate(plan.kept());
            long o = out.address(name);
            int k = plan.kept(), r = plan.reduced();
            boolean sum = op == ReduceOp.SUM;
            switch (plan.kind()) {
                case EMPTY -> ops.fill(o, Float.floatToRawIntBits(sum ? 0f : Float.NEGATIVE_INFINITY), k);
                case COPY -> ops.copy(xa, o, k);
                case ALL -> {
                    if (sum) ops.sumAll(r, xa, o, 1f);
                    else ops.maxRows(1, r, xa, o);
                }
                case ROWS -> {
                    if (sum) ops.sumRows(k, r, xa, o, 1f);
                    else ops.maxRows(k, r, xa, o);
                }
                case COLUMNS, PERMUTED -> {
                    if (sum && plan.kind() == ReductionLayout.Kind.COLUMNS) {
                        ops.sumColumns(r, k, xa, o, 1f);
                        break;
                    }
                    try (DeviceBlock rows = memory.scratch((long) k * r)) {
                        copy(plan.toRows(), xa, rows.address());
                        if (sum) ops.sumRows(k, r, rows.address(), o, 1f);
                        else ops.maxRows(k, r, rows.address(), o);
                    }
                }
            }
            return out;
        }
    }

    @Override
    public Storage maxBackward(Storage x, int[] shape, boolean[] reduced, Storage g) {
        String name = "maxBackward";
        synchronized (memory) {
            ReductionLayout plan = ReductionLayout.of(name, shape, reduced);
            long xa = address(x, name), ga = address(g, name);
            CudaStorage out = allocate(x.size());
            long o = out.address(name);
            int k = plan.kept(), r = plan.reduced();
            switch (plan.kind()) {
                case EMPTY -> { }
                case COPY -> ops.maxRowsBackward(k, 1, xa, ga, o);
                case ALL, ROWS -> ops.maxRowsBackward(k, r, xa, ga, o);
                case COLUMNS, PERMUTED -> {
                    try (DeviceBlock rows = memory.scratch((long) k * r); DeviceBlock grads = memory.scratch((long) k * r)) {
                        copy(plan.toRows(), xa, rows.address());
                        ops.maxRowsBackward(k, r, rows.address(), ga, grads.address());
                        copy(plan.fromRows(), grads.address(), o);
                    }
                }
            }
            return out;
        }
    }

    @Override
    public Storage broadcastTo(Storage x, int[] shape, int[] outShape) {
        return copied("broadcastTo", x, StridedCopy.broadcast("broadcastTo", shape, outShape));
    }

    // ---- layout

    @Override
    public Storage transpose(Storage x, int[] shape, int[] perm) {
        return copied("transpose", x, StridedCopy.transpose("transpose", shape, perm));
    }

    private Storage copied(String name, Storage x, StridedCopy plan) {
        synchronized (memory) {
            long xa = address(x, name);
            CudaStorage out = allocate(plan.elements());
            copy(plan, xa, out.address(name));
            return out;
        }
    }

    @Override
    public Storage gatherRows(Storage x, int rowLength, int[] rows) {
        synchronized (memory) {
            long xa = address(x, "gatherRows");
            int n = Math.multiplyExact(rows.length, rowLength);
            CudaStorage out = allocate(n);
            if (n == 0) return out;
            try (DeviceBlock indices = memory.scratch(rows.length)) {
                ops.upload(rows, indices.address());
                ops.gatherRows(rows.length, rowLength, indices.address(), xa, out.address("gatherRows"));
            }
            return out;
        }
    }

    @Override
    public Storage scatterAddRows(Storage values, int rowLength, int[] rows, int rowCount) {
        synchronized (memory) {
            long va = address(values, "scatterAddRows");
            int n = Math.multiplyExact(rowCount, rowLength);
            CudaStorage out = allocate(n);
            if (n == 0) return out;
            int[] plan = ScatterPlan.of(rows, rowCount);
            try (DeviceBlock device = memory.scratch(plan.length)) {
                ops.upload(plan, device.address());
                ops.scatterAddRows(rowCount, rowLength, device.address(), va, out.address("scatterAddRows"));
            }
            return out;
        }
    }

    @Override
    public Storage concat(Storage[] parts, int outer, int[] blockLengths) {
        synchronized (memory) {
            int total = 0;
            for (int b : blockLengths) total = Math.addExact(total, b);
            long[] addresses = new long[parts.length];
            for (int p = 0; p < parts.length; p++) addresses[p] = address(parts[p], "concat");
            CudaStorage out = allocate(Math.multiplyExact(outer, total));
            long o = out.address("concat");
            int offset = 0;
            for (int p = 0; p < parts.length; p++) {
                int block = blockLengths[p];
                long at = o + (long) offset * Float.BYTES;
                if (outer == 1) ops.copy(addresses[p], at, block);
                else copy(StridedCopy.rows("concat", outer, block, block, total), addresses[p], at);
                offset += block;
            }
            return out;
        }
    }

    @Override
    public Storage slice(Storage x, int outer, int blockLength, int start, int length) {
        synchronized (memory) {
            long from = address(x, "slice") + (long) start * Float.BYTES;
            CudaStorage out = allocate(Math.multiplyExact(outer, length));
            long o = out.address("slice");
            if (outer == 1) ops.copy(from, o, length);
            else copy(StridedCopy.rows("slice", outer, length, blockLength, length), from, o);
            return out;
        }
    }

    // ---- linear algebra

    /**
     * One launch per product of the batch (operands offset by their batch strides). A and B both
     * transposed: A is first copied into its untransposed form, as the kernels cover nn, tn, nt.
     * A product too small to fill the GPU but with a long k ({@link MatmulPlan#splitsFor}) is
     * split along k: one launch computes the slices' partial products into scratch, a second adds
     * them in order (and the bias, for {@link #matmulBias}).
     */
    @Override
    public Storage matmul(Storage a, Storage b, MatmulSpec spec) {
        return product("matmul", a, b, spec, null);
    }

    /**
     * The bias added in the kernel's epilogue (one launch per product, the bits of a separate add);
     * the tn kernels have no epilogue, so there the product goes to scratch and one row-vector add
     * writes the result.
     */
    @Override
    public Storage matmulBias(Storage a, Storage b, MatmulSpec spec, Storage bias) {
        if (bias.size() != spec.n()) {
            throw new IllegalArgumentException("matmulBias: the bias has " + bias.size() + " elements, the product "
                    + spec.n() + " columns");
        }
        return product("matmulBias", a, b, spec, bias);
    }

    private Storage product(String op, Storage a, Storage b, MatmulSpec spec, Storage bias) {
        synchronized (memory) {
            long aa = address(a, op), ba = address(b, op), biasAddress = bias == null ? 0 : address(bias, op);
            int size = Math.multiplyExact(Math.multiplyExact(spec.batch(), spec.m()), spec.n());
            CudaStorage out = allocate(size);
            long c = out.address(op);
            if (size == 0) return out;
            products.run(op, aa, ba, spec, c, biasAddress);
            return out;
        }
    }

    // ---- softmax family

    @Override
    public Storage softmax(Storage x, int outer, int axisLength, int inner, boolean log) {
        String name = log ? "logSoftmax" : "softmax";
        synchronized (memory) {
            long xa = address(x, name);
            int n = x.size();
            CudaStorage out = allocate(n);
            long o = out.address(name);
            if (n == 0) return out;
            if (inner == 1) {
                ops.softmax(outer, axisLength, xa, o, log);
                return out;
            }
            try (DeviceBlock rows = memory.scratch(n); DeviceBlock y = memory.scratch(n)) {
                copy(axisLast(name, outer, axisLength, inner), xa, rows.address());
                ops.softmax(outer * inner, axisLength, rows.address(), y.address(), log);
                copy(axisBack(name, outer, axisLength, inner), y.address(), o);
            }
            return out;
        }
    }

    /** Recomputes the forward output (the backward kernels take it, a rule gets only x), then the kernel. */
    @Override
    public Storage softmaxBackward(Storage x, Storage g, int outer, int axisLength, int inner, boolean log) {
        String name = log ? "logSoftmaxBackward" : "softmaxBackward";
        synchronized (memory) {
            long xa = address(x, name), ga = address(g, name);
            int n = x.size();
            CudaStorage out = allocate(n);
            long o = out.address(name);
            if (n == 0) return out;
            try (DeviceBlock y = memory.scratch(n)) {
                if (inner == 1) {
                    ops.softmax(outer, axisLength, xa, y.address(), log);
                    ops.softmaxBackward(outer, axisLength, y.address(), ga, o, log);
                    return out;
                }
                try (DeviceBlock xRows = memory.scratch(n); DeviceBlock gRows = memory.scratch(n);
                     DeviceBlock dx = memory.scratch(n)) {
                    StridedCopy toRows = axisLast(name, outer, axisLength, inner);
                    copy(toRows, xa, xRows.address());
                    copy(toRows, ga, gRows.address());
                    ops.softmax(outer * inner, axisLength, xRows.address(), y.address(), log);
                    ops.softmaxBackward(outer * inner, axisLength, y.address(), gRows.address(), dx.address(), log);
                    copy(axisBack(name, outer, axisLength, inner), dx.address(), o);
                }
            }
            return out;
        }
    }

    /** {@code [outer, axis, inner]} to {@code [outer, inner, axis]}: the normalized axis last, as the row kernels want. */
    private static StridedCopy axisLast(String op, int outer, int axis, int inner) {
        return StridedCopy.of(op, new int[] {outer, inner, axis}, new int[] {axis * inner, 1, inner},
                new int[] {inner * axis, axis, 1});
    }

    /** {@code [outer, inner, axis]} back to {@code [outer, axis, inner]}. */
    private static StridedCopy axisBack(String op, int outer, int axis, int inner) {
        return StridedCopy.of(op, new int[] {outer, axis, inner}, new int[] {inner * axis, 1, axis},
                new int[] {axis * inner, inner, 1});
    }

    /** Queues a strided copy: one launch, or one per index of its leading axes when it has more than six. */
    private void copy(StridedCopy plan, long x, long out) {
        plan.queue(ops, x, out);
    }

    /**
     * The general broadcast kernel over merged axes: one launch, or, beyond its six axes, one per
     * index of the leading ones, each on the operands' and the result's offsets there.
     */
    private void broadcast(CudaElementwise.BinaryOp kernel, int[] outShape, int[] aShape, long a, int[] bShape, long b,
                           long out) {
        int[][] merged = Strides.coalesce(outShape, Strides.broadcast(aShape, outShape), Strides.broadcast(bShape, outShape));
        int[] shape = merged[0], as = merged[1], bs = merged[2];
        int lead = Math.max(0, shape.length - Broadcast.MAX_RANK);
        int[] inner = java.util.Arrays.copyOfRange(shape, lead, shape.length);
        int[] aInner = equivalentShape(inner, java.util.Arrays.copyOfRange(as, lead, as.length));
        int[] bInner = equivalentShape(inner, java.util.Arrays.copyOfRange(bs, lead, bs.length));
        long innerSize = Strides.product(shape, lead, shape.length);
        for (int l = 0, launches = Strides.product(shape, 0, lead); l < launches; l++) {
            long aAt = 0, bAt = 0;
            for (int d = lead - 1, rest = l; d >= 0; d--) {
                int i = rest % shape[d];
                rest /= shape[d];
                aAt += (long) i * as[d];
                bAt += (long) i * bs[d];
            }
            ops.binaryBroadcast(kernel, aInner, a + aAt * Float.BYTES, bInner, b + bAt * Float.BYTES,
                    out + l * innerSize * Float.BYTES);
        }
    }

    // ---- lifetime

    /** Frees the pool and closes the context (tests and benchmarks that open their own backend). */
    void close() {
        synchronized (memory) {
            memory.close();
            if (resources != null) {
                try {
                    resources.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing " + this + " failed", e);
                }
            }
        }
    }

    /** Along the last axis, one launch per pass; another axis (or an empty one), the default's operations. */
    @Override
    public Storage softmaxCrossEntropy(Storage x, Storage labels, int outer, int axisLength, int inner) {
        if (inner != 1 || axisLength == 0) return Backend.super.softmaxCrossEntropy(x, labels, outer, axisLength, inner);
        synchronized (memory) {
            long xa = address(x, "softmaxCrossEntropy"), la = address(labels, "softmaxCrossEntropy");
            CudaStorage out = allocate(outer);
            if (outer > 0) ops.softmaxCrossEntropy(outer, axisLength, xa, la, out.address("softmaxCrossEntropy"));
            return out;
        }
    }

    @Override
    public Storage softmaxCrossEntropyBackward(Storage x, Storage labels, Storage g, int outer, int axisLength,
                                               int inner) {
        if (inner != 1 || axisLength == 0) {
            return Backend.super.softmaxCrossEntropyBackward(x, labels, g, outer, axisLength, inner);
        }
        String op = "softmaxCrossEntropyBackward";
        synchronized (memory) {
            long xa = address(x, op), la = address(labels, op), ga = address(g, op);
            CudaStorage out = allocate(x.size());
            if (x.size() > 0) ops.softmaxCrossEntropyBackward(outer, axisLength, xa, la, ga, out.address(op));
            return out;
        }
    }

    // ---- optimizer updates

    /**
     * All leaves in one launch of {@code adam_apply_leaves_f32} (one per {@link
     * LeafTable#MAX_LEAVES} leaves) instead of fourteen elementwise launches per leaf; the bits
     * are those of the CPU's loop ({@code -fmad=false}, correctly rounded division and square
     * root).
     */
    @Override
    public FusedAdamStep.Result adamApply(Storage[] params, Storage[] grads, Storage[] mu, Storage[] nu,
                                          boolean[] decayed, FusedAdamStep step) {
        long[] flags = new long[params.length];
        if (decayed != null) {
            if (decayed.length != params.length) {
                throw new IllegalArgumentException("adamApply: " + params.length + " parameters but " + decayed.length
                        + " decay flags");
            }
            for (int i = 0; i < flags.length; i++) flags[i] = decayed[i] ? 1 : 0;
        }
        Storage[][] out = leafUpdate("adamApply", new Storage[][] {params, grads, mu, nu},
                new String[] {"parameters", "gradients", "first moments", "second moments"}, new int[] {0, 2, 3},
                flags, step.words(), ops::adamApplyLeaves);
        return new FusedAdamStep.Result(out[0], out[1], out[2]);
    }

    /** All leaves in one launch of {@code sgd_apply_leaves_f32}, as {@link #adamApply}; the bits of the stages run one by one. */
    @Override
    public FusedSgdStep.Result sgdApply(Storage[] params, Storage[] grads, Storage[] traces, FusedSgdStep step) {
        Storage[][] out = leafUpdate("sgdApply", new Storage[][] {params, grads, traces},
                new String[] {"parameters", "gradients", "traces"}, new int[] {0, 2}, null, step.words(traces != null),
                ops::sgdApplyLeaves);
        return new FusedSgdStep.Result(out[0], out[1]);
    }

    /**
     * One multi-leaf optimizer step: {@code inputs[j][i]} is input j ({@code names[j]}) of leaf
     * i ({@code inputs[j]} null where the step has no such input: its pointers are 0); each input
     * listed in {@code updated} gets a fresh output per leaf. The table's fields are the outputs,
     * the inputs, {@code perLeaf[i]} (where not null) and the length, in that order, as the
     * kernels declare them; a table is launched whenever full.
     *
     * @return the outputs, {@code out[u][i]} for the u-th updated input (null where it is absent)
     */
    private Storage[][] leafUpdate(String op, Storage[][] inputs, String[] names, int[] updated, long[] perLeaf,
                                   int[] constants, java.util.function.Consumer<LeafTable> launch) {
        int leaves = inputs[0].length;
        for (Storage[] input : inputs) {
            if (input != null && input.length != leaves) {
                throw new IllegalArgumentException(op + ": " + leaves + " parameters but " + input.length
                        + " of another input (" + java.util.Arrays.toString(names) + "); give one of each per leaf");
            }
        }
        Storage[][] out = new Storage[updated.length][];
        for (int u = 0; u < updated.length; u++) out[u] = inputs[updated[u]] == null ? null : new Storage[leaves];
        int fields = updated.length + inputs.length + (perLeaf == null ? 0 : 1) + 1;
        synchronized (memory) {
            LeafTable table = new LeafTable(op, fields, constants);
            for (int i = 0; i < leaves; i++) {
                int n = inputs[0][i].size();
                long[] f = new long[fields];
                for (int j = 0; j < inputs.length; j++) {
                    if (inputs[j] == null) continue;
                    if (inputs[j][i].size() != n) {
                        throw new IllegalArgumentException(op + ": leaf " + i + " has " + n + " parameters but "
                                + inputs[j][i].size() + " " + names[j] + "; each must have its parameter's size");
                    }
                    f[updated.length + j] = address(inputs[j][i], op);
                }
                for (int u = 0; u < updated.length; u++) {
                    if (out[u] == null) continue;
                    CudaStorage fresh = allocate(n);
                    out[u][i] = fresh;
                    f[u] = fresh.address(op);
                }
                if (perLeaf != null) f[fields - 2] = perLeaf[i];
                f[fields - 1] = n;
                table.add(f);
                if (table.isFull()) {
                    launch.accept(table);
                    table = new LeafTable(op, fields, constants);
                }
            }
            launch.accept(table);
        }
        return out;
    }

    @Override
    public String toString() {
        return "CudaBackend(" + device + ": " + description + ")";
    }

    // ---- helpers

    private CudaStorage allocate(int size) {
        CudaStorage s = new CudaStorage(this, size, memory.allocate(size));
        if (poisonResults) ops.fill(s.address("allocate"), POISON, Math.max(1, size));
        return s;
    }

    private long address(Storage s, String op) {
        if (!(s instanceof CudaStorage c) || c.backend() != this) {
            throw new IllegalArgumentException(op + ": storage " + s + " is not on " + device
                    + "; move its tensor with to(" + device + ")");
        }
        return c.address(op);
    }

    private IllegalArgumentException float64(String op) {
        return new IllegalArgumentException(op + ": " + device + " holds float32 tensors only (its kernels are float32);"
                + " keep float64 work on the CPU, or convert with astype(DType.FLOAT32)");
    }

    private static String name(UnaryOp op) {
        return op.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static CudaElementwise.UnaryOp kernel(UnaryOp op) {
        return switch (op) {
            case NEG -> CudaElementwise.UnaryOp.NEG;
            case EXP -> CudaElementwise.UnaryOp.EXP;
            case LOG -> CudaElementwise.UnaryOp.LOG;
            case TANH -> CudaElementwise.UnaryOp.TANH;
            case SIGMOID -> CudaElementwise.UnaryOp.SIGMOID;
            case RELU -> CudaElementwise.UnaryOp.RELU;
            case SOFTPLUS -> CudaElementwise.UnaryOp.SOFTPLUS;
            case SQRT -> CudaElementwise.UnaryOp.SQRT;
            case SQUARE -> CudaElementwise.UnaryOp.SQUARE;
            case ABS -> CudaElementwise.UnaryOp.ABS;
        };
    }

    private static int sizeOf(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return Math.toIntExact(n);
    }

    /**
     * Whether {@code shape}, without its leading 1s, equals the trailing axes of {@code out}: the
     * operand repeats whole along the leading axes (a bias added to every row).
     */
    static boolean repeatsAlongLeadingAxes(int[] shape, int[] out) {
        int first = 0;
        while (first < shape.length && shape[first] == 1) first++;
        int length = shape.length - first;
        if (length == 0 || length > out.length) return false;
        for (int i = 0; i < length; i++) {
            if (shape[first + i] != out[out.length - length + i]) return false;
        }
        return true;
    }

    /** The shape an operand has in a merged broadcast: the axis length where it has a stride, 1 where broadcast. */
    private static int[] equivalentShape(int[] shape, int[] strides) {
        int[] out = new int[shape.length];
        for (int d = 0; d < shape.length; d++) out[d] = strides[d] == 0 && shape[d] != 1 ? 1 : shape[d];
        return out;
    }
}
