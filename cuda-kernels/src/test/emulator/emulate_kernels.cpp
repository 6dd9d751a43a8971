// Runs every kernel module on the CPU through cuda_emulator.h and checks it against plain C++
// references: odd and vector-friendly shapes, aligned and misaligned pointers, poisoned outputs,
// every matmul variant. A logic check of the CUDA sources where no GPU is present; the GPU-tagged
// Java tests remain the real test. Prints "N passed, M failed" last; exits non-zero on a failure.
#include <cstdio>
#include <random>
#include <string>

#include "../../main/cuda/saxpy.cu"
#include "../../main/cuda/matmul.cu"
#include "../../main/cuda/elementwise.cu"
#include "../../main/cuda/reduce.cu"
#include "../../main/cuda/softmax.cu"
#include "../../main/cuda/optimizers.cu"
#include "../../main/cuda/layout.cu"

namespace {
int passed = 0, failed = 0;
std::mt19937 rng(12345);
const uint32_t POISON = 0x7FC0DEADu;

void report(bool ok, const std::string& what) {
    if (ok) { ++passed; return; }
    ++failed;
    std::printf("FAIL %s\n", what.c_str());
}

std::vector<float> random_floats(size_t n, float scale) {
    std::uniform_real_distribution<float> d(-scale, scale);
    std::vector<float> v(n);
    for (auto& x : v) x = d(rng);
    return v;
}

bool is_poison(float f) { uint32_t u; std::memcpy(&u, &f, 4); return u == POISON; }
float poison() { float f; std::memcpy(&f, &POISON, 4); return f; }
bool same_bits(float a, float b) { return std::memcmp(&a, &b, 4) == 0; }

// A buffer of n floats that starts `offset` floats into 16-byte-aligned storage, followed by poison.
struct Buf {
    std::vector<float4> store;
    float* p;
    size_t n;
    Buf(size_t n, int offset, const std::vector<float>* init = nullptr) : store((n + offset + 8) / 4 + 1), n(n) {
        float* base = reinterpret_cast<float*>(store.data());
        for (size_t i = 0; i < store.size() * 4; ++i) base[i] = poison();
        p = base + offset;
        if (init) std::memcpy(p, init->data(), n * 4);
    }
    bool tail_poisoned() const { return is_poison(p[n]); }
};

// ---------------- matmul ----------------
using Sgemm = void (*)(int, int, int, float, const float*, int, const float*, int, float, float*, int, const float*);

void check_sgemm(const char* name, Sgemm k, char layout, int epi, int tile, int m, int n, int kk,
                 float beta = 0.f, int extra_ld = 0) {
    const bool transA = layout == 't', transB = layout == 'T';  // 'n' nn, 't' tn, 'T' nt
    const int lda = (transA ? m : kk) + extra_ld, ldb = (transB ? kk : n) + extra_ld, ldc = n + extra_ld;
    auto a = random_floats((size_t)(transA ? kk : m) * lda, 1), b = random_floats((size_t)(transB ? n : kk) * ldb, 1);
    auto bias = random_floats(n, 1);
    auto c0 = random_floats((size_t)m * ldc, 1);
    Buf A(a.size(), 0, &a), B(b.size(), 0, &b), C(c0.size(), 0, &c0), Bias(n, 0, &bias);
    if (beta == 0.f) for (size_t i = 0; i < C.n; ++i) C.p[i] = poison();
    const float alpha = 1.0f;
    dim3 grid{unsigned((n + tile - 1) / tile), unsigned((m + tile - 1) / tile), 1};
    emu::launch(k, grid, dim3{unsigned(tile / 8 * tile / 8), 1, 1}, m, n, kk, alpha, (const float*)A.p, lda,
                (const float*)B.p, ldb, beta, C.p, ldc, (const float*)(epi ? Bias.p : nullptr));
    bool ok = C.tail_poisoned();
    std::string where;
    for (int i = 0; i < m && ok; ++i)
        for (int j = 0; j < ldc && ok; ++j) {
            float got = C.p[(size_t)i * ldc + j];
            if (j >= n) { ok = beta == 0.f ? is_poison(got) : same_bits(got, c0[(size_t)i * ldc + j]); continue; }
            double ref = 0, mag = 0;
            for (int p = 0; p < kk; ++p) {
                double av = transA ? a[(size_t)p * lda + i] : a[(size_t)i * lda + p];
                double bv = transB ? b[(size_t)j * ldb + p] : b[(size_t)p * ldb + j];
                ref += av * bv;
                mag += std::fabs(av * bv);
            }
            double bound = (kk + 3) * 0x1p-24 * (mag + std::fabs(beta * c0[(size_t)i * ldc + j]));
            ref = alpha * ref + beta * c0[(size_t)i * ldc + j];
            if (epi) { ref += bias[j]; bound += 0x1p-24 * (std::fabs(ref) + std::fabs(bias[j])); }
            if (epi == 2) ref = ref < 0 ? 0 : ref;
            if (epi == 3) ref = std::tanh(ref);
            if (epi == 4) ref = 1 / (1 + std::exp(-ref));
            bound += 4 * std::fabs(std::nextafter((float)ref, INFINITY) - (float)ref) + 1e-30;
            if (!(std::fabs(got - ref) <= bound)) {
                ok = false;
                where = " at (" + std::to_string(i) + "," + std::to_string(j) + "): " + std::to_string(got) + " vs " +
                        std::to_string(ref);
            }
        }
    report(ok, std::string(name) + " m=" + std::to_string(m) + " n=" + std::to_string(n) + " k=" + std::to_string(kk) +
                   " beta=" + std::to_string(beta) + where);
}

#define CHECK_SGEMM(LAYOUT_CHAR, LAYOUT, EPINAME, EPI)                                                          \
    for (int tile : {64, 128}) {                                                                                 \
        Sgemm sc = tile == 64 ? sgemm_##LAYOUT##_##EPINAME##_scalar_64 : sgemm_##LAYOUT##_##EPINAME##_scalar_128; \
        Sgemm vc = tile == 64 ? sgemm_##LAYOUT##_##EPINAME##_vec4_64 : sgemm_##LAYOUT##_##EPINAME##_vec4_128;     \
        std::string base = std::string("sgemm_" #LAYOUT "_" #EPINAME "_") + std::to_string(tile);               \
        check_sgemm((base + " scalar").c_str(), sc, LAYOUT_CHAR, EPI, tile, 70, 45, 19);                   \
        check_sgemm((base + " scalar").c_str(), sc, LAYOUT_CHAR, EPI, tile, 1, 1, 1);                      \
        check_sgemm((base + " vec4").c_str(), vc, LAYOUT_CHAR, EPI, tile, 68, 132, 20);                     \
    }

// The runtime's matmulBias relies on this: the bias epilogue gives the bits of the product without
// one followed by a float add of the bias (alpha = 1, beta = 0), for every tile and load path.
void bias_epilogue_checks() {
    struct Pair { const char* name; Sgemm plain, biased; char layout; int tile; };
    const Pair pairs[] = {
        {"nn vec4 128", sgemm_nn_none_vec4_128, sgemm_nn_bias_vec4_128, 'n', 128},
        {"nn scalar 64", sgemm_nn_none_scalar_64, sgemm_nn_bias_scalar_64, 'n', 64},
        {"nt vec4 64", sgemm_nt_none_vec4_64, sgemm_nt_bias_vec4_64, 'T', 64},
        {"nt scalar 128", sgemm_nt_none_scalar_128, sgemm_nt_bias_scalar_128, 'T', 128},
    };
    for (const Pair& pr : pairs)
        for (auto [m, n, k] : {std::tuple{36, 24, 40}, std::tuple{17, 13, 9}}) {
            if (pr.name[3] == 'v' && (n % 4 || k % 4)) continue;  // vec4 needs rows of multiples of 4
            const bool transB = pr.layout == 'T';
            auto a = random_floats((size_t)m * k, 1), b = random_floats((size_t)k * n, 1), bias = random_floats(n, 1);
            Buf A(a.size(), 0, &a), B(b.size(), 0, &b), Bias(n, 0, &bias), C0(m * n, 0), C1(m * n, 0);
            dim3 grid{unsigned((n + pr.tile - 1) / pr.tile), unsigned((m + pr.tile - 1) / pr.tile), 1};
            dim3 threads{unsigned(pr.tile / 8 * pr.tile / 8), 1, 1};
            const int ldb = transB ? k : n;
            emu::launch(pr.plain, grid, threads, m, n, k, 1.0f, (const float*)A.p, k, (const float*)B.p, ldb, 0.0f, C0.p, n,
                        (const float*)nullptr);
            emu::launch(pr.biased, grid, threads, m, n, k, 1.0f, (const float*)A.p, k, (const float*)B.p, ldb, 0.0f, C1.p, n,
                        (const float*)Bias.p);
            bool ok = C1.tail_poisoned();
            for (int i = 0; i < m && ok; ++i)
                for (int j = 0; j < n && ok; ++j) ok = same_bits(C0.p[i * n + j] + bias[j], C1.p[i * n + j]);
            report(ok, std::string("bias epilogue = product then add, ") + pr.name + " " + std::to_string(m) + "x" +
                           std::to_string(n) + "x" + std::to_string(k));
        }
}

// Split k: grid z = s slices of ceil(ceil(K / s) / 8) * 8, block z's partial product at C + z M ldc,
// each against a float64 reference over its own k range (so the slicing itself is checked), then
// sum_slices_f32 against the slices added in order in float (bit for bit), with and without a bias.
void split_k_checks() {
    struct Case { const char* name; Sgemm k; char layout; int tile; int m, n, kk, splits; };
    const Case cases[] = {
        {"nn vec4 64", sgemm_nn_none_vec4_64, 'n', 64, 36, 24, 200, 3},
        {"nn scalar 64", sgemm_nn_none_scalar_64, 'n', 64, 17, 13, 101, 4},
        {"tn vec4 64", sgemm_tn_none_vec4_64, 't', 64, 20, 12, 96, 2},
        {"tn scalar 128", sgemm_tn_none_scalar_128, 't', 128, 9, 7, 77, 5},
        {"nt vec4 128", sgemm_nt_none_vec4_128, 'T', 128, 12, 8, 64, 8},
        {"nt scalar 64", sgemm_nt_none_scalar_64, 'T', 64, 5, 3, 30, 3},
    };
    for (const Case& c : cases) {
        const bool transA = c.layout == 't', transB = c.layout == 'T';
        const int m = c.m, n = c.n, kk = c.kk, s = c.splits;
        const int lda = transA ? m : kk, ldb = transB ? kk : n;
        auto a = random_floats((size_t)(transA ? kk : m) * lda, 1), b = random_floats((size_t)(transB ? n : kk) * ldb, 1);
        auto bias = random_floats(n, 1);
        Buf A(a.size(), 0, &a), B(b.size(), 0, &b), P((size_t)s * m * n, 0), O(m * n, 0), OB(m * n, 0), Bias(n, 0, &bias);
        dim3 grid{unsigned((n + c.tile - 1) / c.tile), unsigned((m + c.tile - 1) / c.tile), unsigned(s)};
        emu::launch(c.k, grid, dim3{unsigned(c.tile / 8 * c.tile / 8), 1, 1}, m, n, kk, 1.0f, (const float*)A.p, lda,
                    (const float*)B.p, ldb, 0.0f, P.p, n, (const float*)nullptr);
        const int slice = ((kk + s - 1) / s + 7) / 8 * 8;
        bool ok = P.tail_poisoned();
        for (int z = 0; z < s && ok; ++z) {
            const int k0 = std::min(kk, z * slice), k1 = std::min(kk, k0 + slice);
            for (int i = 0; i < m && ok; ++i)
                for (int j = 0; j < n && ok; ++j) {
                    double ref = 0, mag = 0;
                    for (int p = k0; p < k1; ++p) {
                        double v = (double)(transA ? a[(size_t)p * lda + i] : a[(size_t)i * lda + p]) *
                                   (transB ? b[(size_t)j * ldb + p] : b[(size_t)p * ldb + j]);
                        ref += v;
                        mag += std::fabs(v);
                    }
                    ok = std::fabs(P.p[(size_t)z * m * n + (size_t)i * n + j] - ref) <= 1e-5 * mag + 1e-30;
                }
        }
        report(ok, std::string("split k partials ") + c.name + " " + std::to_string(m) + "x" + std::to_string(n) + "x" +
                       std::to_string(kk) + " in " + std::to_string(s));
        const long long total = (long long)m * n;
        emu::launch(sum_slices_f32, dim3{2}, dim3{64}, total, s, total, (const float*)P.p, O.p, (const float*)nullptr, n);
        emu::launch(sum_slices_f32, dim3{2}, dim3{64}, total, s, total, (const float*)P.p, OB.p, (const float*)Bias.p, n);
        ok = O.tail_poisoned() && OB.tail_poisoned();
        for (long long i = 0; i < total && ok; ++i) {
            float sum = P.p[i];
            for (int z = 1; z < s; ++z) sum += P.p[z * total + i];
            ok = same_bits(sum, O.p[i]) && same_bits(sum + bias[i % n], OB.p[i]);
        }
        report(ok, std::string("sum_slices ") + c.name + " " + std::to_string(total) + " x " + std::to_string(s));
    }
}

void matmul_checks() {
    CHECK_SGEMM('n', nn, none, 0) CHECK_SGEMM('n', nn, bias, 1) CHECK_SGEMM('n', nn, bias_relu, 2)
    CHECK_SGEMM('n', nn, bias_tanh, 3) CHECK_SGEMM('n', nn, bias_sigmoid, 4)
    CHECK_SGEMM('T', nt, none, 0) CHECK_SGEMM('T', nt, bias, 1) CHECK_SGEMM('T', nt, bias_relu, 2)
    CHECK_SGEMM('T', nt, bias_tanh, 3) CHECK_SGEMM('T', nt, bias_sigmoid, 4)
    CHECK_SGEMM('t', tn, none, 0)
    // beta != 0 and leading dimensions longer than the rows (vec4 needs them multiples of 4)
    check_sgemm("sgemm_nn_none_vec4_64 beta ld+4", sgemm_nn_none_vec4_64, 'n', 0, 64, 36, 24, 40, -1.5f, 4);
    check_sgemm("sgemm_tn_none_scalar_64 beta ld+3", sgemm_tn_none_scalar_64, 't', 0, 64, 33, 23, 41, 0.5f, 3);
    check_sgemm("sgemm_nt_none_vec4_128 k=0", sgemm_nt_none_vec4_128, 'T', 0, 128, 8, 8, 0);
    bias_epilogue_checks();
    split_k_checks();
}

// ---------------- elementwise ----------------
using Unary = void (*)(long long, const float*, float*, float, float);
using Binary = void (*)(long long, const float*, const float*, float*);
using RowVec = void (*)(long long, int, const float*, const float*, float*);
using Bcast = void (*)(int, const Broadcast, const float*, const float*, float*);

void check_unary(const char* name, Unary k, float (*ref)(float), int ulps, bool positive) {
    for (int n : {1, 17, 1023})
        for (int off : {0, 1}) {
            auto x = random_floats(n, 4);
            if (positive) for (auto& v : x) v = std::fabs(v) + 1e-3f;
            Buf X(n, off, &x), O(n, off);
            emu::launch(k, dim3{3}, dim3{64}, (long long)n, (const float*)X.p, O.p, 1.75f, -0.5f);
            bool ok = O.tail_poisoned();
            for (int i = 0; i < n && ok; ++i) {
                float e = ref(x[i]);
                ok = ulps == 0 ? same_bits(e, O.p[i])
                               : std::fabs(O.p[i] - e) <= ulps * std::fabs(std::nextafter(e, INFINITY) - e);
            }
            report(ok, std::string(name) + " n=" + std::to_string(n) + " offset=" + std::to_string(off));
        }
}

template <class F> void check_binary(const char* name, Binary k, RowVec rk, Bcast bk, F ref) {
    for (int n : {1, 17, 1023})
        for (int off : {0, 1}) {
            auto a = random_floats(n, 3), b = random_floats(n, 3);
            Buf A(n, off, &a), B(n, off, &b), O(n, off);
            emu::launch(k, dim3{2}, dim3{64}, (long long)n, (const float*)A.p, (const float*)B.p, O.p);
            bool ok = O.tail_poisoned();
            for (int i = 0; i < n && ok; ++i) ok = same_bits(ref(a[i], b[i]), O.p[i]);
            report(ok, std::string(name) + " n=" + std::to_string(n) + " offset=" + std::to_string(off));
        }
    for (auto rc : {std::pair{1, 1}, std::pair{3, 17}, std::pair{33, 16}, std::pair{5, 1023}}) {
        int rows = rc.first, cols = rc.second, n = rows * cols;
        auto a = random_floats(n, 3), b = random_floats(cols, 3);
        Buf A(n, 0, &a), B(cols, 0, &b), O(n, 0);
        emu::launch(rk, dim3{3}, dim3{64}, (long long)rows, cols, (const float*)A.p, (const float*)B.p, O.p);
        bool ok = O.tail_poisoned();
        for (int i = 0; i < n && ok; ++i) ok = same_bits(ref(a[i], b[i % cols]), O.p[i]);
        report(ok, std::string(name) + " rowvec " + std::to_string(rows) + "x" + std::to_string(cols));
    }
    {   // [3,1,5] op [4,1] -> [3,4,5]
        auto a = random_floats(15, 3), b = random_floats(4, 3);
        Broadcast d{3, {3, 4, 5}, {5, 0, 1}, {0, 1, 0}};
        Buf A(15, 0, &a), B(4, 0, &b), O(60, 0);
        emu::launch(bk, dim3{1}, dim3{32}, 60, d, (const float*)A.p, (const float*)B.p, O.p);
        bool ok = O.tail_poisoned();
        for (int i = 0; i < 3 && ok; ++i)
            for (int j = 0; j < 4 && ok; ++j)
                for (int l = 0; l < 5 && ok; ++l) ok = same_bits(ref(a[i * 5 + l], b[j]), O.p[i * 20 + j * 5 + l]);
        report(ok, std::string(name) + " broadcast [3,1,5] with [4,1]");
    }
}

float r_neg(float x) { return -x; }
float r_abs(float x) { return std::fabs(x); }
float r_exp(float x) { return (float)std::exp((double)x); }
float r_log(float x) { return (float)std::log((double)x); }
float r_sqrt(float x) { return (float)std::sqrt((double)x); }
float r_tanh(float x) { return (float)std::tanh((double)x); }
float r_sigmoid(float x) { return (float)(1 / (1 + std::exp(-(double)x))); }
float r_relu(float x) { return x < 0.f ? 0.f : x; }
float r_square(float x) { return x * x; }
float r_recip(float x) { return 1.f / x; }
float r_affine(float x) { return 1.75f * x + -0.5f; }
float r_pow(float x) { return (float)std::pow((double)x, 1.75); }
float r_softplus(float x) { return (float)(std::max((double)x, 0.0) + std::log1p(std::exp(-std::fabs((double)x)))); }

void elementwise_checks() {
    check_unary("neg", ew_neg_f32, r_neg, 0, false);
    check_unary("abs", ew_abs_f32, r_abs, 0, false);
    check_unary("exp", ew_exp_f32, r_exp, 3, false);
    check_unary("log", ew_log_f32, r_log, 3, true);
    check_unary("sqrt", ew_sqrt_f32, r_sqrt, 0, true);
    check_unary("tanh", ew_tanh_f32, r_tanh, 3, false);
    check_unary("sigmoid", ew_sigmoid_f32, r_sigmoid, 5, false);
    check_unary("relu", ew_relu_f32, r_relu, 0, false);
    check_unary("square", ew_square_f32, r_square, 0, false);
    check_unary("reciprocal", ew_reciprocal_f32, r_recip, 0, false);
    check_unary("affine", ew_affine_f32, r_affine, 0, false);
    check_unary("pow", ew_pow_f32, r_pow, 8, true);
    check_unary("softplus", ew_softplus_f32, r_softplus, 4, false);
    check_binary("add", ew_add_f32, ew_add_rowvec_f32, ew_add_bcast_f32, [](float a, float b) { return a + b; });
    check_binary("sub", ew_sub_f32, ew_sub_rowvec_f32, ew_sub_bcast_f32, [](float a, float b) { return a - b; });
    check_binary("mul", ew_mul_f32, ew_mul_rowvec_f32, ew_mul_bcast_f32, [](float a, float b) { return a * b; });
    check_binary("div", ew_div_f32, ew_div_rowvec_f32, ew_div_bcast_f32, [](float a, float b) { return a / b; });
    check_binary("max", ew_max_f32, ew_max_rowvec_f32, ew_max_bcast_f32, [](float a, float b) { return a > b ? a : b; });
    check_binary("min", ew_min_f32, ew_min_rowvec_f32, ew_min_bcast_f32, [](float a, float b) { return a < b ? a : b; });
    check_binary("relu_grad", ew_relu_grad_f32, ew_relu_grad_rowvec_f32, ew_relu_grad_bcast_f32,
                 [](float dy, float x) { return x > 0.f ? dy : 0.f; });
    check_binary("tanh_grad", ew_tanh_grad_f32, ew_tanh_grad_rowvec_f32, ew_tanh_grad_bcast_f32,
                 [](float dy, float y) { return dy * (1.f - y * y); });
    check_binary("sigmoid_grad", ew_sigmoid_grad_f32, ew_sigmoid_grad_rowvec_f32, ew_sigmoid_grad_bcast_f32,
                 [](float dy, float y) { return dy * (y * (1.f - y)); });
    check_binary("abs_grad", ew_abs_grad_f32, ew_abs_grad_rowvec_f32, ew_abs_grad_bcast_f32,
                 [](float dy, float x) { return dy * (x > 0.f ? 1.f : (x < 0.f ? -1.f : x)); });
    {   // abs_grad at the special points: sign(+-0) is the zero itself, sign(NaN) is NaN (Java's Math.signum)
        std::vector<float> x{0.f, -0.f, NAN, 2.f, -3.f}, dy{1.5f, 1.5f, 1.5f, -2.f, -2.f};
        Buf X(5, 0, &x), DY(5, 0, &dy), O(5, 0);
        emu::launch(ew_abs_grad_f32, dim3{1}, dim3{32}, 5LL, (const float*)DY.p, (const float*)X.p, O.p);
        report(same_bits(O.p[0], 0.f) && same_bits(O.p[1], -0.f) && std::isnan(O.p[2]) && O.p[3] == -2.f && O.p[4] == 2.f,
               "abs_grad at 0, -0, NaN");
    }
}

// ---------------- reductions ----------------
long long chunk_for(long long n) {  // CudaReductions.chunkFor
    long long c = std::max(4096LL, (n + 1023) / 1024);
    return (c + 3) / 4 * 4;
}

float gpu_sum(const float* x, long long n) {
    long long chunk = chunk_for(n);
    int parts = (int)std::max(1LL, (n + chunk - 1) / chunk);
    Buf P(parts, 0), O(1, 0);
    emu::launch(sum_partials_f32, dim3{unsigned(parts)}, dim3{256}, n, chunk, x, P.p);
    emu::launch(sum_finish_f32, dim3{1}, dim3{256}, parts, (const float*)P.p, O.p, 1.0f);
    return O.p[0];
}

void reduce_checks() {
    for (long long n : {1LL, 17LL, 1023LL, 4096LL, 4097LL, 20003LL}) {
        auto x = random_floats(n, 2);
        Buf A(n, 0, &x), U(n, 1, &x);
        float s = gpu_sum(A.p, n), s2 = gpu_sum(A.p, n), su = gpu_sum(U.p, n);
        double ref = 0, mag = 0;
        for (float v : x) { ref += v; mag += std::fabs(v); }
        report(std::fabs(s - ref) <= 40 * 0x1p-24 * mag, "sum_all n=" + std::to_string(n));
        report(same_bits(s, s2) && same_bits(s, su), "sum_all same bits (repeat, 4-byte aligned copy) n=" + std::to_string(n));
    }
    for (auto rc : {std::pair{1, 1}, std::pair{17, 100}, std::pair{130, 17}, std::pair{9, 33}}) {
        int rows = rc.first, cols = rc.second;
        auto x = random_floats((size_t)rows * cols, 2);
        Buf X(x.size(), 0, &x), R(rows, 0), C(cols, 0), AM(rows, 0);
        emu::launch(sum_rows_f32, dim3{unsigned((rows + 7) / 8)}, dim3{256}, rows, cols, (const float*)X.p, R.p, 0.5f);
        int per = std::max(64, (rows + 63) / 64), chunks = std::max(1, (rows + per - 1) / per);
        Buf P((size_t)chunks * cols, 0);
        emu::launch(sum_cols_partials_f32, dim3{unsigned((cols + 31) / 32), unsigned(chunks)}, dim3{32, 8}, rows, cols, per,
                    (const float*)X.p, P.p);
        emu::launch(sum_cols_finish_f32, dim3{2}, dim3{256}, chunks, cols, (const float*)P.p, C.p, 2.0f);
        emu::launch(argmax_rows_f32, dim3{unsigned((rows + 7) / 8)}, dim3{256}, rows, cols, (const float*)X.p,
                    reinterpret_cast<int*>(AM.p));
        bool ok = R.tail_poisoned() && C.tail_poisoned();
        for (int i = 0; i < rows && ok; ++i) {
            double s = 0, mag = 0;
            int best = 0;
            for (int j = 0; j < cols; ++j) {
                s += x[i * cols + j];
                mag += std::fabs(x[i * cols + j]);
                if (x[i * cols + j] > x[i * cols + best]) best = j;
            }
            ok = std::fabs(R.p[i] - 0.5 * s) <= 40 * 0x1p-24 * mag && reinterpret_cast<int*>(AM.p)[i] == best;
        }
        for (int j = 0; j < cols && ok; ++j) {
            double s = 0, mag = 0;
            for (int i = 0; i < rows; ++i) { s += x[i * cols + j]; mag += std::fabs(x[i * cols + j]); }
            ok = std::fabs(C.p[j] - 2 * s) <= 2 * (rows + 4) * 0x1p-24 * mag;
        }
        report(ok, "sum_rows/sum_cols/argmax " + std::to_string(rows) + "x" + std::to_string(cols));
    }
}

// Java's Math.max fold, the reference for max_rows (NaN wins, +0 over -0)
float java_max_ref(float a, float b) {
    if (std::isnan(a) || std::isnan(b)) return NAN;
    if (a == 0.f && b == 0.f) return std::signbit(a) ? b : a;
    return a > b ? a : b;
}

void max_checks() {
    for (auto rc : {std::pair{1, 1}, std::pair{17, 100}, std::pair{9, 33}, std::pair{3, 1023}}) {
        int rows = rc.first, cols = rc.second, n = rows * cols;
        auto x = random_floats(n, 2);
        for (auto& v : x) v = std::round(v * 4) / 4;  // coarse values: ties are common
        if (rows > 2) { x[cols + 3 % cols] = NAN; x[2 * cols] = -0.f; }  // a NaN row, and a signed zero
        auto g = random_floats(rows, 1);
        Buf X(n, 0, &x), G(rows, 0, &g), M(rows, 0), B(n, 0), M2(rows, 0);
        dim3 grid{unsigned((rows + 7) / 8)};
        emu::launch(max_rows_f32, grid, dim3{256}, rows, cols, (const float*)X.p, M.p);
        emu::launch(max_rows_f32, grid, dim3{256}, rows, cols, (const float*)X.p, M2.p);
        emu::launch(max_rows_backward_f32, grid, dim3{256}, rows, cols, (const float*)X.p, (const float*)G.p, B.p);
        bool ok = M.tail_poisoned() && B.tail_poisoned();
        for (int r = 0; r < rows && ok; ++r) {
            float m = -INFINITY;
            for (int c = 0; c < cols; ++c) m = java_max_ref(m, x[r * cols + c]);
            int ties = 0;
            for (int c = 0; c < cols; ++c) ties += x[r * cols + c] == m;
            ok = (std::isnan(m) ? std::isnan(M.p[r]) : same_bits(m, M.p[r])) && same_bits(M.p[r], M2.p[r]);
            for (int c = 0; c < cols && ok; ++c) {
                float want = x[r * cols + c] == m ? g[r] / (float)ties : 0.f;
                ok = same_bits(want, B.p[r * cols + c]);
            }
        }
        report(ok, "max_rows/max_rows_backward " + std::to_string(rows) + "x" + std::to_string(cols));
    }
}

// ---------------- layout ----------------
void layout_checks() {
    {   // transpose [3, 5, 7] -> [7, 3, 5] (out axis i = in axis perm[i], perm = (2, 0, 1))
        auto x = random_floats(105, 3);
        Buf X(105, 1, &x), O(105, 0);
        StridedCopy d{3, {7, 3, 5}, {1, 35, 7}, {15, 5, 1}};
        emu::launch(strided_copy_f32, dim3{2}, dim3{32}, 105, d, (const float*)X.p, O.p);
        bool ok = O.tail_poisoned();
        for (int a = 0; a < 7 && ok; ++a)
            for (int b = 0; b < 3 && ok; ++b)
                for (int c = 0; c < 5 && ok; ++c) ok = same_bits(O.p[a * 15 + b * 5 + c], x[b * 35 + c * 7 + a]);
        report(ok, "strided_copy transpose [3,5,7] by (2,0,1)");
    }
    {   // broadcast [1, 5] -> [4, 5], and the first 4 elements as [4, 1] -> [4, 5]
        auto x = random_floats(5, 3);
        Buf X(5, 0, &x), O(20, 0), P(20, 0);
        StridedCopy rowwise{2, {4, 5}, {0, 1}, {5, 1}}, colwise{2, {4, 5}, {1, 0}, {5, 1}};
        emu::launch(strided_copy_f32, dim3{1}, dim3{64}, 20, rowwise, (const float*)X.p, O.p);
        emu::launch(strided_copy_f32, dim3{1}, dim3{64}, 20, colwise, (const float*)X.p, P.p);
        bool ok = O.tail_poisoned() && P.tail_poisoned();
        for (int i = 0; i < 20 && ok; ++i) ok = same_bits(O.p[i], x[i % 5]) && same_bits(P.p[i], x[i / 5]);
        report(ok, "strided_copy broadcasts");
    }
    {   // a concatenation part: [3, 4] into columns 2..5 of a [3, 9] destination; the rest untouched
        auto x = random_floats(12, 3);
        Buf X(12, 0, &x), O(27, 0);
        StridedCopy d{2, {3, 4}, {4, 1}, {9, 1}};
        emu::launch(strided_copy_f32, dim3{1}, dim3{32}, 12, d, (const float*)X.p, O.p + 2);
        bool ok = O.tail_poisoned();
        for (int r = 0; r < 3 && ok; ++r)
            for (int c = 0; c < 9 && ok; ++c)
                ok = c >= 2 && c < 6 ? same_bits(O.p[r * 9 + c], x[r * 4 + c - 2]) : is_poison(O.p[r * 9 + c]);
        report(ok, "strided_copy into a strided destination");
    }
    for (int row : {1, 17, 64}) {
        const int source_rows = 11, count = 23;
        auto x = random_floats((size_t)source_rows * row, 3);
        std::vector<int> idx(count);
        for (int i = 0; i < count; ++i) idx[i] = (i * 7 + 3) % source_rows;  // repeats and any order
        std::vector<float> idx_bits(count);
        std::memcpy(idx_bits.data(), idx.data(), count * 4);
        Buf X(x.size(), 0, &x), I(count, 0, &idx_bits), O((size_t)count * row, 0);
        emu::launch(gather_rows_f32, dim3{3}, dim3{64}, count, row, reinterpret_cast<const int*>(I.p), (const float*)X.p, O.p);
        bool ok = O.tail_poisoned();
        for (int i = 0; i < count && ok; ++i)
            for (int c = 0; c < row && ok; ++c) ok = same_bits(O.p[(size_t)i * row + c], x[(size_t)idx[i] * row + c]);
        report(ok, "gather_rows row_length=" + std::to_string(row));

        // scatter back into source_rows rows: the plan is offsets then sources, in index order
        auto v = random_floats((size_t)count * row, 3);
        std::vector<int> plan(source_rows + 1 + count, 0);
        for (int i = 0; i < count; ++i) plan[idx[i] + 1]++;
        for (int r = 0; r < source_rows; ++r) plan[r + 1] += plan[r];
        std::vector<int> fill(plan.begin(), plan.begin() + source_rows);
        for (int i = 0; i < count; ++i) plan[source_rows + 1 + fill[idx[i]]++] = i;
        std::vector<float> plan_bits(plan.size());
        std::memcpy(plan_bits.data(), plan.data(), plan.size() * 4);
        Buf V(v.size(), 0, &v), PL(plan.size(), 0, &plan_bits), S((size_t)source_rows * row, 0);
        emu::launch(scatter_add_rows_f32, dim3{2}, dim3{64}, source_rows, row, reinterpret_cast<const int*>(PL.p),
                    (const float*)V.p, S.p);
        std::vector<float> want((size_t)source_rows * row, 0.f);
        for (int i = 0; i < count; ++i)
            for (int c = 0; c < row; ++c) want[(size_t)idx[i] * row + c] += v[(size_t)i * row + c];
        ok = S.tail_poisoned();
        for (size_t i = 0; i < want.size() && ok; ++i) ok = same_bits(want[i], S.p[i]);
        report(ok, "scatter_add_rows row_length=" + std::to_string(row) + " (bits of a sequential loop)");
    }
}

// ---------------- softmax ----------------
void softmax_checks() {
    for (auto rc : {std::pair{1, 1}, std::pair{17, 10}, std::pair{9, 100}}) {
        int rows = rc.first, cols = rc.second, n = rows * cols;
        auto x = random_floats(n, 8), dy = random_floats(n, 1);
        Buf X(n, 0, &x), DY(n, 0, &dy), Y(n, 0), LY(n, 0), G(n, 0), LG(n, 0);
        dim3 grid{unsigned((rows + 7) / 8)};
        emu::launch(softmax_rows_f32, grid, dim3{256}, rows, cols, (const float*)X.p, Y.p);
        emu::launch(log_softmax_rows_f32, grid, dim3{256}, rows, cols, (const float*)X.p, LY.p);
        emu::launch(softmax_rows_backward_f32, grid, dim3{256}, rows, cols, (const float*)Y.p, (const float*)DY.p, G.p);
        emu::launch(log_softmax_rows_backward_f32, grid, dim3{256}, rows, cols, (const float*)LY.p, (const float*)DY.p, LG.p);
        bool ok = Y.tail_poisoned() && LY.tail_poisoned() && G.tail_poisoned() && LG.tail_poisoned();
        for (int r = 0; r < rows && ok; ++r) {
            double mx = -INFINITY, sum = 0, dot = 0, dsum = 0;
            for (int c = 0; c < cols; ++c) mx = std::max(mx, (double)x[r * cols + c]);
            for (int c = 0; c < cols; ++c) sum += std::exp(x[r * cols + c] - mx);
            for (int c = 0; c < cols; ++c) {
                double p = std::exp(x[r * cols + c] - mx) / sum;
                dot += dy[r * cols + c] * p;
                dsum += dy[r * cols + c];
            }
            for (int c = 0; c < cols && ok; ++c) {
                int i = r * cols + c;
                double p = std::exp(x[i] - mx) / sum;
                ok = std::fabs(Y.p[i] - p) <= 1e-5 * p + 1e-12 &&
                     std::fabs(LY.p[i] - (x[i] - mx - std::log(sum))) <= 1e-5 * (std::fabs(x[i] - mx) + std::log(sum)) + 1e-6 &&
                     std::fabs(G.p[i] - p * (dy[i] - dot)) <= 1e-5 * p * (std::fabs(dy[i]) + 1) + 1e-9 &&
                     std::fabs(LG.p[i] - (dy[i] - p * dsum)) <= 1e-5 * (std::fabs(dy[i]) + p * std::fabs(dsum) + p * cols) + 1e-6;
            }
        }
        report(ok, "softmax family " + std::to_string(rows) + "x" + std::to_string(cols));
    }
}

// softmax cross-entropy per row and its adjoint, against float64, with soft labels (rows of 1 to 100)
void cross_entropy_checks() {
    for (auto rc : {std::pair{1, 1}, std::pair{17, 10}, std::pair{9, 100}}) {
        int rows = rc.first, cols = rc.second, n = rows * cols;
        auto x = random_floats(n, 8), labels = random_floats(n, 1), g = random_floats(rows, 1);
        for (auto& v : labels) v = std::fabs(v);
        Buf X(n, 0, &x), L(n, 0, &labels), G(rows, 0, &g), O(rows, 0), DX(n, 0);
        dim3 grid{unsigned((rows + 7) / 8)};
        emu::launch(softmax_cross_entropy_rows_f32, grid, dim3{256}, rows, cols, (const float*)X.p, (const float*)L.p, O.p);
        emu::launch(softmax_cross_entropy_rows_backward_f32, grid, dim3{256}, rows, cols, (const float*)X.p,
                    (const float*)L.p, (const float*)G.p, DX.p);
        bool ok = O.tail_poisoned() && DX.tail_poisoned();
        for (int r = 0; r < rows && ok; ++r) {
            double mx = -INFINITY, sum = 0, total = 0, loss = 0, mag = 0;
            for (int c = 0; c < cols; ++c) mx = std::max(mx, (double)x[r * cols + c]);
            for (int c = 0; c < cols; ++c) sum += std::exp(x[r * cols + c] - mx);
            for (int c = 0; c < cols; ++c) {
                double logp = x[r * cols + c] - mx - std::log(sum);
                loss -= labels[r * cols + c] * logp;
                mag += std::fabs(labels[r * cols + c] * logp);
                total += labels[r * cols + c];
            }
            ok = std::fabs(O.p[r] - loss) <= 1e-5 * mag + 1e-6;
            for (int c = 0; c < cols && ok; ++c) {
                int i = r * cols + c;
                double p = std::exp(x[i] - mx) / sum;
                double ref = g[r] * (p * total - labels[i]);
                ok = std::fabs(DX.p[i] - ref) <= 1e-5 * std::fabs(g[r]) * (p * total + labels[i]) + 1e-7;
            }
        }
        report(ok, "softmax cross-entropy " + std::to_string(rows) + "x" + std::to_string(cols));
    }
}

// ---------------- optimizers ----------------
void optimizer_checks() {
    for (int n : {1, 17, 1023})
        for (int off : {0, 1})
            for (int decoupled : {0, 1}) {
                auto p = random_floats(n, 1);
                std::vector<float> m(n, 0.f), v(n, 0.f);
                Buf P(n, off, &p), G(n, off), M(n, off, &m), V(n, off, &v);
                for (int t = 1; t <= 3; ++t) {
                    auto g = random_floats(n, 1);
                    std::memcpy(G.p, g.data(), n * 4);
                    float b1 = 0.9f, b2 = 0.999f, wd = 0.05f;
                    AdamArgs a{1e-2f, b1, b2, 1.f - b1, 1.f - b2, 1e-8f, (float)(1 - std::pow(b1, t)),
                               (float)(1 - std::pow(b2, t)), decoupled ? 0.f : wd, decoupled ? wd : 0.f};
                    emu::launch(adam_update_f32, dim3{2}, dim3{64}, (long long)n, P.p, (const float*)G.p, M.p, V.p, a);
                    for (int i = 0; i < n; ++i) {
                        float gi = g[i] + a.l2 * p[i];
                        m[i] = a.beta1 * m[i] + a.one_minus_beta1 * gi;
                        v[i] = a.beta2 * v[i] + a.one_minus_beta2 * (gi * gi);
                        float update = (m[i] / a.bias1) / (std::sqrt(v[i] / a.bias2) + a.eps) + a.decoupled * p[i];
                        p[i] = p[i] - a.lr * update;
                    }
                }
                bool ok = P.tail_poisoned();
                for (int i = 0; i < n && ok; ++i) ok = same_bits(p[i], P.p[i]) && same_bits(m[i], M.p[i]) && same_bits(v[i], V.p[i]);
                report(ok, "adam decoupled=" + std::to_string(decoupled) + " n=" + std::to_string(n) + " offset=" + std::to_string(off));
            }
    for (int n : {1, 17, 1023})
        for (int off : {0, 1})
            for (auto s : {std::tuple{0.f, 0.f, 0}, std::tuple{0.9f, 0.f, 0}, std::tuple{0.9f, 1e-3f, 1}}) {
                auto [mom, wd, nest] = s;
                auto p = random_floats(n, 1);
                std::vector<float> vel(n, 0.f);
                Buf P(n, off, &p), G(n, off), V(n, off, &vel);
                for (int t = 0; t < 3; ++t) {
                    auto g = random_floats(n, 1);
                    std::memcpy(G.p, g.data(), n * 4);
                    emu::launch(sgd_update_f32, dim3{2}, dim3{64}, (long long)n, P.p, (const float*)G.p,
                                mom == 0.f ? nullptr : V.p, 0.05f, mom, wd, nest);
                    for (int i = 0; i < n; ++i) {
                        float gi = g[i] + wd * p[i];
                        if (mom == 0.f) { p[i] = p[i] - 0.05f * gi; continue; }
                        vel[i] = mom * vel[i] + gi;
                        p[i] = p[i] - 0.05f * (nest ? gi + mom * vel[i] : vel[i]);
                    }
                }
                bool ok = P.tail_poisoned();
                for (int i = 0; i < n && ok; ++i) ok = same_bits(p[i], P.p[i]) && (mom == 0.f || same_bits(vel[i], V.p[i]));
                report(ok, "sgd momentum=" + std::to_string(mom) + " nesterov=" + std::to_string(nest) + " n=" + std::to_string(n) +
                               " offset=" + std::to_string(off));
            }
}

// adam_apply_leaves_f32: leaves of odd and vector-friendly sizes, aligned and misaligned, out of
// place and in place, in one launch per step; bits equal to the runtime's Java loop (AdamKernel).
void adam_leaves_checks() {
    const int sizes[] = {1023, 17, 1, 64, 0, 5};
    const int offsets[] = {0, 1, 0, 3, 0, 2};
    const bool in_place[] = {false, false, true, false, false, true};
    const bool decayed[] = {true, false, true, false, true, false};
    const int count = 6;
    std::vector<std::vector<float>> p(count), m(count), v(count);
    std::vector<Buf> P, M, V, G, PO, MO, VO;
    P.reserve(count); M.reserve(count); V.reserve(count); G.reserve(count); PO.reserve(count); MO.reserve(count); VO.reserve(count);
    for (int l = 0; l < count; ++l) {
        int n = sizes[l], off = offsets[l];
        p[l] = random_floats(n, 1);
        m[l].assign(n, 0.f);
        v[l].assign(n, 0.f);
        P.emplace_back(n, off, &p[l]); M.emplace_back(n, off, &m[l]); V.emplace_back(n, off, &v[l]);
        G.emplace_back(n, off); PO.emplace_back(n, off); MO.emplace_back(n, off); VO.emplace_back(n, off);
    }
    const float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f, factor = -1e-2f;
    bool ok = true;
    for (int t = 1; t <= 3; ++t) {
        AdamLeafTable table{};
        std::vector<std::vector<float>> g(count);
        for (int l = 0; l < count; ++l) {
            g[l] = random_floats(sizes[l], 1);
            if (sizes[l] > 0) std::memcpy(G[l].p, g[l].data(), sizes[l] * 4);
            float* po = in_place[l] ? P[l].p : PO[l].p;
            float* mo = in_place[l] ? M[l].p : MO[l].p;
            float* vo = in_place[l] ? V[l].p : VO[l].p;
            table.leaf[l] = AdamLeaf{po, mo, vo, P[l].p, G[l].p, M[l].p, V[l].p, decayed[l] ? 1LL : 0LL,
                                     (long long)sizes[l]};
        }
        const AdamApplyConstants k{b1, b2, (float)(1.0 - 0.9), (float)(1.0 - 0.999), 1.f - (float)std::pow(b1, t),
                                   1.f - (float)std::pow(b2, t), eps, factor, 0.05f};
        // one leaf fewer than the table holds: the last must stay untouched
        emu::launch(adam_apply_leaves_f32, dim3{3, (unsigned)count, 1}, dim3{64}, count - 1, k, table);
        for (int l = 0; l < count; ++l) {
            if (l == count - 1) {
                ok = ok && (in_place[l] ? same_bits(P[l].p[0], p[l][0]) : is_poison(PO[l].p[0]));
                continue;
            }
            for (int i = 0; i < sizes[l]; ++i) {
                float gi = g[l][i];
                float mi = k.c1 * gi + k.b1 * m[l][i];
                float vi = k.c2 * (gi * gi) + k.b2 * v[l][i];
                m[l][i] = mi;
                v[l][i] = vi;
                float u = (mi / k.bc1) / (std::sqrt(vi / k.bc2) + k.eps);
                if (decayed[l]) u = u + p[l][i] * k.weight_decay;
                p[l][i] = p[l][i] + u * k.factor;
            }
            const Buf &po = in_place[l] ? P[l] : PO[l], &mo = in_place[l] ? M[l] : MO[l], &vo = in_place[l] ? V[l] : VO[l];
            ok = ok && po.tail_poisoned() && mo.tail_poisoned() && vo.tail_poisoned();
            for (int i = 0; i < sizes[l] && ok; ++i)
                ok = same_bits(p[l][i], po.p[i]) && same_bits(m[l][i], mo.p[i]) && same_bits(v[l][i], vo.p[i]);
            // the next step reads the new values
            if (!in_place[l] && sizes[l] > 0) {
                std::memcpy(P[l].p, po.p, sizes[l] * 4);
                std::memcpy(M[l].p, mo.p, sizes[l] * 4);
                std::memcpy(V[l].p, vo.p, sizes[l] * 4);
            }
        }
    }
    report(ok, "adam_apply_leaves over 6 leaves (5 launched; out of place and in place; AdamW's decay on 3), 3 steps");
}

// sgd_apply_leaves_f32: plain, heavy-ball and Nesterov, over leaves of odd and vector-friendly sizes,
// aligned and misaligned, one launch per step; bits equal to the runtime's stages run one by one.
void sgd_leaves_checks() {
    const int sizes[] = {1023, 17, 1, 64, 0};
    const int offsets[] = {0, 1, 0, 2, 0};
    const int count = 5;
    for (auto s : {std::tuple{0.f, 0, 0}, std::tuple{0.9f, 0, 1}, std::tuple{0.9f, 1, 1}}) {
        auto [decay, nesterov, has_trace] = s;
        std::vector<std::vector<float>> p(count), t(count);
        std::vector<Buf> P, G, T, PO, TO;
        P.reserve(count); G.reserve(count); T.reserve(count); PO.reserve(count); TO.reserve(count);
        for (int l = 0; l < count; ++l) {
            p[l] = random_floats(sizes[l], 1);
            t[l].assign(sizes[l], 0.f);
            P.emplace_back(sizes[l], offsets[l], &p[l]); T.emplace_back(sizes[l], offsets[l], &t[l]);
            G.emplace_back(sizes[l], offsets[l]); PO.emplace_back(sizes[l], offsets[l]); TO.emplace_back(sizes[l], offsets[l]);
        }
        const SgdApplyConstants k{decay, -0.05f, nesterov, has_trace};
        bool ok = true;
        for (int step = 0; step < 3; ++step) {
            SgdLeafTable table{};
            std::vector<std::vector<float>> g(count);
            for (int l = 0; l < count; ++l) {
                g[l] = random_floats(sizes[l], 1);
                if (sizes[l] > 0) std::memcpy(G[l].p, g[l].data(), sizes[l] * 4);
                table.leaf[l] = SgdLeaf{PO[l].p, has_trace ? TO[l].p : nullptr, P[l].p, G[l].p,
                                        has_trace ? T[l].p : nullptr, (long long)sizes[l]};
            }
            emu::launch(sgd_apply_leaves_f32, dim3{3, (unsigned)count, 1}, dim3{64}, count, k, table);
            for (int l = 0; l < count; ++l) {
                for (int i = 0; i < sizes[l]; ++i) {
                    float u = g[l][i];
                    if (has_trace) {
                        t[l][i] = g[l][i] + t[l][i] * k.decay;
                        u = nesterov ? g[l][i] + t[l][i] * k.decay : t[l][i];
                    }
                    p[l][i] = p[l][i] + u * k.factor;
                }
                ok = ok && PO[l].tail_poisoned() && (has_trace ? TO[l].tail_poisoned() : is_poison(TO[l].p[0]));
                for (int i = 0; i < sizes[l] && ok; ++i)
                    ok = same_bits(p[l][i], PO[l].p[i]) && (!has_trace || same_bits(t[l][i], TO[l].p[i]));
                if (sizes[l] > 0) {
                    std::memcpy(P[l].p, PO[l].p, sizes[l] * 4);
                    if (has_trace) std::memcpy(T[l].p, TO[l].p, sizes[l] * 4);
                }
            }
        }
        report(ok, "sgd_apply_leaves decay=" + std::to_string(decay) + " nesterov=" + std::to_string(nesterov) +
                       " trace=" + std::to_string(has_trace) + ", 5 leaves, 3 steps");
    }
}

void saxpy_checks() {
    for (long long n : {1LL, 17LL, 1023LL}) {
        auto x = random_floats(n, 3), y = random_floats(n, 3);
        Buf X(n, 0, &x), Y(n, 0, &y), O(n, 0);
        emu::launch(saxpy_f32, dim3{3}, dim3{64}, n, 1.5f, (const float*)X.p, (const float*)Y.p, O.p);
        bool ok = O.tail_poisoned();
        for (int i = 0; i < n && ok; ++i) ok = same_bits(std::fma(1.5f, x[i], y[i]), O.p[i]);
        report(ok, "saxpy n=" + std::to_string(n));
    }
}
}  // namespace

int main() {
    saxpy_checks();
    matmul_checks();
    elementwise_checks();
    reduce_checks();
    max_checks();
    softmax_checks();
    cross_entropy_checks();
    optimizer_checks();
    adam_leaves_checks();
    sgd_leaves_checks();
    layout_checks();
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
