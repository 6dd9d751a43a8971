// Fused optimizer updates, one pass each: read p, g and the state, write p and the state.
//   adam_update_f32, sgd_update_f32: in place, over one flat float32 buffer (a model's parameters
//     laid end to end);
//   adam_apply_leaves_f32, sgd_apply_leaves_f32: every leaf of a model (each its own buffer) in one
//     launch, out of place, in exactly the arithmetic of optax's adam(lr) and sgd(lr[, momentum,
//     nesterov]) as the runtime computes them on the CPU; this is what a training step on the GPU
//     runs (runtime: CudaBackend.adamApply, sgdApply).
//
// Each element is updated alone, so the float4 path (taken when every pointer is 16-byte aligned)
// and the scalar path give the same bits. Built with -fmad=false, and with the scalar factors
// computed by the host, so the Java CPU reference that spells out the same operations matches
// bit for bit (sqrtf and division are correctly rounded on both sides).
#include "common.cuh"

// a named namespace: nvcc names entities of an anonymous one after the source's absolute
// path, which would make the compiled output depend on where the repository lives
namespace adjoint_optimizers {

// Adam / AdamW, in optax's form:
//   g' = g + l2 * p                        (l2: coupled L2 decay, Adam's weight_decay; 0 for AdamW)
//   m  = beta1 * m + one_minus_beta1 * g'
//   v  = beta2 * v + one_minus_beta2 * g' * g'
//   p  = p - lr * ((m / bias1) / (sqrt(v / bias2) + eps) + decoupled * p)    (decoupled: AdamW's decay)
// bias1 = 1 - beta1^t and bias2 = 1 - beta2^t come from the host (step t counts from 1).
struct AdamArgs {
    float lr, beta1, beta2, one_minus_beta1, one_minus_beta2, eps, bias1, bias2, l2, decoupled;
};

ADJ_INLINE void adam_one(const AdamArgs& a, float& p, float g, float& m, float& v) {
    g = g + a.l2 * p;
    m = a.beta1 * m + a.one_minus_beta1 * g;
    v = a.beta2 * v + a.one_minus_beta2 * (g * g);
    const float update = (m / a.bias1) / (sqrtf(v / a.bias2) + a.eps) + a.decoupled * p;
    p = p - a.lr * update;
}

// SGD with optional momentum (heavy-ball or Nesterov) and coupled weight decay, as PyTorch and
// optax's sgd+trace define it:
//   g' = g + weight_decay * p
//   momentum == 0:  p = p - lr * g'                     (vel untouched, may be null)
//   else:           vel = momentum * vel + g'
//                   p   = p - lr * (nesterov ? g' + momentum * vel : vel)
ADJ_INLINE void sgd_one(float lr, float momentum, float wd, int nesterov, float& p, float g, float* vel) {
    g = g + wd * p;
    if (momentum == 0.0f) {
        p = p - lr * g;
        return;
    }
    const float v = momentum * *vel + g;
    *vel = v;
    p = p - lr * (nesterov ? g + momentum * v : v);
}

}  // namespace
using namespace adjoint_optimizers;

extern "C" __global__ void __launch_bounds__(256)
adam_update_f32(long long n, float* __restrict__ p, const float* __restrict__ g, float* __restrict__ m,
                float* __restrict__ v, const AdamArgs a) {
    const long long start = global_thread(), stride = grid_threads();
    long long done = 0;
    if (aligned16(p) && aligned16(g) && aligned16(m) && aligned16(v)) {
        for (long long i = start; i < n / 4; i += stride) {
            float4 pp = *reinterpret_cast<float4*>(p + 4 * i);
            const float4 gg = load4(g + 4 * i);
            float4 mm = *reinterpret_cast<float4*>(m + 4 * i);
            float4 vv = *reinterpret_cast<float4*>(v + 4 * i);
            adam_one(a, pp.x, gg.x, mm.x, vv.x);
            adam_one(a, pp.y, gg.y, mm.y, vv.y);
            adam_one(a, pp.z, gg.z, mm.z, vv.z);
            adam_one(a, pp.w, gg.w, mm.w, vv.w);
            store4(p + 4 * i, pp);
            store4(m + 4 * i, mm);
            store4(v + 4 * i, vv);
        }
        done = n / 4 * 4;
    }
    for (long long i = done + start; i < n; i += stride) {
        float pi = p[i], mi = m[i], vi = v[i];
        adam_one(a, pi, load1(g + i), mi, vi);
        p[i] = pi; m[i] = mi; v[i] = vi;
    }
}

