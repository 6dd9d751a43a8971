package dev.adjoint.backend.cuda;

import java.util.Arrays;

/**
 * A strided copy as {@code strided_copy_f32} ({@code layout.cu}) runs it:
 * {@code out[dst(i)] = x[src(i)]} for every index {@code i} of a shape, each side with its own
 * element strides (0 along broadcast axes). Transposes, broadcasts, slices and the parts of a
 * concatenation are all such copies.
 *
 * <p>Axes of length 1 are dropped and neighbouring axes that both sides traverse contiguously are
 * merged first, so most copies reach the kernel with one to three axes. The kernel takes at most
 * {@value #MAX_RANK}; a copy that still has more is split into one launch per index of its
 * leading axes ({@link #launches()}, each at its own {@linkplain #sourceOffset offsets}). Pure
 * host logic.
 */
final class StridedCopy {
    /** Axes the kernel's struct has room for. */
    static final int MAX_RANK = 6;
    /** The struct's size in 32-bit words: rank, sizes, source strides, destination strides. */
    static final int STRUCT_WORDS = 1 + 3 * MAX_RANK;

    private final int[] shape;
    private final int[] src;
    private final int[] dst;
    private final int lead;  // leading axes looped over on the host (rank - MAX_RANK, or 0)
    private final int elements;

    private StridedCopy(int[] shape, int[] src, int[] dst, int elements) {
        this.shape = shape;
        this.src = src;
        this.dst = dst;
        this.lead = Math.max(0, shape.length - MAX_RANK);
        this.elements = elements;
    }

    /** The copy of every index of {@code shape} from {@code srcStrides} to {@code dstStrides} (elements). */
    static StridedCopy of(String op, int[] shape, int[] srcStrides, int[] dstStrides) {
        if (srcStrides.length != shape.length || dstStrides.length != shape.length) {
            throw new IllegalArgumentException(op + ": " + shape.length + " axes but " + srcStrides.length
                    + " source and " + dstStrides.length + " destination strides");
        }
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException(op + ": negative size in " + Arrays.toString(shape));
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": " + Arrays.toString(shape) + " has more than 2^31-1 elements");
        }
        if (n == 0) return new StridedCopy(new int[0], new int[0], new int[0], 0);
        int[][] merged = Strides.coalesce(shape, srcStrides, dstStrides);
        return new StridedCopy(merged[0], merged[1], merged[2], (int) n);
    }

    /** {@code x} of {@code shape} transposed: output axis {@code i} is input axis {@code perm[i]}. */
    static StridedCopy transpose(String op, int[] shape, int[] perm) {
        int[] in = Strides.rowMajor(shape);
        int[] outShape = new int[perm.length];
        int[] srcStrides = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            outShape[i] = shape[perm[i]];
            srcStrides[i] = in[perm[i]];
        }
        return of(op, outShape, srcStrides, Strides.rowMajor(outShape));
    }

    /** {@code x} of {@code shape} broadcast to {@code outShape} (NumPy's rules, already checked). */
    static StridedCopy broadcast(String op, int[] shape, int[] outShape) {
        return of(op, outShape, Strides.broadcast(shape, outShape), Strides.rowMajor(outShape));
    }

    /** {@code rows} rows of {@code length} elements, read {@code srcPitch} and written {@code dstPitch} apart. */
    static StridedCopy rows(String op, int rows, int length, int srcPitch, int dstPitch) {
        return of(op, new int[] {rows, length}, new int[] {srcPitch, 1}, new int[] {dstPitch, 1});
    }

    /** Elements copied in all. */
    int elements() {
        return elements;
    }

    /** Queues every launch of this copy from {@code x} to {@code out} (each at its offsets). */
    void queue(CudaOps ops, long x, long out) {
        for (int l = 0, launches = launches(); l < launches; l++) {
            ops.stridedCopy(this, x + sourceOffset(l) * Float.BYTES, out + destinationOffset(l) * Float.BYTES);
        }
    }

    /** Launches the copy takes: 1, or the product of the leading axes beyond the kernel's six. */
    int launches() {
        return elements == 0 ? 0 : Strides.product(shape, 0, lead);
    }

    /** Elements each launch copies. */
    int elementsPerLaunch() {
        return elements == 0 ? 0 : Strides.product(shape, lead, shape.length);
    }

    /** Where launch {@code l} starts reading, in elements from the source's start. */
    long sourceOffset(int launch) {
        return offset(launch, src);
    }

    /** Where launch {@code l} starts writing, in elements from the destination's start. */
    long destinationOffset(int launch) {
        return offset(launch, dst);
    }

    private long offset(int launch, int[] strides) {
        long at = 0;
        int rest = launch;
        for (int d = lead - 1; d >= 0; d--) {
            at += (long) (rest % shape[d]) * strides[d];
            rest /= shape[d];
        }
        return at;
    }

    /** Axes after merging, leading ones included (0 for a single element or none). */
    int rank() {
        return shape.length;
    }

    int[] shape() {
        return shape.clone();
    }

    int[] sourceStrides() {
        return src.clone();
    }

    int[] destinationStrides() {
        return dst.clone();
    }

    /**
     * The kernel's by-value struct for each launch: rank, then sizes, source strides, destination
     * strides of the (at most six) innermost axes, each padded to six.
     */
    int[] structWords() {
        int[] words = new int[STRUCT_WORDS];
        int rank = shape.length - lead;
        words[0] = rank;
        for (int d = 0; d < rank; d++) {
            words[1 + d] = shape[lead + d];
            words[1 + MAX_RANK + d] = src[lead + d];
            words[1 + 2 * MAX_RANK + d] = dst[lead + d];
        }
        return words;
    }

    @Override
    public String toString() {
        return "StridedCopy" + Arrays.toString(shape) + " src" + Arrays.toString(src) + " dst" + Arrays.toString(dst);
    }
}
