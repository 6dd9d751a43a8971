// Helpers shared by the kernel modules. Header only: each .cu file is its own module.
#pragma once
#include <cstdint>

#define ADJ_INLINE __device__ __forceinline__

// Whether p may be read or written as float4 (16-byte aligned).
ADJ_INLINE bool aligned16(const void* p) { return (reinterpret_cast<uintptr_t>(p) & 15u) == 0; }

// Read-only loads through the non-coherent (texture) path; only for data no kernel of the same
// launch writes.
ADJ_INLINE float4 load4(const float* p) { return __ldg(reinterpret_cast<const float4*>(p)); }
ADJ_INLINE float load1(const float* p) { return __ldg(p); }
ADJ_INLINE void store4(float* p, float4 v) { *reinterpret_cast<float4*>(p) = v; }

// Grid-stride loop bounds, 64-bit so that any element count fits.
ADJ_INLINE long long global_thread() { return (long long)blockIdx.x * blockDim.x + threadIdx.x; }
ADJ_INLINE long long grid_threads() { return (long long)gridDim.x * blockDim.x; }

// Sum over a warp by a butterfly: every lane ends with the same value, combined in the same
// order on every run (lane i adds the same two operands as lane i^m), so results are reproducible.
ADJ_INLINE float warp_sum(float v) {
#pragma unroll
    for (int m = 16; m > 0; m >>= 1) v += __shfl_xor_sync(0xffffffffu, v, m);
    return v;
}

ADJ_INLINE float warp_max(float v) {
#pragma unroll
    for (int m = 16; m > 0; m >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, m));
    return v;
}

// Activations, NaN-propagating like the CPU backend (relu(NaN) is NaN).
ADJ_INLINE float relu(float v) { return v < 0.0f ? 0.0f : v; }
ADJ_INLINE float sigmoid(float v) { return 1.0f / (1.0f + expf(-v)); }
