// Elementwise float32 kernels: unary maps, binary maps on equal shapes, a row-vector broadcast
// ([rows, cols] op [cols], as in a bias add), and a general NumPy-style broadcast of up to 6 dims.
//
// Equal-shape and row-broadcast kernels read and write float4 when every pointer is 16-byte aligned
// (a uniform branch; results are the same bits either way, since each element is computed alone),
// and use grid-stride loops. Built with -fmad=false: a*b+c rounds twice, as in the Java CPU backend,
// so the arithmetic ops match it bit for bit.
#include "common.cuh"

// a named namespace: nvcc names entities of an anonymous one after the source's absolute
// path, which would make the compiled output depend on where the repository lives
namespace adjoint_elementwise {

// ---- unary ops: f(x, p0, p1); p0/p1 are the scalar parameters some ops take ----
struct Neg        { ADJ_INLINE float operator()(float x, float, float) const { return -x; } };
struct Abs        { ADJ_INLINE float operator()(float x, float, float) const { return fabsf(x); } };
struct Exp        { ADJ_INLINE float operator()(float x, float, float) const { return expf(x); } };
struct Log        { ADJ_INLINE float operator()(float x, float, float) const { return logf(x); } };
struct Sqrt       { ADJ_INLINE float operator()(float x, float, float) const { return sqrtf(x); } };
struct Tanh       { ADJ_INLINE float operator()(float x, float, float) const { return tanhf(x); } };
struct Sigmoid    { ADJ_INLINE float operator()(float x, float, float) const { return sigmoid(x); } };
struct Relu       { ADJ_INLINE float operator()(float x, float, float) const { return relu(x); } };
struct Square     { ADJ_INLINE float operator()(float x, float, float) const { return x * x; } };
struct Reciprocal { ADJ_INLINE float operator()(float x, float, float) const { return 1.0f / x; } };
// p0 * x + p1 (two roundings)
struct Affine     { ADJ_INLINE float operator()(float x, float a, float b) const { return a * x + b; } };
// x ^ p0
struct PowScalar  { ADJ_INLINE float operator()(float x, float p, float) const { return powf(x, p); } };
// log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|)
struct Softplus   { ADJ_INLINE float operator()(float x, float, float) const { return fmaxf(x, 0.0f) + log1pf(expf(-fabsf(x))); } };

// ---- binary ops: f(a, b) ----
struct Add { ADJ_INLINE float operator()(float a, float b) const { return a + b; } };
struct Sub { ADJ_INLINE float operator()(float a, float b) const { return a - b; } };
struct Mul { ADJ_INLINE float operator()(float a, float b) const { return a * b; } };
struct Div { ADJ_INLINE float operator()(float a, float b) const { return a / b; } };
// NaN-propagating, like Java's Math.max/min
struct Max { ADJ_INLINE float operator()(float a, float b) const { return (a != a || a > b) ? a : b; } };
struct Min { ADJ_INLINE float operator()(float a, float b) const { return (a != a || a < b) ? a : b; } };
// backward rules: a is the incoming gradient dy, b the saved input (relu) or output (tanh, sigmoid)
struct ReluGrad    { ADJ_INLINE float operator()(float dy, float x) const { return x > 0.0f ? dy : 0.0f; } };
struct TanhGrad    { ADJ_INLINE float operator()(float dy, float y) const { return dy * (1.0f - y * y); } };
struct SigmoidGrad { ADJ_INLINE float operator()(float dy, float y) const { return dy * (y * (1.0f - y)); } };
// dy * sign(x), with sign as Java's Math.signum: +-1, the zero itself for +-0, NaN for NaN
struct AbsGrad     { ADJ_INLINE float operator()(float dy, float x) const { return dy * (x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : x)); } };

template <class F>
ADJ_INLINE void unary(long long n, const float* __restrict__ x, float* __restrict__ out, float p0, float p1) {
    F f;
    const long long start = global_thread(), stride = grid_threads();
    long long done = 0;
    if (aligned16(x) && aligned16(out)) {
        const long long n4 = n / 4;
        for (long long i = start; i < n4; i += stride) {
            float4 v = load4(x + 4 * i);
            v.x = f(v.x, p0, p1); v.y = f(v.y, p0, p1); v.z = f(v.z, p0, p1); v.w = f(v.w, p0, p1);
            store4(out + 4 * i, v);
        }
        done = n4 * 4;
    }
    for (long long i = done + start; i < n; i += stride) out[i] = f(load1(x + i), p0, p1);
}

template <class F>
ADJ_INLINE void binary(long long n, const float* __restrict__ a, const float* __restrict__ b, float* __restrict__ out) {
    F f;
    const long long start = global_thread(), stride = grid_threads();
    long long done = 0;
    if (aligned16(a) && aligned16(b) && aligned16(out)) {
        const long long n4 = n / 4;
        for (long long i = start; i < n4; i += stride) {
            const float4 u = load4(a + 4 * i), v = load4(b + 4 * i);
            store4(out + 4 * i, make_float4(f(u.x, v.x), f(u.y, v.y), f(u.z, v.z), f(u.w, v.w)));
        }
        done = n4 * 4;
    }
    for (long long i = done + start; i < n; i += stride) out[i] = f(load1(a + i), load1(b + i));
}

