// Deterministic float32 reductions: no atomics, and an order of additions that depends only on the
// shape, never on the device, the grid the hardware happens to schedule, or the data's address.
//
//   sum_all:   pass 1 (sum_partials) splits x into fixed chunks, one block each, and writes one
//              partial per chunk; pass 2 (sum_finish) adds the partials in one block. The chunk
//              size is chosen by the host from n alone.
//   sum_rows:  out[r] = scale * sum_c x[r, c]; one warp per row.
//   sum_cols:  out[c] = scale * sum_r x[r, c]; pass 1 sums fixed row chunks per column, pass 2 adds
//              the chunk partials in order (the bias gradient of a dense layer).
//   argmax_rows: out[r] = the first index of the largest x[r, c] (NaN counts as largest).
//   max_rows:  out[r] = max_c x[r, c] with Java's Math.max semantics (NaN wins, +0 beats -0); exact,
//              so the result is the same bits in any order of combination. One warp per row.
//   max_rows_backward: the adjoint of max_rows: g[r] shared equally among the positions that hold
//              the row's maximum, 0 elsewhere.
//
// Inside a block, thread t sums the elements 4g..4g+3 for g = t, t + 256, ... of its chunk into four
// running sums (one per lane of a float4), adds them as (s0 + s1) + (s2 + s3), and the block then
// combines the 256 thread sums by a fixed tree. Aligned data is read as float4, unaligned data
// element by element in exactly the same order, so the bits do not depend on alignment.
#include "common.cuh"

// a named namespace: nvcc names entities of an anonymous one after the source's absolute
// path, which would make the compiled output depend on where the repository lives
namespace adjoint_reduce {

constexpr int REDUCE_THREADS = 256;

// Sums x[0..n) as described above (this block's share); the result is valid in thread 0.
ADJ_INLINE float block_sum(const float* __restrict__ x, long long n) {
    const int t = threadIdx.x;
    float s0 = 0.f, s1 = 0.f, s2 = 0.f, s3 = 0.f;
    const long long groups = n / 4;
    if (aligned16(x)) {
        for (long long g = t; g < groups; g += REDUCE_THREADS) {
            const float4 v = load4(x + 4 * g);
            s0 += v.x; s1 += v.y; s2 += v.z; s3 += v.w;
        }
    } else {
        for (long long g = t; g < groups; g += REDUCE_THREADS) {
            s0 += load1(x + 4 * g); s1 += load1(x + 4 * g + 1); s2 += load1(x + 4 * g + 2); s3 += load1(x + 4 * g + 3);
        }
    }
    // the n % 4 leftover elements: thread t takes element 4 * groups + t, into lane 0
    if (t < n - 4 * groups) s0 += load1(x + 4 * groups + t);
    float s = (s0 + s1) + (s2 + s3);

    __shared__ float warp_sums[REDUCE_THREADS / 32];
    s = warp_sum(s);
    if ((t & 31) == 0) warp_sums[t >> 5] = s;
    __syncthreads();
    if (t < 32) {
        float w = t < REDUCE_THREADS / 32 ? warp_sums[t] : 0.f;
        w = warp_sum(w);
        s = w;
    }
    return s;
}

// Java's Math.max for floats: NaN if either is NaN, +0 over -0; associative and commutative, and
// exact, so any combination order gives the same result.
ADJ_INLINE float java_max(float a, float b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return a == 0.0f ? a + b : a;  // -0 + +0 is +0; equal non-zeros are the value itself
    return a > b ? a : b;
}

// The maximum of row[0..cols) over one warp; every lane ends with it. -inf for an empty row.
ADJ_INLINE float warp_row_max(const float* __restrict__ row, int cols, int lane) {
    float m = -INFINITY;
    for (int c = lane; c < cols; c += 32) m = java_max(m, load1(row + c));
#pragma unroll
    for (int s = 16; s > 0; s >>= 1) m = java_max(m, __shfl_xor_sync(0xffffffffu, m, s));
    return m;
}

}  // namespace
using namespace adjoint_reduce;

// partials[b] = sum of x[b * chunk .. min((b + 1) * chunk, n)); launch gridDim.x = ceil(n / chunk).
// chunk must be a multiple of 4, so every chunk starts 16-byte aligned when x does.
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)
sum_partials_f32(long long n, long long chunk, const float* __restrict__ x, float* __restrict__ partials) {
    const long long begin = (long long)blockIdx.x * chunk;
    const long long len = min(chunk, n - begin);
    const float s = block_sum(x + begin, len);
    if (threadIdx.x == 0) partials[blockIdx.x] = s;
}

// out[0] = scale * sum of partials[0..count); one block.
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)
sum_finish_f32(int count, const float* __restrict__ partials, float* __restrict__ out, float scale) {
    const float s = block_sum(partials, count);
    if (threadIdx.x == 0) out[0] = s * scale;
}

// out[r] = scale * sum_c x[r * cols + c]; blockDim 256 = 8 warps = 8 rows per block.
extern "C" __global__ void __launch_bounds__(256)
sum_rows_f32(int rows, int cols, const float* __restrict__ x, float* __restrict__ out, float scale) {
    const int lane = threadIdx.x & 31;
    const int r = blockIdx.x * 8 + (threadIdx.x >> 5);
    if (r >= rows) return;
    const float* row = x + (size_t)r * cols;
    float s = 0.f;
    for (int c = lane; c < cols; c += 32) s += load1(row + c);
    s = warp_sum(s);
    if (lane == 0) out[r] = s * scale;
}

