// out = a * x + y over float32 vectors of length n.
// The first kernel of the module set: small enough to check the whole path (build, load, launch).
// A grid-stride loop lets any grid size cover any n, so the launcher can size the grid to the
// device instead of to n.

extern "C" __global__ void saxpy_f32(long long n, float a,
                                     const float* __restrict__ x,
                                     const float* __restrict__ y,
                                     float* __restrict__ out) {  // out overlaps neither x nor y
    const long long stride = (long long)gridDim.x * blockDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        out[i] = fmaf(a, x[i], y[i]);
    }
}
