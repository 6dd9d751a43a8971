// Runs CUDA kernels on the CPU, for checking their logic where no GPU is present. Each CUDA thread
// of a block is an OS thread; blocks run one after another; __syncthreads is a barrier over the
// block, warp shuffles exchange values through a per-warp slot array between two barriers.
// __shared__ becomes `static`: one copy shared by the block's threads (blocks never overlap).
// Only what the project's kernels use is here. Compile the .cu files as C++20 with this header
// force-included (g++ -include cuda_emulator.h -x c++), and -ffp-contract=off like nvcc -fmad=false.
#pragma once
#include <barrier>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __shared__ static
#define __align__(n) __attribute__((aligned(n)))

struct dim3 {
    unsigned x = 1, y = 1, z = 1;
};
struct alignas(16) float4 {
    float x, y, z, w;
};
inline float4 make_float4(float x, float y, float z, float w) { return {x, y, z, w}; }

inline thread_local dim3 threadIdx, blockIdx;
inline dim3 blockDim, gridDim;

template <class T> inline T __ldg(const T* p) { return *p; }
template <class T> inline T min(T a, T b) { return a < b ? a : b; }
template <class T> inline T max(T a, T b) { return a > b ? a : b; }

namespace emu {
struct Block {
    explicit Block(int threads) : sync(threads), warps((threads + 31) / 32) {
        for (auto& w : warps) w.reset(new Warp());
    }
    struct Warp {
        std::barrier<> sync{32};
        float f[32];
        int i[32];
    };
    std::barrier<> sync;
    std::vector<std::unique_ptr<Warp>> warps;
};
inline thread_local Block* block = nullptr;
inline thread_local int linear_tid = 0;

template <class T> T shuffle_xor(T v, int m) {
    auto& w = *block->warps[linear_tid / 32];
    const int lane = linear_tid % 32;
    T* slots = nullptr;
    if constexpr (std::is_same_v<T, float>) slots = w.f; else slots = w.i;
    slots[lane] = v;
    w.sync.arrive_and_wait();
    T got = slots[lane ^ m];
    w.sync.arrive_and_wait();
    return got;
}

// Launches kernel(args...) over grid x block, running blocks in order.
template <class... P, class... A>
void launch(void (*kernel)(P...), dim3 grid, dim3 threads, A... args) {
    gridDim = grid;
    blockDim = threads;
    const int n = threads.x * threads.y * threads.z;
    for (unsigned bz = 0; bz < grid.z; ++bz)
        for (unsigned by = 0; by < grid.y; ++by)
            for (unsigned bx = 0; bx < grid.x; ++bx) {
                Block b(n);
                std::vector<std::thread> pool;
                for (int t = 0; t < n; ++t) {
                    pool.emplace_back([&, t] {
                        block = &b;
                        linear_tid = t;
                        blockIdx = {bx, by, bz};
                        threadIdx = {unsigned(t % threads.x), unsigned(t / threads.x % threads.y),
                                     unsigned(t / (threads.x * threads.y))};
                        kernel(static_cast<P>(args)...);
                        // a thread that returned keeps its place at later barriers of its block
                        b.sync.arrive_and_drop();
                    });
                }
                for (auto& th : pool) th.join();
            }
}
}  // namespace emu

inline void __syncthreads() { emu::block->sync.arrive_and_wait(); }
inline float __shfl_xor_sync(unsigned, float v, int m) { return emu::shuffle_xor(v, m); }
inline int __shfl_xor_sync(unsigned, int v, int m) { return emu::shuffle_xor(v, m); }
