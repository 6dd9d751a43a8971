// C = act(alpha * op(A) . op(B) + beta * C + bias) for row-major float32 matrices.
//
//   layout nn: A is M x K,            B is K x N
//   layout tn: A is stored K x M (the product uses A^T), B is K x N    (weight gradients: X^T . dY;
//              no bias/activation epilogue)
//   layout nt: A is M x K, B is stored N x K (the product uses B^T)    (input gradients: dY . W^T)
//
// Classic SIMT tiling: a block computes a BM x BN tile of C, staging BK-deep slices of A and B in
// shared memory (double-buffered: the next slice is loaded from global memory into registers while
// the current one is multiplied), and each thread accumulates an 8 x 8 register block, reading its
// operands from shared memory as float4. Both operands are stored k-major in shared memory, so a
// thread's 8 A values and 8 B values are two float4 reads each. An operand whose contiguous axis is
// k is transposed on its way into shared memory; the row padding (PAD) keeps those scattered stores
// free of bank conflicts.
//
// VEC kernels read A and B and write C as float4: the host picks them when every contiguous
// dimension and leading dimension is a multiple of 4 and every pointer is 16-byte aligned. Tiles
// at the matrix edges are zero-filled, so any M, N, K is correct in both variants.
//
// Split k (gridDim.z > 1): block z multiplies the z-th of gridDim.z slices of k (each a multiple of
// BK long) and writes its partial product to C + z * M * ldc; sum_slices_f32 then adds the slices
// in order (and the bias, if any), so a product that alone would leave most multiprocessors idle
// gets gridDim.z times the blocks. The host splits only with the none epilogue and beta == 0.
//
// The accumulation order over k is fixed by the shape and the split count, which the host chooses
// from the shape alone (no atomics): the same inputs give the same bits.
#include "common.cuh"

// a named namespace: nvcc names entities of an anonymous one after the source's absolute
// path, which would make the compiled output depend on where the repository lives
namespace adjoint_matmul {

enum Epilogue { EPI_NONE, EPI_BIAS, EPI_BIAS_RELU, EPI_BIAS_TANH, EPI_BIAS_SIGMOID };

constexpr int BK = 8;    // depth of one shared-memory slice
constexpr int TM = 8;    // rows of C per thread
constexpr int TN = 8;    // columns of C per thread
constexpr int PAD = 4;   // floats of padding per shared row (keeps float4 alignment)

template <int EPI>
ADJ_INLINE float epilogue(float v) {
    if (EPI == EPI_BIAS_RELU) return relu(v);
    if (EPI == EPI_BIAS_TANH) return tanhf(v);
    if (EPI == EPI_BIAS_SIGMOID) return sigmoid(v);
    return v;
}

// One operand's view of a slice: ROWS (BM or BN) rows of the logical op(X) by BK columns of k.
// K_CONTIG: the stored matrix is contiguous along k (A in nn/nt, B in nt); else along the rows.
template <int ROWS, int THREADS, bool K_CONTIG, bool VEC>
struct SliceLoader {
    static constexpr int VECS = ROWS * BK / 4 / THREADS;  // float4 groups per thread and slice
    static_assert(VECS >= 1 && VECS * 4 * THREADS == ROWS * BK, "tile does not divide among threads");
    float4 reg[VECS];

