// Copies that rearrange float32 elements, for the tensor layer's layout operations:
//
//   strided_copy:     out[dst(i)] = x[src(i)] over every index i of a shape of up to 6 dims, each
//                     side with its own element strides (0 along broadcast dims): transposes,
//                     broadcasts, slices, and the parts of a concatenation.
//   gather_rows:      out row i = x row rows[i] (a minibatch picked by index).
//   scatter_add_rows: the adjoint of gather_rows, without atomics: the host sorts the indices into
//                     per-output-row lists (in index order), and output row r adds its list in that
//                     order from 0, exactly as a sequential loop does, so results are bit-identical
//                     to the CPU backend and the same on every run.
//
// All are plain grid-stride loops with scalar accesses (strided reads cannot use float4); the host
// guarantees every index fits in an int.
#include "common.cuh"

// a named namespace: nvcc names entities of an anonymous one after the source's absolute
// path, which would make the compiled output depend on where the repository lives
namespace adjoint_layout {

constexpr int MAX_COPY_RANK = 6;

// Mirrors StridedCopy.java: rank, then the sizes, the source strides and the destination strides
// of up to 6 dims, in elements.
struct StridedCopy {
    int rank;
    int shape[MAX_COPY_RANK];
    int src_stride[MAX_COPY_RANK];
    int dst_stride[MAX_COPY_RANK];
};

}  // namespace
using namespace adjoint_layout;

// out[dst(i)] = x[src(i)] for the n = prod(shape) indices i.
extern "C" __global__ void __launch_bounds__(256)
strided_copy_f32(int n, const StridedCopy d, const float* __restrict__ x, float* __restrict__ out) {
    for (long long i = global_thread(); i < n; i += grid_threads()) {
        int rest = (int)i, src = 0, dst = 0;
#pragma unroll
        for (int k = MAX_COPY_RANK - 1; k >= 0; --k) {
            if (k < d.rank) {
                const int idx = rest % d.shape[k];
                rest /= d.shape[k];
                src += idx * d.src_stride[k];
                dst += idx * d.dst_stride[k];
            }
        }
        out[dst] = load1(x + src);
    }
}

// out[i, c] = x[rows[i], c] for i < count, c < row_length.
extern "C" __global__ void __launch_bounds__(256)
gather_rows_f32(int count, int row_length, const int* __restrict__ rows, const float* __restrict__ x,
                float* __restrict__ out) {
    const long long n = (long long)count * row_length;
    for (long long i = global_thread(); i < n; i += grid_threads()) {
        const long long r = i / row_length;
        const int c = (int)(i - r * row_length);
        out[i] = load1(x + (long long)__ldg(rows + r) * row_length + c);
    }
}

// out[r, c] = sum over k in [offsets[r], offsets[r + 1]) of values[sources[k], c], added in k order
// starting from 0, where plan = offsets (out_rows + 1 ints) followed by sources.
extern "C" __global__ void __launch_bounds__(256)
scatter_add_rows_f32(int out_rows, int row_length, const int* __restrict__ plan, const float* __restrict__ values,
                     float* __restrict__ out) {
    const int* offsets = plan;
    const int* sources = plan + out_rows + 1;
    const long long n = (long long)out_rows * row_length;
    for (long long i = global_thread(); i < n; i += grid_threads()) {
        const long long r = i / row_length;
        const int c = (int)(i - r * row_length);
        float s = 0.0f;
        const int end = __ldg(offsets + r + 1);
        for (int k = __ldg(offsets + r); k < end; ++k) s += load1(values + (long long)__ldg(sources + k) * row_length + c);
        out[i] = s;
    }
}