// out[r, c] = f(a[r, c], b[c]) for a [rows, cols] matrix and a [cols] vector.
template <class F>
ADJ_INLINE void binary_rowvec(long long rows, int cols, const float* __restrict__ a, const float* __restrict__ b,
                              float* __restrict__ out) {
    F f;
    const long long n = rows * cols;
    const long long start = global_thread(), stride = grid_threads();
    if (cols % 4 == 0 && aligned16(a) && aligned16(b) && aligned16(out)) {
        for (long long i = start; i < n / 4; i += stride) {
            const int c = (int)((4 * i) % cols);
            const float4 u = load4(a + 4 * i), v = load4(b + c);
            store4(out + 4 * i, make_float4(f(u.x, v.x), f(u.y, v.y), f(u.z, v.z), f(u.w, v.w)));
        }
        return;
    }
    for (long long i = start; i < n; i += stride) out[i] = f(load1(a + i), load1(b + (int)(i % cols)));
}

// General broadcast: the output has `rank` dims of sizes shape[]; a and b are read at
// sum(index[d] * stride[d]) with stride 0 along the dims they are broadcast over.
constexpr int MAX_RANK = 6;
struct Broadcast {
    int rank;
    int shape[MAX_RANK];
    int a_stride[MAX_RANK];
    int b_stride[MAX_RANK];
};

template <class F>
ADJ_INLINE void binary_broadcast(int n, const Broadcast d, const float* __restrict__ a, const float* __restrict__ b,
                                 float* __restrict__ out) {
    F f;
    for (int i = (int)global_thread(); i < n; i += (int)grid_threads()) {
        int rest = i, ia = 0, ib = 0;
#pragma unroll
        for (int k = MAX_RANK - 1; k >= 0; --k) {
            if (k < d.rank) {
                const int idx = rest % d.shape[k];
                rest /= d.shape[k];
                ia += idx * d.a_stride[k];
                ib += idx * d.b_stride[k];
            }
        }
        out[i] = f(load1(a + ia), load1(b + ib));
    }
}

}  // namespace
using namespace adjoint_elementwise;

#define ADJ_UNARY(NAME, F)                                                                                   \
    extern "C" __global__ void __launch_bounds__(256) ew_##NAME##_f32(                                       \
        long long n, const float* __restrict__ x, float* __restrict__ out, float p0, float p1) {              \
        unary<F>(n, x, out, p0, p1);                                                                         \
    }

#define ADJ_BINARY(NAME, F)                                                                                  \
    extern "C" __global__ void __launch_bounds__(256) ew_##NAME##_f32(                                       \
        long long n, const float* __restrict__ a, const float* __restrict__ b, float* __restrict__ out) {     \
        binary<F>(n, a, b, out);                                                                             \
    }                                                                                                        \
    extern "C" __global__ void __launch_bounds__(256) ew_##NAME##_rowvec_f32(                                \
        long long rows, int cols, const float* __restrict__ a, const float* __restrict__ b,                  \
        float* __restrict__ out) {                                                                           \
        binary_rowvec<F>(rows, cols, a, b, out);                                                             \
    }                                                                                                        \
    extern "C" __global__ void __launch_bounds__(256) ew_##NAME##_bcast_f32(                                 \
        int n, const Broadcast d, const float* __restrict__ a, const float* __restrict__ b,                  \
        float* __restrict__ out) {                                                                           \
        binary_broadcast<F>(n, d, a, b, out);                                                                \
    }

ADJ_UNARY(neg, Neg)
ADJ_UNARY(abs, Abs)
ADJ_UNARY(exp, Exp)
ADJ_UNARY(log, Log)
ADJ_UNARY(sqrt, Sqrt)
ADJ_UNARY(tanh, Tanh)
ADJ_UNARY(sigmoid, Sigmoid)
ADJ_UNARY(relu, Relu)
ADJ_UNARY(square, Square)
ADJ_UNARY(reciprocal, Reciprocal)
ADJ_UNARY(affine, Affine)
ADJ_UNARY(pow, PowScalar)
ADJ_UNARY(softplus, Softplus)

ADJ_BINARY(add, Add)
ADJ_BINARY(sub, Sub)
ADJ_BINARY(mul, Mul)
ADJ_BINARY(div, Div)
ADJ_BINARY(max, Max)
ADJ_BINARY(min, Min)
ADJ_BINARY(relu_grad, ReluGrad)
ADJ_BINARY(tanh_grad, TanhGrad)
ADJ_BINARY(sigmoid_grad, SigmoidGrad)
ADJ_BINARY(abs_grad, AbsGrad)
