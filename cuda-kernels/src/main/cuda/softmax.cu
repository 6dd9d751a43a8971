// Softmax, log-softmax and the softmax cross-entropy over the last axis of a [rows, cols] float32
// matrix, forward and backward.
// One warp per row, 8 rows per 256-thread block. Forward: the row's max, then the sum of
// exp(x - max), then the outputs, each pass reading the row again (it stays in L1/L2 for the row
// sizes of classification heads). Sums use the warp butterfly, so results are reproducible.
#include "common.cuh"

// a named namespace: nvcc names entities of an anonymous one after the source's absolute
// path, which would make the compiled output depend on where the repository lives
namespace adjoint_softmax {

ADJ_INLINE float row_max(const float* __restrict__ row, int cols, int lane) {
    float m = -INFINITY;
    for (int c = lane; c < cols; c += 32) m = fmaxf(m, load1(row + c));
    return warp_max(m);
}

ADJ_INLINE float row_sum_exp(const float* __restrict__ row, int cols, int lane, float max) {
    float s = 0.f;
    for (int c = lane; c < cols; c += 32) s += expf(load1(row + c) - max);
    return warp_sum(s);
}

}  // namespace
using namespace adjoint_softmax;

// y = exp(x - max) / sum exp(x - max)
extern "C" __global__ void __launch_bounds__(256)
softmax_rows_f32(int rows, int cols, const float* __restrict__ x, float* __restrict__ y) {
    const int lane = threadIdx.x & 31, r = blockIdx.x * 8 + (threadIdx.x >> 5);
    if (r >= rows) return;
    const float* in = x + (size_t)r * cols;
    float* out = y + (size_t)r * cols;
    const float m = row_max(in, cols, lane);
    const float inv = 1.0f / row_sum_exp(in, cols, lane, m);
    for (int c = lane; c < cols; c += 32) out[c] = expf(load1(in + c) - m) * inv;
}

// y = x - max - log(sum exp(x - max))
extern "C" __global__ void __launch_bounds__(256)
log_softmax_rows_f32(int rows, int cols, const float* __restrict__ x, float* __restrict__ y) {
    const int lane = threadIdx.x & 31, r = blockIdx.x * 8 + (threadIdx.x >> 5);
    if (r >= rows) return;
    const float* in = x + (size_t)r * cols;
    float* out = y + (size_t)r * cols;
    const float m = row_max(in, cols, lane);
    const float lse = logf(row_sum_exp(in, cols, lane, m));
    for (int c = lane; c < cols; c += 32) out[c] = (load1(in + c) - m) - lse;
}

// dx = y * (dy - sum(dy * y)), y the softmax output
extern "C" __global__ void __launch_bounds__(256)
softmax_rows_backward_f32(int rows, int cols, const float* __restrict__ y, const float* __restrict__ dy,
                          float* __restrict__ dx) {
    const int lane = threadIdx.x & 31, r = blockIdx.x * 8 + (threadIdx.x >> 5);
    if (r >= rows) return;
    const size_t base = (size_t)r * cols;
    float s = 0.f;
    for (int c = lane; c < cols; c += 32) s += load1(dy + base + c) * load1(y + base + c);
    s = warp_sum(s);
    for (int c = lane; c < cols; c += 32) dx[base + c] = load1(y + base + c) * (load1(dy + base + c) - s);
}

// dx = dy - exp(y) * sum(dy), y the log-softmax output
extern "C" __global__ void __launch_bounds__(256)
log_softmax_rows_backward_f32(int rows, int cols, const float* __restrict__ y, const float* __restrict__ dy,
                              float* __restrict__ dx) {
    const int lane = threadIdx.x & 31, r = blockIdx.x * 8 + (threadIdx.x >> 5);
    if (r >= rows) return;
    const size_t base = (size_t)r * cols;
    float s = 0.f;
    for (int c = lane; c < cols; c += 32) s += load1(dy + base + c);
    s = warp_sum(s);
    for (int c = lane; c < cols; c += 32) dx[base + c] = load1(dy + base + c) - expf(load1(y + base + c)) * s;
}

// optax's softmax_cross_entropy per row: loss = -sum(labels * ((x - max) - log(sum exp(x - max))))
extern "C" __global__ void __launch_bounds__(256)
softmax_cross_entropy_rows_f32(int rows, int cols, const float* __restrict__ x, const float* __restrict__ labels,
                               float* __restrict__ out) {
    const int lane = threadIdx.x & 31, r = blockIdx.x * 8 + (threadIdx.x >> 5);
    if (r >= rows) return;
    const float* in = x + (size_t)r * cols;
    const float* l = labels + (size_t)r * cols;
    const float m = row_max(in, cols, lane);
    const float lse = logf(row_sum_exp(in, cols, lane, m));
    float dot = 0.f;
    for (int c = lane; c < cols; c += 32) dot += load1(l + c) * ((load1(in + c) - m) - lse);
    dot = warp_sum(dot);
    if (lane == 0) out[r] = -dot;
}

// its adjoint for the logits: dx = g[r] * (softmax(x) * sum(labels) - labels), the softmax computed
// as softmax_rows_f32 computes it
extern "C" __global__ void __launch_bounds__(256)
softmax_cross_entropy_rows_backward_f32(int rows, int cols, const float* __restrict__ x,
                                        const float* __restrict__ labels, const float* __restrict__ g,
                                        float* __restrict__ dx) {
    const int lane = threadIdx.x & 31, r = blockIdx.x * 8 + (threadIdx.x >> 5);
    if (r >= rows) return;
    const size_t base = (size_t)r * cols;
    const float m = row_max(x + base, cols, lane);
    const float inv = 1.0f / row_sum_exp(x + base, cols, lane, m);
    float total = 0.f;
    for (int c = lane; c < cols; c += 32) total += load1(labels + base + c);
    total = warp_sum(total);
    const float gr = load1(g + r);
    for (int c = lane; c < cols; c += 32)
        dx[base + c] = gr * ((expf(load1(x + base + c) - m) * inv) * total - load1(labels + base + c));
}