    // Reads the slice starting at k0 (rows r0..r0+ROWS) into registers; zero outside the matrix.
    ADJ_INLINE void load(const float* __restrict__ x, int ld, int rows, int K, int r0, int k0, int tid) {
#pragma unroll
        for (int v = 0; v < VECS; ++v) {
            const int f = tid + v * THREADS;
            int r, k;
            if (K_CONTIG) { r = f / (BK / 4); k = (f % (BK / 4)) * 4; }
            else          { k = f / (ROWS / 4); r = (f % (ROWS / 4)) * 4; }
            const int gr = r0 + r, gk = k0 + k;
            float4 val = make_float4(0.f, 0.f, 0.f, 0.f);
            if (K_CONTIG) {
                const float* p = x + (size_t)gr * ld + gk;
                if (VEC) {
                    if (gr < rows && gk < K) val = load4(p);
                } else if (gr < rows) {
                    if (gk + 0 < K) val.x = load1(p + 0);
                    if (gk + 1 < K) val.y = load1(p + 1);
                    if (gk + 2 < K) val.z = load1(p + 2);
                    if (gk + 3 < K) val.w = load1(p + 3);
                }
            } else {
                const float* p = x + (size_t)gk * ld + gr;
                if (VEC) {
                    if (gk < K && gr < rows) val = load4(p);
                } else if (gk < K) {
                    if (gr + 0 < rows) val.x = load1(p + 0);
                    if (gr + 1 < rows) val.y = load1(p + 1);
                    if (gr + 2 < rows) val.z = load1(p + 2);
                    if (gr + 3 < rows) val.w = load1(p + 3);
                }
            }
            reg[v] = val;
        }
    }