// Pass 1 of sum_cols: partials[chunk][c] = sum over rows [chunk * rows_per_chunk, ...) of x[r, c].
// blockDim (32, 8): 32 columns, 8 row lanes; gridDim (ceil(cols / 32), chunks).
extern "C" __global__ void __launch_bounds__(256)
sum_cols_partials_f32(int rows, int cols, int rows_per_chunk, const float* __restrict__ x,
                      float* __restrict__ partials) {
    const int c = blockIdx.x * 32 + threadIdx.x;
    const int r0 = blockIdx.y * rows_per_chunk;
    const int r1 = min(rows, r0 + rows_per_chunk);
    float s = 0.f;
    if (c < cols)
        for (int r = r0 + threadIdx.y; r < r1; r += 8) s += load1(x + (size_t)r * cols + c);
    __shared__ float lanes[8][33];
    lanes[threadIdx.y][threadIdx.x] = s;
    __syncthreads();
    if (threadIdx.y == 0 && c < cols) {
        float t = ((lanes[0][threadIdx.x] + lanes[1][threadIdx.x]) + (lanes[2][threadIdx.x] + lanes[3][threadIdx.x]))
                + ((lanes[4][threadIdx.x] + lanes[5][threadIdx.x]) + (lanes[6][threadIdx.x] + lanes[7][threadIdx.x]));
        partials[(size_t)blockIdx.y * cols + c] = t;
    }
}

// Pass 2 of sum_cols: out[c] = scale * sum over chunks, in chunk order.
extern "C" __global__ void __launch_bounds__(256)
sum_cols_finish_f32(int chunks, int cols, const float* __restrict__ partials, float* __restrict__ out, float scale) {
    for (int c = (int)global_thread(); c < cols; c += (int)grid_threads()) {
        float s = 0.f;
        for (int k = 0; k < chunks; ++k) s += load1(partials + (size_t)k * cols + c);
        out[c] = s * scale;
    }
}

// out[r] = index of the first maximum of row r (NaN wins, as the first NaN); 8 rows per block.
extern "C" __global__ void __launch_bounds__(256)
argmax_rows_f32(int rows, int cols, const float* __restrict__ x, int* __restrict__ out) {
    const int lane = threadIdx.x & 31;
    const int r = blockIdx.x * 8 + (threadIdx.x >> 5);
    if (r >= rows) return;
    const float* row = x + (size_t)r * cols;
    float best = -INFINITY;
    int best_i = cols;  // "none yet"; any real element replaces it
    for (int c = lane; c < cols; c += 32) {
        const float v = load1(row + c);
        const bool better = best_i == cols || (v != v && best == best) || v > best;
        if (better) { best = v; best_i = c; }
    }
#pragma unroll
    for (int m = 16; m > 0; m >>= 1) {
        const float ov = __shfl_xor_sync(0xffffffffu, best, m);
        const int oi = __shfl_xor_sync(0xffffffffu, best_i, m);
        const bool o_nan = ov != ov, b_nan = best != best;
        bool take;
        if (oi == cols) take = false;
        else if (best_i == cols) take = true;
        else if (o_nan != b_nan) take = o_nan;
        else if (!o_nan && ov != best) take = ov > best;
        else take = oi < best_i;
        if (take) { best = ov; best_i = oi; }
    }
    if (lane == 0) out[r] = best_i;
}

// out[r] = max_c x[r * cols + c] (Java's Math.max: NaN wins); 8 rows per 256-thread block.
extern "C" __global__ void __launch_bounds__(256)
max_rows_f32(int rows, int cols, const float* __restrict__ x, float* __restrict__ out) {
    const int lane = threadIdx.x & 31;
    const int r = blockIdx.x * 8 + (threadIdx.x >> 5);
    if (r >= rows) return;
    const float m = warp_row_max(x + (size_t)r * cols, cols, lane);
    if (lane == 0) out[r] = m;
}

// out[r, c] = x[r, c] == max_r ? g[r] / ties_r : 0, where ties_r counts the row's positions holding its
// maximum (none when the maximum is NaN: the row's gradient is then 0). 8 rows per 256-thread block.
extern "C" __global__ void __launch_bounds__(256)
max_rows_backward_f32(int rows, int cols, const float* __restrict__ x, const float* __restrict__ g,
                      float* __restrict__ out) {
    const int lane = threadIdx.x & 31;
    const int r = blockIdx.x * 8 + (threadIdx.x >> 5);
    if (r >= rows) return;
    const float* row = x + (size_t)r * cols;
    const float m = warp_row_max(row, cols, lane);
    int ties = 0;
    for (int c = lane; c < cols; c += 32) ties += load1(row + c) == m ? 1 : 0;
#pragma unroll
    for (int s = 16; s > 0; s >>= 1) ties += __shfl_xor_sync(0xffffffffu, ties, s);
    const float share = ties > 0 ? load1(g + r) / (float)ties : 0.0f;
    float* o = out + (size_t)r * cols;
    for (int c = lane; c < cols; c += 32) o[c] = load1(row + c) == m ? share : 0.0f;
}