// One leaf of adam_apply_leaves_f32: the inputs (p, g, m, v), where the new p, m and v go, whether
// the leaf takes AdamW's decoupled weight decay (0 or 1), and its element count. An output may be
// its input (in place): each element is read before it is written, by the same thread, so p, m
// and v are read through the coherent path and are not __restrict__.
struct AdamLeaf {
    float* p_out;
    float* m_out;
    float* v_out;
    const float* p;
    const float* g;
    const float* m;
    const float* v;
    long long decayed;
    long long n;
};

// The leaves of one launch travel in the kernel's parameter space (no upload, no device table):
// 48 leaves of 72 bytes plus the constants stay under the 4 KiB every CUDA version accepts. A model
// with more leaves takes one launch per 48.
#define ADAM_MAX_LEAVES 48
struct AdamLeafTable {
    AdamLeaf leaf[ADAM_MAX_LEAVES];
};

// Already rounded to float32 by the host as JAX rounds Python floats: c1 = 1 - b1, c2 = 1 - b2,
// bc1 = 1 - b1^t, bc2 = 1 - b2^t; factor is the learning-rate stage's scale (-lr); weight_decay is
// AdamW's, applied to the leaves marked decayed.
struct AdamApplyConstants {
    float b1, b2, c1, c2, bc1, bc2, eps, factor, weight_decay;
};

// optax: m' = (1 - b1) g + b1 m;  v' = (1 - b2) g^2 + b2 v;  u = (m' / bc1) / (sqrt(v' / bc2) + eps);
// AdamW (add_decayed_weights) on a decayed leaf: u' = u + p * weight_decay; then p' = p + u * factor,
// each operation rounded to float32 in this order (-fmad=false), so the bits equal the Java loop's
// (AdamKernel in runtime) and those of the unfused chain of optax stages.
ADJ_INLINE void adam_apply_one(const AdamApplyConstants& k, bool decayed, float& p, float g, float& m, float& v) {
    m = k.c1 * g + k.b1 * m;
    v = k.c2 * (g * g) + k.b2 * v;
    float u = (m / k.bc1) / (sqrtf(v / k.bc2) + k.eps);
    if (decayed) u = u + p * k.weight_decay;
    p = p + u * k.factor;
}

// Grid: x strides over the largest leaf's float4 groups, y picks the leaf (blocks past a smaller
// leaf's end exit at once). Each leaf takes the float4 path when all seven of its pointers are
// 16-byte aligned, else the scalar one; both give the same bits.
extern "C" __global__ void __launch_bounds__(256)
adam_apply_leaves_f32(int leaves, const AdamApplyConstants k, const AdamLeafTable table) {
    if ((int)blockIdx.y >= leaves) return;
    const AdamLeaf& L = table.leaf[blockIdx.y];
    const long long n = L.n, start = global_thread(), stride = grid_threads();
    const bool decayed = L.decayed != 0;
    long long done = 0;
    if (aligned16(L.p_out) && aligned16(L.m_out) && aligned16(L.v_out) && aligned16(L.p) && aligned16(L.g) &&
        aligned16(L.m) && aligned16(L.v)) {
        for (long long i = start; i < n / 4; i += stride) {
            float4 pp = *reinterpret_cast<const float4*>(L.p + 4 * i);
            const float4 gg = load4(L.g + 4 * i);
            float4 mm = *reinterpret_cast<const float4*>(L.m + 4 * i);
            float4 vv = *reinterpret_cast<const float4*>(L.v + 4 * i);
            adam_apply_one(k, decayed, pp.x, gg.x, mm.x, vv.x);
            adam_apply_one(k, decayed, pp.y, gg.y, mm.y, vv.y);
            adam_apply_one(k, decayed, pp.z, gg.z, mm.z, vv.z);
            adam_apply_one(k, decayed, pp.w, gg.w, mm.w, vv.w);
            store4(L.p_out + 4 * i, pp);
            store4(L.m_out + 4 * i, mm);
            store4(L.v_out + 4 * i, vv);
        }
        done = n / 4 * 4;
    }
    for (long long i = done + start; i < n; i += stride) {
        float pi = L.p[i], mi = L.m[i], vi = L.v[i];
        adam_apply_one(k, decayed, pi, load1(L.g + i), mi, vi);
        L.p_out[i] = pi;
        L.m_out[i] = mi;
        L.v_out[i] = vi;
    }
}