    // Writes the registers into the k-major shared slice s[BK][ROWS + PAD].
    ADJ_INLINE void store(float (*s)[ROWS + PAD], int tid) const {
#pragma unroll
        for (int v = 0; v < VECS; ++v) {
            const int f = tid + v * THREADS;
            if (K_CONTIG) {
                const int r = f / (BK / 4), k = (f % (BK / 4)) * 4;
                s[k + 0][r] = reg[v].x;
                s[k + 1][r] = reg[v].y;
                s[k + 2][r] = reg[v].z;
                s[k + 3][r] = reg[v].w;
            } else {
                const int k = f / (ROWS / 4), r = (f % (ROWS / 4)) * 4;
                *reinterpret_cast<float4*>(&s[k][r]) = reg[v];
            }
        }
    }
};

// The k-slice of block z under split k: [begin, end), all of [0, K) when gridDim.z == 1. Slices
// are ceil(K / splits) rounded up to BK, so a float4 operand stays 16-byte aligned and begin is a
// whole tile; a slice past K is empty (begin >= end: no tile, its partial product is zero).
struct KRange {
    int begin, end;
};

ADJ_INLINE KRange k_slice(int K) {
    const int slice = ((K + (int)gridDim.z - 1) / (int)gridDim.z + BK - 1) / BK * BK;
    const int begin = (int)blockIdx.z * slice;
    return KRange{begin, min(K, begin + slice)};
}

template <int BM, int BN, bool TRANS_A, bool TRANS_B, int EPI, bool VEC>
ADJ_INLINE void sgemm(int M, int N, int K, float alpha,
                      const float* __restrict__ A, int lda,
                      const float* __restrict__ B, int ldb,
                      float beta, float* __restrict__ C, int ldc,
                      const float* __restrict__ bias) {
    constexpr int TX = BN / TN;          // threads along n
    constexpr int TY = BM / TM;          // threads along m
    constexpr int THREADS = TX * TY;
    __shared__ __align__(16) float As[2][BK][BM + PAD];
    __shared__ __align__(16) float Bs[2][BK][BN + PAD];

    const int tid = threadIdx.x;
    const int tx = tid % TX, ty = tid / TX;
    const int m0 = blockIdx.y * BM, n0 = blockIdx.x * BN;

    SliceLoader<BM, THREADS, !TRANS_A, VEC> la;
    SliceLoader<BN, THREADS, TRANS_B, VEC> lb;

    float acc[TM][TN];
#pragma unroll
    for (int i = 0; i < TM; ++i)
#pragma unroll
        for (int j = 0; j < TN; ++j) acc[i][j] = 0.0f;

    // this block's k-slice: tiles [k_begin / BK, ceil(end / BK)) with K lowered to the slice's end
    // (the loaders zero-fill past it). The tile counter starts at the slice's first tile and picks
    // the shared buffer by its parity, so split k keeps no extra register live through the loop.
    const KRange ks = k_slice(K);
    K = ks.end;
    const int tiles = (K + BK - 1) / BK;
    int t = ks.begin / BK;
    if (t < tiles) {
        la.load(A, lda, M, K, m0, t * BK, tid);
        lb.load(B, ldb, N, K, n0, t * BK, tid);
        la.store(As[t & 1], tid);
        lb.store(Bs[t & 1], tid);
        __syncthreads();
    }
    for (; t < tiles; ++t) {
        const int cur = t & 1;
        const bool more = t + 1 < tiles;
        if (more) {  // global loads of the next slice overlap the arithmetic below
            la.load(A, lda, M, K, m0, (t + 1) * BK, tid);
            lb.load(B, ldb, N, K, n0, (t + 1) * BK, tid);
        }
#pragma unroll
        for (int k = 0; k < BK; ++k) {
            const float4 a0 = *reinterpret_cast<const float4*>(&As[cur][k][ty * 4]);
            const float4 a1 = *reinterpret_cast<const float4*>(&As[cur][k][BM / 2 + ty * 4]);
            const float4 b0 = *reinterpret_cast<const float4*>(&Bs[cur][k][tx * 4]);
            const float4 b1 = *reinterpret_cast<const float4*>(&Bs[cur][k][BN / 2 + tx * 4]);
            const float a[TM] = {a0.x, a0.y, a0.z, a0.w, a1.x, a1.y, a1.z, a1.w};
            const float b[TN] = {b0.x, b0.y, b0.z, b0.w, b1.x, b1.y, b1.z, b1.w};
#pragma unroll
            for (int i = 0; i < TM; ++i)
#pragma unroll
                for (int j = 0; j < TN; ++j) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
        }
        if (more) {  // the other buffer was last read before the previous barrier
            la.store(As[cur ^ 1], tid);
            lb.store(Bs[cur ^ 1], tid);
        }
        __syncthreads();
    }

    C += (size_t)blockIdx.z * M * ldc;  // split k: this slice's partial product
#pragma unroll
    for (int i = 0; i < TM; ++i) {
        const int row = m0 + (i < 4 ? ty * 4 + i : BM / 2 + ty * 4 + (i - 4));
        if (row >= M) continue;
#pragma unroll
        for (int g = 0; g < 2; ++g) {
            const int col = n0 + (g == 0 ? tx * 4 : BN / 2 + tx * 4);
            float* c = C + (size_t)row * ldc + col;
            float v[4];
#pragma unroll
            for (int j = 0; j < 4; ++j) {
                const bool inside = col + j < N;
                float x = alpha * acc[i][g * 4 + j];
                // beta == 0 never reads C, so an uninitialized (even NaN) C is fine
                if (beta != 0.0f && inside) x = fmaf(beta, c[j], x);
                if (EPI != EPI_NONE && inside) x += load1(bias + col + j);
                v[j] = epilogue<EPI>(x);
            }
            if (VEC) {
                if (col < N) store4(c, make_float4(v[0], v[1], v[2], v[3]));
            } else {
#pragma unroll
                for (int j = 0; j < 4; ++j)
                    if (col + j < N) c[j] = v[j];
            }
        }
    }
}

}  // namespace
using namespace adjoint_matmul;

// Kernel names: sgemm_<layout>_<epilogue>_<vec4|scalar>_<tile>, e.g. sgemm_nn_bias_relu_vec4_128.
// Parameters: M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, bias (bias: N floats, or null for none).
// Grid: (ceil(N / TILE), ceil(M / TILE), split count).
#define ADJ_SGEMM(LAYOUT, TA, TB, EPINAME, EPI, VECNAME, VEC, TILE, BLOCKS_PER_SM)                        \
    extern "C" __global__ void __launch_bounds__((TILE / 8) * (TILE / 8), BLOCKS_PER_SM)                 \
    sgemm_##LAYOUT##_##EPINAME##_##VECNAME##_##TILE(                                                    \
        int M, int N, int K, float alpha, const float* __restrict__ A, int lda,                         \
        const float* __restrict__ B, int ldb, float beta, float* __restrict__ C, int ldc,               \
        const float* __restrict__ bias) {                                                               \
        sgemm<TILE, TILE, TA, TB, EPI, VEC>(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, bias);        \
    }

