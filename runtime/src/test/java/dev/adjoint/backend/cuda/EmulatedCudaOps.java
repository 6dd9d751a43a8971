package dev.adjoint.backend.cuda;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@link CudaOps} and a {@link DeviceAllocator} in host memory: each kernel's documented contract
 * in plain Java over a simulated address space, so that {@link CudaBackend}'s mapping of tensor
 * operations onto kernels, its address arithmetic and its memory ownership run and are checked
 * without a GPU. Every access is bounds-checked against the block it falls in (an out-of-block
 * read or write is an AssertionError), fresh memory holds a NaN poison, and the struct-based
 * kernels read the very words the launchers would pass ({@link Broadcast}, {@link StridedCopy}).
 *
 * <p>It says nothing about the real kernels (the emulator in cuda-kernels and the GPU-tagged tests
 * check those); its arithmetic is the contract's, in float32 where the kernels round in float32.
 */
final class EmulatedCudaOps implements CudaOps, DeviceAllocator {
    private final TreeMap<Long, int[]> blocks = new TreeMap<>();
    private final long capacityBytes;
    private long nextAddress = 0x7000_0000_0000L;
    private long liveBytes;
    long launches;
    /**
     * Skip the matrix products' arithmetic (their operands are still bounds-checked), for tests
     * that count launches of full-size steps; the results are then meaningless.
     */
    boolean countOnly;