// One leaf of sgd_apply_leaves_f32: the inputs (p, g, and the momentum trace t, or null without
// one), where the new p and t go (t_out null without a trace), and the element count.
struct SgdLeaf {
    float* p_out;
    float* t_out;
    const float* p;
    const float* g;
    const float* t;
    long long n;
};

// 48 leaves of 48 bytes, in the parameter space as for Adam.
struct SgdLeafTable {
    SgdLeaf leaf[ADAM_MAX_LEAVES];
};

// optax's sgd(lr) (no trace) and sgd(lr, momentum, nesterov) (trace, then scale by -lr), then
// apply_updates, each operation rounded to float32 in the order the runtime's stages run them:
//   t' = g + t * decay;   u = nesterov ? g + t' * decay : t'   (without a trace: u = g)
//   p' = p + u * factor
struct SgdApplyConstants {
    float decay, factor;
    int nesterov, has_trace;
};

ADJ_INLINE float sgd_apply_one(const SgdApplyConstants& k, float p, float g, float& t) {
    float u = g;
    if (k.has_trace) {
        t = g + t * k.decay;
        u = k.nesterov ? g + t * k.decay : t;
    }
    return p + u * k.factor;
}

// Grid as adam_apply_leaves_f32's: x strides over the longest leaf, y picks the leaf.
extern "C" __global__ void __launch_bounds__(256)
sgd_apply_leaves_f32(int leaves, const SgdApplyConstants k, const SgdLeafTable table) {
    if ((int)blockIdx.y >= leaves) return;
    const SgdLeaf& L = table.leaf[blockIdx.y];
    const long long n = L.n, start = global_thread(), stride = grid_threads();
    long long done = 0;
    if (aligned16(L.p_out) && aligned16(L.p) && aligned16(L.g) &&
        (!k.has_trace || (aligned16(L.t_out) && aligned16(L.t)))) {
        for (long long i = start; i < n / 4; i += stride) {
            const float4 pp = *reinterpret_cast<const float4*>(L.p + 4 * i);
            const float4 gg = load4(L.g + 4 * i);
            float4 tt = k.has_trace ? *reinterpret_cast<const float4*>(L.t + 4 * i) : make_float4(0.f, 0.f, 0.f, 0.f);
            const float4 out = make_float4(sgd_apply_one(k, pp.x, gg.x, tt.x), sgd_apply_one(k, pp.y, gg.y, tt.y),
                                           sgd_apply_one(k, pp.z, gg.z, tt.z), sgd_apply_one(k, pp.w, gg.w, tt.w));
            store4(L.p_out + 4 * i, out);
            if (k.has_trace) store4(L.t_out + 4 * i, tt);
        }
        done = n / 4 * 4;
    }
    for (long long i = done + start; i < n; i += stride) {
        float ti = k.has_trace ? L.t[i] : 0.f;
        L.p_out[i] = sgd_apply_one(k, L.p[i], load1(L.g + i), ti);
        if (k.has_trace) L.t_out[i] = ti;
    }
}

extern "C" __global__ void __launch_bounds__(256)
sgd_update_f32(long long n, float* __restrict__ p, const float* __restrict__ g, float* __restrict__ vel,
               float lr, float momentum, float weight_decay, int nesterov) {
    const long long start = global_thread(), stride = grid_threads();
    long long done = 0;
    const bool with_state = momentum != 0.0f;
    if (aligned16(p) && aligned16(g) && (!with_state || aligned16(vel))) {
        for (long long i = start; i < n / 4; i += stride) {
            float4 pp = *reinterpret_cast<float4*>(p + 4 * i);
            const float4 gg = load4(g + 4 * i);
            float4 vv = with_state ? *reinterpret_cast<float4*>(vel + 4 * i) : make_float4(0.f, 0.f, 0.f, 0.f);
            sgd_one(lr, momentum, weight_decay, nesterov, pp.x, gg.x, &vv.x);
            sgd_one(lr, momentum, weight_decay, nesterov, pp.y, gg.y, &vv.y);
            sgd_one(lr, momentum, weight_decay, nesterov, pp.z, gg.z, &vv.z);
            sgd_one(lr, momentum, weight_decay, nesterov, pp.w, gg.w, &vv.w);
            store4(p + 4 * i, pp);
            if (with_state) store4(vel + 4 * i, vv);
        }
        done = n / 4 * 4;
    }
    for (long long i = done + start; i < n; i += stride) {
        float pi = p[i];
        sgd_one(lr, momentum, weight_decay, nesterov, pi, load1(g + i), with_state ? vel + i : nullptr);
        p[i] = pi;
    }
}