#define ADJ_SGEMM_TILES(LAYOUT, TA, TB, EPINAME, EPI, VECNAME, VEC)  \
    ADJ_SGEMM(LAYOUT, TA, TB, EPINAME, EPI, VECNAME, VEC, 128, 2)    \
    ADJ_SGEMM(LAYOUT, TA, TB, EPINAME, EPI, VECNAME, VEC, 64, 6)

#define ADJ_SGEMM_VARIANTS(LAYOUT, TA, TB, EPINAME, EPI)           \
    ADJ_SGEMM_TILES(LAYOUT, TA, TB, EPINAME, EPI, vec4, true)      \
    ADJ_SGEMM_TILES(LAYOUT, TA, TB, EPINAME, EPI, scalar, false)

#define ADJ_SGEMM_EPILOGUES(LAYOUT, TA, TB)                                    \
    ADJ_SGEMM_VARIANTS(LAYOUT, TA, TB, none, EPI_NONE)                         \
    ADJ_SGEMM_VARIANTS(LAYOUT, TA, TB, bias, EPI_BIAS)                         \
    ADJ_SGEMM_VARIANTS(LAYOUT, TA, TB, bias_relu, EPI_BIAS_RELU)               \
    ADJ_SGEMM_VARIANTS(LAYOUT, TA, TB, bias_tanh, EPI_BIAS_TANH)               \
    ADJ_SGEMM_VARIANTS(LAYOUT, TA, TB, bias_sigmoid, EPI_BIAS_SIGMOID)

// nn and nt carry forward passes (x . W + b, x . W^T + b), so they get every epilogue; tn computes
// weight gradients (x^T . dy), which never take a bias or an activation
ADJ_SGEMM_EPILOGUES(nn, false, false)
ADJ_SGEMM_EPILOGUES(nt, false, true)
ADJ_SGEMM_VARIANTS(tn, true, false, none, EPI_NONE)

// The slices of a split product summed in order, plus an optional row bias: with C the M x N
// result (n = M * N elements, packed) and x its `slices` partial products `stride` floats apart,
//   out[i] = ((x[i] + x[stride + i]) + x[2 stride + i] ...) + bias[i % N]
// (no bias when bias is null). float4 when n, N and stride are multiples of 4 and the pointers are
// aligned; both paths add in the same order.
extern "C" __global__ void __launch_bounds__(256)
sum_slices_f32(long long n, int slices, long long stride, const float* __restrict__ x, float* __restrict__ out,
               const float* __restrict__ bias, int N) {
    const long long start = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    const long long step = (long long)gridDim.x * blockDim.x;
    long long done = 0;
    if (n % 4 == 0 && stride % 4 == 0 && N % 4 == 0 && aligned16(x) && aligned16(out) && (!bias || aligned16(bias))) {
        for (long long i = start; i < n / 4; i += step) {
            float4 s = load4(x + 4 * i);
            for (int z = 1; z < slices; ++z) {
                const float4 v = load4(x + z * stride + 4 * i);
                s.x += v.x; s.y += v.y; s.z += v.z; s.w += v.w;
            }
            if (bias) {
                const float4 b = load4(bias + (4 * i) % N);
                s.x += b.x; s.y += b.y; s.z += b.z; s.w += b.w;
            }
            store4(out + 4 * i, s);
        }
        done = n;
    }
    for (long long i = done + start; i < n; i += step) {
        float s = load1(x + i);
        for (int z = 1; z < slices; ++z) s += load1(x + z * stride + i);
        if (bias) s += load1(bias + i % N);
        out[i] = s;
    }
}
