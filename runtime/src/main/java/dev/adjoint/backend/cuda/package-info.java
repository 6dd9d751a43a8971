/**
 * The CUDA backend: tensors on an NVIDIA GPU, computed by the project's own precompiled kernels
 * ({@code adjoint-cuda-kernels}) through JCuda's driver API (no cuBLAS, no CUDA runtime API).
 *
 * <h2>Layers, top down</h2>
 * <ul>
 *   <li>{@link dev.adjoint.backend.cuda.CudaBackend}: the {@link dev.adjoint.backend.Backend} of
 *       {@code cuda:0}; maps each tensor operation onto kernels (float32 only), over
 *       {@code CudaOps} (package-private: the device operations it needs, real in
 *       {@code JCudaOps}, emulated in host memory by the tests). Opened by
 *       {@link dev.adjoint.backend.cuda.CudaBackendProvider}, registered for
 *       {@link java.util.ServiceLoader}, when a tensor first moves with
 *       {@code Tensor.to(Device.cuda(0))}.</li>
 *   <li>Memory: every device storage belongs to a {@link dev.adjoint.backend.cuda.DeviceScope}
 *       (released when the scope closes, deterministically) or to the garbage collector (released
 *       when unreachable, through a {@link java.lang.ref.Cleaner}); {@code DeviceMemory} keeps the
 *       ownership, {@link dev.adjoint.backend.cuda.DeviceMemoryPool} reuses blocks by size class.</li>
 *   <li>Launchers over raw device addresses ({@code long}), one class per kernel family, each
 *       validating its arguments and reusing its argument buffers:
 *       {@link dev.adjoint.backend.cuda.CudaMatmul}, {@link dev.adjoint.backend.cuda.CudaElementwise},
 *       {@link dev.adjoint.backend.cuda.CudaReductions}, {@link dev.adjoint.backend.cuda.CudaSoftmax},
 *       {@link dev.adjoint.backend.cuda.CudaLayout}, {@link dev.adjoint.backend.cuda.CudaOptimizers},
 *       {@link dev.adjoint.backend.cuda.CudaSaxpy}; pure host plans beside them
 *       ({@code MatmulPlan}, {@code Broadcast}, {@code StridedCopy}, {@code ReductionLayout},
 *       {@code ScatterPlan}).</li>
 *   <li>{@link dev.adjoint.backend.cuda.CudaContext}: device 0's primary context, one stream on
 *       which every copy and launch is queued asynchronously, the loaded modules.</li>
 *   <li>{@link dev.adjoint.backend.cuda.Cuda}: the availability probe, run once, lazily, and
 *       logged once: without a driver (or with one too old for the kernels) it logs
 *       {@code CUDA unavailable: <reason>; running on the CPU},
 *       {@link dev.adjoint.backend.cuda.Cuda#preferredDevice()} answers the CPU, and
 *       {@code to(cuda:0)} fails with that reason. This cached, immutable answer and the Cleaner's
 *       daemon thread are the package's only process-wide state.</li>
 * </ul>
 *
 * <h2>What has run where</h2>
 * Without a GPU (every build): the host plans, the memory ownership (over a million simulated
 * steps), the placement policy, and every backend method end to end on an emulated device
 * against the CPU backend, including a training run through a generated gradient. The kernels'
 * logic runs in cuda-kernels' CPU emulator. Tests tagged {@code gpu} check the same against a
 * real GPU and skip where no driver is present; at the time of writing they have not run on one
 * (see {@code runtime/README.md} and {@code cuda-kernels/README.md}).
 */
package dev.adjoint.backend.cuda;