    EmulatedCudaOps(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    // ---- DeviceAllocator

    @Override
    public long allocate(long bytes) {
        if (liveBytes + bytes > capacityBytes) {
            throw new OutOfDeviceMemoryException("emulated device full: " + liveBytes + " + " + bytes + " > " + capacityBytes);
        }
        int[] words = new int[Math.toIntExact((bytes + 3) / 4)];
        java.util.Arrays.fill(words, CudaBackend.POISON);
        long address = nextAddress;
        nextAddress += (bytes + 255) / 256 * 256 + 256;  // a gap: a neighbour is never reached by accident
        blocks.put(address, words);
        liveBytes += bytes;
        return address;
    }

    @Override
    public void free(long address) {
        int[] words = blocks.remove(address);
        if (words == null) throw new AssertionError("free of 0x" + Long.toHexString(address) + ", which is not allocated");
        liveBytes -= (long) words.length * 4;
    }

    long liveBytes() {
        return liveBytes;
    }

    int liveBlocks() {
        return blocks.size();
    }

    // ---- memory access

    /** The words of the block holding {@code [address, address + 4 * count)}, and the index of the first. */
    private record Span(int[] words, int index) {
        float get(long i) {
            return Float.intBitsToFloat(words[index + (int) i]);
        }

        int bits(long i) {
            return words[index + (int) i];
        }

        void set(long i, float v) {
            words[index + (int) i] = Float.floatToRawIntBits(v);
        }
    }

    private Span span(long address, long count) {
        Map.Entry<Long, int[]> e = blocks.floorEntry(address);
        if (e == null) throw new AssertionError("address 0x" + Long.toHexString(address) + " is not in any block");
        long offset = address - e.getKey();
        if (offset % 4 != 0) throw new AssertionError("misaligned float address 0x" + Long.toHexString(address));
        long index = offset / 4;
        if (count > 0 && index + count > e.getValue().length) {
            throw new AssertionError(count + " floats at 0x" + Long.toHexString(address) + " run past the end of a block of "
                    + e.getValue().length + " (at offset " + index + ")");
        }
        return new Span(e.getValue(), (int) index);
    }

    // ---- copies

    @Override
    public void upload(float[] src, long dst) {
        Span d = span(dst, src.length);
        for (int i = 0; i < src.length; i++) d.set(i, src[i]);
    }

    @Override
    public void upload(int[] src, long dst) {
        Span d = span(dst, src.length);
        System.arraycopy(src, 0, d.words, d.index, src.length);
    }

    @Override
    public void download(long src, float[] dst) {
        Span s = span(src, dst.length);
        for (int i = 0; i < dst.length; i++) dst[i] = s.get(i);
    }

    @Override
    public void copy(long src, long dst, long count) {
        if (count == 0) return;
        Span s = span(src, count), d = span(dst, count);
        System.arraycopy(s.words, s.index, d.words, d.index, (int) count);
    }

    @Override
    public void fill(long dst, int bits, long count) {
        if (count == 0) return;
        Span d = span(dst, count);
        java.util.Arrays.fill(d.words, d.index, d.index + (int) count, bits);
    }

    // ---- elementwise

    static float unary(CudaElementwise.UnaryOp op, float x, float p0, float p1) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case TANH -> (float) Math.tanh(x);
            case SIGMOID -> 1f / (1f + (float) Math.exp(-x));
            case RELU -> x < 0f ? 0f : x;
            case SQUARE -> x * x;
            case RECIPROCAL -> 1f / x;
            case AFFINE -> p0 * x + p1;
            case POW -> (float) Math.pow(x, p0);
            case SOFTPLUS -> Math.max(x, 0f) + (float) Math.log1p(Math.exp(-Math.abs(x)));
        };
    }

    static float binary(CudaElementwise.BinaryOp op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case RELU_GRAD -> b > 0f ? a : 0f;
            case TANH_GRAD -> a * (1f - b * b);
            case SIGMOID_GRAD -> a * (b * (1f - b));
            case ABS_GRAD -> a * Math.signum(b);
        };
    }

    @Override
    public void unary(CudaElementwise.UnaryOp op, long n, long x, long out, float p0, float p1) {
        launches++;
        if (n == 0) return;
        Span xs = span(x, n), os = span(out, n);
        for (long i = 0; i < n; i++) os.set(i, unary(op, xs.get(i), p0, p1));
    }

    @Override
    public void binary(CudaElementwise.BinaryOp op, long n, long a, long b, long out) {
        launches++;
        if (n == 0) return;
        Span as = span(a, n), bs = span(b, n), os = span(out, n);
        for (long i = 0; i < n; i++) os.set(i, binary(op, as.get(i), bs.get(i)));
    }

    @Override
    public void binaryRowVector(CudaElementwise.BinaryOp op, long rows, int cols, long a, long b, long out) {
        launches++;
        long n = rows * cols;
        if (n == 0) return;
        Span as = span(a, n), bs = span(b, cols), os = span(out, n);
        for (long i = 0; i < n; i++) os.set(i, binary(op, as.get(i), bs.get(i % cols)));
    }

    /** Reads the launcher's struct words, as the {@code _bcast} kernels do. */
    @Override
    public void binaryBroadcast(CudaElementwise.BinaryOp op, int[] aShape, long a, int[] bShape, long b, long out) {
        launches++;
        Broadcast plan = Broadcast.of(op.name(), aShape, bShape);
        int[] w = plan.structWords();
        int rank = w[0];
        int n = (int) plan.elements();
        if (n == 0) return;
        Span as = span(a, extent(w, rank, 1 + Broadcast.MAX_RANK)), bs = span(b, extent(w, rank, 1 + 2 * Broadcast.MAX_RANK));
        Span os = span(out, n);
        for (int i = 0; i < n; i++) {
            int rest = i, ia = 0, ib = 0;
            for (int d = rank - 1; d >= 0; d--) {
                int idx = rest % w[1 + d];
                rest /= w[1 + d];
                ia += idx * w[1 + Broadcast.MAX_RANK + d];
                ib += idx * w[1 + 2 * Broadcast.MAX_RANK + d];
            }
            os.set(i, binary(op, as.get(ia), bs.get(ib)));
        }
    }

    /** 1 + the largest offset a stride table reaches (for the bounds check). */
    private static long extent(int[] words, int rank, int strideAt) {
        long max = 0;
        for (int d = 0; d < rank; d++) max += (long) (words[1 + d] - 1) * words[strideAt + d];
        return max + 1;
    }

    // ---- matmul

    @Override
    public void matmul(CudaMatmul.Layout layout, int m, int n, int k, long a, long b, long c, long bias) {
        launches++;
        MatmulPlan.choose(layout, bias == 0 ? CudaMatmul.Epilogue.NONE : CudaMatmul.Epilogue.BIAS, m, n, k, a,
                CudaMatmul.packedLda(layout, m, k), b, CudaMatmul.packedLdb(layout, n, k), c, Math.max(1, n), bias,
                132);  // the launcher's validation
        if (m == 0 || n == 0) return;
        Span biases = bias == 0 ? null : span(bias, n);
        // the epilogue adds the bias to the product rounded to float32, as a separate add would
        product(layout, m, n, k, a, b, c, 0, k, biases);
    }

    /** The kernel's slicing: slice z covers {@code [z s, min(k, z s + s))}, s = ceil(ceil(k / splits) / 8) * 8. */
    @Override
    public void matmulSplit(CudaMatmul.Layout layout, int m, int n, int k, long a, long b, long partials, int splits) {
        launches++;
        MatmulPlan.choose(layout, CudaMatmul.Epilogue.NONE, m, n, k, a, CudaMatmul.packedLda(layout, m, k), b,
                CudaMatmul.packedLdb(layout, n, k), partials, Math.max(1, n), 0, 132);
        if (m == 0 || n == 0) return;
        int slice = ((k + splits - 1) / splits + 7) / 8 * 8;
        for (int z = 0; z < splits; z++) {
            int begin = z * slice;
            product(layout, m, n, k, a, b, partials + (long) z * m * n * 4, Math.min(begin, k), Math.min(k, begin + slice), null);
        }
    }

    /** One product over k in {@code [kBegin, kEnd)}, each element summed in double and rounded once. */
    private void product(CudaMatmul.Layout layout, int m, int n, int k, long a, long b, long c, int kBegin, int kEnd,
                         Span biases) {
        Span as = span(a, (long) m * k), bs = span(b, (long) k * n), cs = span(c, (long) m * n);
        if (countOnly) return;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = kBegin; p < kEnd; p++) {
                    float av = layout == CudaMatmul.Layout.TN ? as.get((long) p * m + i) : as.get((long) i * k + p);
                    float bv = layout == CudaMatmul.Layout.NT ? bs.get((long) j * k + p) : bs.get((long) p * n + j);
                    s += (double) av * bv;
                }
                cs.set((long) i * n + j, biases == null ? (float) s : (float) s + biases.get(j));
            }
        }
    }

    @Override
    public void sumSlices(long count, int slices, long partials, long out, long bias, int columns) {
        launches++;
        if (count == 0) return;
        Span ps = span(partials, count * slices), os = span(out, count);
        Span biases = bias == 0 ? null : span(bias, columns);
        for (long i = 0; i < count; i++) {
            float s = ps.get(i);
            for (int z = 1; z < slices; z++) s += ps.get(z * count + i);
            os.set(i, biases == null ? s : s + biases.get(i % columns));
        }
    }

    // ---- reductions

    @Override
    public void sumAll(long n, long x, long out, float scale) {
        launches++;
        Span xs = span(x, n), os = span(out, 1);
        double s = 0;
        for (long i = 0; i < n; i++) s += xs.get(i);
        os.set(0, (float) s * scale);
    }

    @Override
    public void sumRows(int rows, int cols, long x, long out, float scale) {
        launches++;
        if (rows == 0) return;
        Span xs = span(x, (long) rows * cols), os = span(out, rows);
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int c = 0; c < cols; c++) s += xs.get((long) r * cols + c);
            os.set(r, (float) s * scale);
        }
    }

    @Override
    public void sumColumns(int rows, int cols, long x, long out, float scale) {
        launches++;
        if (cols == 0) return;
        Span xs = span(x, (long) rows * cols), os = span(out, cols);
        for (int c = 0; c < cols; c++) {
            double s = 0;
            for (int r = 0; r < rows; r++) s += xs.get((long) r * cols + c);
            os.set(c, (float) s * scale);
        }
    }

    @Override
    public void maxRows(int rows, int cols, long x, long out) {
        launches++;
        if (cols == 0 && rows > 0) throw new IllegalArgumentException("max over rows: rows of length 0");
        if (rows == 0) return;
        Span xs = span(x, (long) rows * cols), os = span(out, rows);
        for (int r = 0; r < rows; r++) os.set(r, rowMax(xs, r, cols));
    }

    private static float rowMax(Span xs, int r, int cols) {
        float m = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) m = Math.max(m, xs.get((long) r * cols + c));
        return m;
    }

    @Override
    public void maxRowsBackward(int rows, int cols, long x, long g, long out) {
        launches++;
        if (rows == 0 || cols == 0) return;
        Span xs = span(x, (long) rows * cols), gs = span(g, rows), os = span(out, (long) rows * cols);
        for (int r = 0; r < rows; r++) {
            float m = rowMax(xs, r, cols);
            int ties = 0;
            for (int c = 0; c < cols; c++) if (xs.get((long) r * cols + c) == m) ties++;
            float share = ties > 0 ? gs.get(r) / ties : 0f;
            for (int c = 0; c < cols; c++) os.set((long) r * cols + c, xs.get((long) r * cols + c) == m ? share : 0f);
        }
    }

    // ---- softmax

    @Override
    public void softmax(int rows, int cols, long x, long y, boolean log) {
        launches++;
        if (rows > 0 && cols == 0) throw new IllegalArgumentException("softmax: rows of length 0");
        if (rows == 0) return;
        Span xs = span(x, (long) rows * cols), ys = span(y, (long) rows * cols);
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int c = 0; c < cols; c++) max = Math.max(max, xs.get((long) r * cols + c));
            for (int c = 0; c < cols; c++) sum += Math.exp(xs.get((long) r * cols + c) - max);
            for (int c = 0; c < cols; c++) {
                double v = xs.get((long) r * cols + c) - max;
                ys.set((long) r * cols + c, (float) (log ? v - Math.log(sum) : Math.exp(v) / sum));
            }
        }
    }

    @Override
    public void softmaxBackward(int rows, int cols, long y, long dy, long dx, boolean log) {
        launches++;
        if (rows == 0) return;
        long n = (long) rows * cols;
        Span ys = span(y, n), gs = span(dy, n), os = span(dx, n);
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int c = 0; c < cols; c++) {
                long i = (long) r * cols + c;
                s += log ? gs.get(i) : (double) gs.get(i) * ys.get(i);
            }
            for (int c = 0; c < cols; c++) {
                long i = (long) r * cols + c;
                double v = log ? gs.get(i) - Math.exp(ys.get(i)) * s : ys.get(i) * (gs.get(i) - s);
                os.set(i, (float) v);
            }
        }
    }

    // ---- layout

    /** One launch: reads the launcher's struct words, as {@code strided_copy_f32} does. */
    /** The kernel's arithmetic in float: max, log of the exp sum, the labels' dot with the log-softmax. */
    @Override
    public void softmaxCrossEntropy(int rows, int cols, long x, long labels, long out) {
        launches++;
        Span xs = span(x, (long) rows * cols), ls = span(labels, (long) rows * cols), os = span(out, rows);
        for (int r = 0; r < rows; r++) {
            float m = Float.NEGATIVE_INFINITY, sum = 0, dot = 0;
            for (int c = 0; c < cols; c++) m = Math.max(m, xs.get((long) r * cols + c));
            for (int c = 0; c < cols; c++) sum += (float) Math.exp(xs.get((long) r * cols + c) - m);
            float lse = (float) Math.log(sum);
            for (int c = 0; c < cols; c++) dot += ls.get((long) r * cols + c) * ((xs.get((long) r * cols + c) - m) - lse);
            os.set(r, -dot);
        }
    }

    @Override
    public void softmaxCrossEntropyBackward(int rows, int cols, long x, long labels, long g, long dx) {
        launches++;
        Span xs = span(x, (long) rows * cols), ls = span(labels, (long) rows * cols), gs = span(g, rows);
        Span ds = span(dx, (long) rows * cols);
        for (int r = 0; r < rows; r++) {
            float m = Float.NEGATIVE_INFINITY, sum = 0, total = 0;
            for (int c = 0; c < cols; c++) m = Math.max(m, xs.get((long) r * cols + c));
            for (int c = 0; c < cols; c++) sum += (float) Math.exp(xs.get((long) r * cols + c) - m);
            for (int c = 0; c < cols; c++) total += ls.get((long) r * cols + c);
            float inv = 1f / sum;
            for (int c = 0; c < cols; c++) {
                long i = (long) r * cols + c;
                ds.set(i, gs.get(r) * (((float) Math.exp(xs.get(i) - m) * inv) * total - ls.get(i)));
            }
        }
    }

    @Override
    public void stridedCopy(StridedCopy plan, long x, long out) {
        launches++;
        int n = plan.elementsPerLaunch();
        if (n == 0) return;
        int[] w = plan.structWords();
        int rank = w[0];
        Span xs = span(x, extent(w, rank, 1 + StridedCopy.MAX_RANK));
        Span os = span(out, extent(w, rank, 1 + 2 * StridedCopy.MAX_RANK));
        for (int i = 0; i < n; i++) {
            int rest = i, src = 0, dst = 0;
            for (int d = rank - 1; d >= 0; d--) {
                int idx = rest % w[1 + d];
                rest /= w[1 + d];
                src += idx * w[1 + StridedCopy.MAX_RANK + d];
                dst += idx * w[1 + 2 * StridedCopy.MAX_RANK + d];
            }
            os.words[os.index + dst] = xs.bits(src);
        }
    }

    @Override
    public void gatherRows(int count, int rowLength, long rows, long x, long out) {
        launches++;
        if ((long) count * rowLength == 0) return;
        Span idx = span(rows, count), os = span(out, (long) count * rowLength);
        for (int i = 0; i < count; i++) {
            Span row = span(x + (long) idx.bits(i) * rowLength * 4, rowLength);
            for (int c = 0; c < rowLength; c++) os.words[os.index + i * rowLength + c] = row.bits(c);
        }
    }

    @Override
    public void scatterAddRows(int outRows, int rowLength, long plan, long values, long out) {
        launches++;
        if ((long) outRows * rowLength == 0) return;
        Span offsets = span(plan, outRows + 1);
        Span sources = span(plan + (outRows + 1) * 4L, offsets.bits(outRows));
        Span os = span(out, (long) outRows * rowLength);
        for (int r = 0; r < outRows; r++) {
            for (int c = 0; c < rowLength; c++) {
                float s = 0f;
                for (int k = offsets.bits(r); k < offsets.bits(r + 1); k++) {
                    s += span(values + ((long) sources.bits(k) * rowLength + c) * 4, 1).get(0);
                }
                os.set((long) r * rowLength + c, s);
            }
        }
    }

    /** Reads each leaf's pointers back out of the struct words, as the kernel does. */
    @Override
    public void adamApplyLeaves(LeafTable table) {
        launches++;
        int[] w = table.constants();
        float b1 = f(w, 0), b2 = f(w, 1), c1 = f(w, 2), c2 = f(w, 3), bc1 = f(w, 4), bc2 = f(w, 5), eps = f(w, 6), factor = f(w, 7);
        float weightDecay = f(w, 8);
        for (int leaf = 0; leaf < table.count(); leaf++) {
            long n = table.length(leaf);
            if (n == 0) continue;
            Span p = field(table, leaf, LeafTable.AdamField.P, n), g = field(table, leaf, LeafTable.AdamField.G, n);
            Span m = field(table, leaf, LeafTable.AdamField.M, n), v = field(table, leaf, LeafTable.AdamField.V, n);
            Span pOut = field(table, leaf, LeafTable.AdamField.P_OUT, n);
            Span mOut = field(table, leaf, LeafTable.AdamField.M_OUT, n);
            Span vOut = field(table, leaf, LeafTable.AdamField.V_OUT, n);
            boolean decayed = table.field(leaf, LeafTable.AdamField.DECAYED.ordinal()) != 0;
            for (long i = 0; i < n; i++) {
                float gi = g.get(i);
                float mi = c1 * gi + b1 * m.get(i);
                float vi = c2 * (gi * gi) + b2 * v.get(i);
                float u = (mi / bc1) / ((float) Math.sqrt(vi / bc2) + eps);
                if (decayed) u = u + p.get(i) * weightDecay;
                float pi = p.get(i) + u * factor;
                mOut.set(i, mi);
                vOut.set(i, vi);
                pOut.set(i, pi);
            }
        }
    }

    @Override
    public void sgdApplyLeaves(LeafTable table) {
        launches++;
        int[] w = table.constants();
        float decay = f(w, 0), factor = f(w, 1);
        boolean nesterov = w[2] != 0, withTrace = w[3] != 0;
        for (int leaf = 0; leaf < table.count(); leaf++) {
            long n = table.length(leaf);
            if (n == 0) continue;
            Span p = field(table, leaf, LeafTable.SgdField.P, n), g = field(table, leaf, LeafTable.SgdField.G, n);
            Span pOut = field(table, leaf, LeafTable.SgdField.P_OUT, n);
            Span t = withTrace ? field(table, leaf, LeafTable.SgdField.T, n) : null;
            Span tOut = withTrace ? field(table, leaf, LeafTable.SgdField.T_OUT, n) : null;
            for (long i = 0; i < n; i++) {
                float gi = g.get(i), u = gi;
                if (withTrace) {
                    float ti = gi + t.get(i) * decay;
                    tOut.set(i, ti);
                    u = nesterov ? gi + ti * decay : ti;
                }
                pOut.set(i, p.get(i) + u * factor);
            }
        }
    }

    private Span field(LeafTable table, int leaf, Enum<?> field, long n) {
        return span(table.field(leaf, field.ordinal()), n);
    }

    private static float f(int[] words, int i) {
        return Float.intBitsToFloat(words[i]);
    }
}
