package dev.adjoint.backend.cuda;

import dev.adjoint.cuda.KernelModule;
import dev.adjoint.backend.cuda.KernelArgs.Param;
import jcuda.driver.CUfunction;

/** {@code out = a*x + y} over float32 device vectors ({@code saxpy.cu}), rounded once per element (fma). */
public final class CudaSaxpy {
    static final String KERNEL = "saxpy_f32";
    private static final int THREADS = 256;
    private final CudaContext context;
    private final CUfunction function;
    private final KernelArgs args = new KernelArgs(Param.LONG, Param.FLOAT, Param.POINTER, Param.POINTER, Param.POINTER);

    public CudaSaxpy(CudaContext context) {
        this.context = context;
        this.function = context.function(KernelModule.SAXPY, KERNEL);
    }

    /** Queues {@code out[i] = fma(a, x[i], y[i])} for {@code i < n}; {@code out} must not overlap {@code x} or {@code y}. */
    public void run(long n, float a, long x, long y, long out) {
        if (n < 0) throw new IllegalArgumentException("saxpy: n must be >= 0, got " + n);
        if (n == 0) return;
        args.int64(0, n).float32(1, a).pointer(2, x).pointer(3, y).pointer(4, out);
        context.launch(function, context.gridStrideBlocks(n, THREADS), 1, 1, THREADS, 1, 1, 0, args);
    }
}
