package dev.adjoint.backend.cuda;

import static dev.adjoint.backend.cuda.CudaException.check;

import dev.adjoint.cuda.CompiledKernels;
import dev.adjoint.cuda.KernelModule;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * One GPU as the backend uses it: device 0's primary context, one stream on which every copy and
 * kernel of this context runs in order, and the kernel modules, loaded on first use.
 *
 * <p>Launches are asynchronous; {@link #synchronize()} waits for them and reports any error a
 * kernel raised. Device memory is taken with {@link #allocate} and given back with {@link #free};
 * {@link DeviceMemoryPool} reuses it. Not thread-safe: use a context from one thread at a time
 * (each call makes the context current on the calling thread). {@link #close()} releases all
 * of it; memory still allocated then is the owner's leak (the pool's {@code close} frees its own).
 */
public final class CudaContext implements DeviceAllocator, AutoCloseable {
    private final CudaDeviceInfo info;
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final Map<KernelModule, CUmodule> modules = new EnumMap<>(KernelModule.class);
    /** Kernels already looked up, per module: a launch finds its function without building a key. */
    private final Map<KernelModule, Map<String, CUfunction>> functions = new EnumMap<>(KernelModule.class);
    private boolean closed;

    private CudaContext(CudaDeviceInfo info) {
        this.info = info;
        check(JCudaDriver.cuDeviceGet(device, 0), "cuDeviceGet");
        check(JCudaDriver.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        try {
            check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
            // a blocking stream: the synchronous copies below (legacy default stream) stay ordered with it
            check(JCudaDriver.cuStreamCreate(stream, 0), "cuStreamCreate");
        } catch (CudaException e) {
            JCudaDriver.cuDevicePrimaryCtxRelease(device);
            throw e;
        }
    }

    /** Opens a context on device 0, or throws {@link CudaUnavailableException} saying why there is none. */
    public static CudaContext open() {
        CudaAvailability availability = Cuda.availability();
        return new CudaContext(availability.device()
                .orElseThrow(() -> new CudaUnavailableException(availability.summary())));
    }

    /** A context on device 0, or empty where CUDA is unavailable (the reason was logged once). */
    public static Optional<CudaContext> openIfAvailable() {
        return Cuda.isAvailable() ? Optional.of(open()) : Optional.empty();
    }

    public CudaDeviceInfo device() {
        return info;
    }

    /**
     * Allocates {@code bytes} of device memory (256-byte aligned) straight from the driver and
     * returns its address; {@link DeviceMemoryPool} reuses such allocations.
     */
    @Override
    public long allocate(long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("allocate: bytes must be positive, got " + bytes);
        bind();
        DevicePointers.Out out = new DevicePointers.Out();
        int result = JCudaDriver.cuMemAlloc(out, bytes);
        if (result == jcuda.driver.CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            throw new OutOfDeviceMemoryException("cuMemAlloc(" + bytes + " bytes): out of device memory");
        }
        check(result, "cuMemAlloc(" + bytes + " bytes)");
        return out.address();
    }

    /** Frees memory from {@link #allocate}, after the work queued so far has finished with it. */
    @Override
    public void free(long address) {
        bind();
        check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
        check(JCudaDriver.cuMemFree(DevicePointers.of(address)), "cuMemFree");
    }

    /** Copies {@code count} floats from {@code src[srcOffset..]} to the device; waits for queued work first. */
    public void copyToDevice(float[] src, int srcOffset, long dst, int count) {
        checkRange("copyToDevice", src.length, srcOffset, count);
        bind();
        check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
        check(JCudaDriver.cuMemcpyHtoD(DevicePointers.of(dst), Pointer.to(src).withByteOffset((long) srcOffset * Sizeof.FLOAT),
                (long) count * Sizeof.FLOAT), "cuMemcpyHtoD");
    }

    public void copyToDevice(float[] src, long dst) {
        copyToDevice(src, 0, dst, src.length);
    }

    /** Copies {@code src} (ints, e.g. row indices) to the device; waits for queued work first. */
    public void copyToDevice(int[] src, long dst) {
        bind();
        check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
        check(JCudaDriver.cuMemcpyHtoD(DevicePointers.of(dst), Pointer.to(src), (long) src.length * Sizeof.INT),
                "cuMemcpyHtoD");
    }

    /** Queues a copy of {@code count} floats from {@code src} to {@code dst} (device to device, in stream order). */
    public void copyOnDevice(long src, long dst, long count) {
        if (count < 0) throw new IllegalArgumentException("copyOnDevice: count must be >= 0, got " + count);
        if (count == 0) return;
        bind();
        check(JCudaDriver.cuMemcpyDtoDAsync(DevicePointers.of(dst), DevicePointers.of(src), count * Sizeof.FLOAT, stream),
                "cuMemcpyDtoDAsync");
    }

    /** Copies {@code count} floats from the device into {@code dst[dstOffset..]}, after the queued work. */
    public void copyToHost(long src, float[] dst, int dstOffset, int count) {
        checkRange("copyToHost", dst.length, dstOffset, count);
        bind();
        check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize (a kernel launched earlier failed)");
        check(JCudaDriver.cuMemcpyDtoH(Pointer.to(dst).withByteOffset((long) dstOffset * Sizeof.FLOAT), DevicePointers.of(src),
                (long) count * Sizeof.FLOAT), "cuMemcpyDtoH");
    }

    public void copyToHost(long src, float[] dst) {
        copyToHost(src, dst, 0, dst.length);
    }

    /** Queues filling {@code count} 32-bit words at {@code dst} with {@code bits} (zeros, or a NaN poison in tests). */
    public void fill32(long dst, int bits, long count) {
        bind();
        check(JCudaDriver.cuMemsetD32Async(DevicePointers.of(dst), bits, count, stream), "cuMemsetD32Async");
    }

    /** Waits for everything queued on this context; a kernel's failure surfaces here. */
    public void synchronize() {
        bind();
        check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    /**
     * Milliseconds the GPU spent on the work {@code queue} puts on this context's stream, timed with
     * device events (host-side launch cost outside the events is excluded). Waits for it to finish.
     */
    public float elapsedMillis(Runnable queue) {
        bind();
        CUevent start = new CUevent();
        CUevent stop = new CUevent();
        check(JCudaDriver.cuEventCreate(start, CUevent_flags.CU_EVENT_DEFAULT), "cuEventCreate");
        check(JCudaDriver.cuEventCreate(stop, CUevent_flags.CU_EVENT_DEFAULT), "cuEventCreate");
        try {
            check(JCudaDriver.cuEventRecord(start, stream), "cuEventRecord");
            queue.run();
            bind();
            check(JCudaDriver.cuEventRecord(stop, stream), "cuEventRecord");
            check(JCudaDriver.cuEventSynchronize(stop), "cuEventSynchronize");
            float[] ms = new float[1];
            check(JCudaDriver.cuEventElapsedTime(ms, start, stop), "cuEventElapsedTime");
            return ms[0];
        } finally {
            JCudaDriver.cuEventDestroy(start);
            JCudaDriver.cuEventDestroy(stop);
        }
    }

    /** The kernel {@code name} of {@code module}, loading the module on first use. */
    CUfunction function(KernelModule module, String name) {
        Map<String, CUfunction> loaded = functions.computeIfAbsent(module, m -> new HashMap<>());
        CUfunction f = loaded.get(name);
        if (f != null) return f;
        String key = module.fileStem() + "/" + name;
        bind();
        CUmodule m = modules.get(module);
        if (m == null) {
            m = new CUmodule();
            check(JCudaDriver.cuModuleLoadData(m, CompiledKernels.fatbin(module)), "cuModuleLoadData(" + module.fileStem() + ")");
            modules.put(module, m);
        }
        f = new CUfunction();
        check(JCudaDriver.cuModuleGetFunction(f, m, name), "cuModuleGetFunction(" + key + ")");
        loaded.put(name, f);
        return f;
    }

    /** Lets {@code f} use more than 48 KiB of dynamic shared memory (Volta and newer need the opt-in). */
    void allowDynamicSharedMemory(CUfunction f, int bytes) {
        bind();
        check(JCudaDriver.cuFuncSetAttribute(f, CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, bytes),
                "cuFuncSetAttribute(max dynamic shared memory " + bytes + ")");
    }

    /** Queues one launch on this context's stream. */
    void launch(CUfunction f, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                int sharedBytes, KernelArgs args) {
        bind();
        check(JCudaDriver.cuLaunchKernel(f, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedBytes, stream,
                args.params(), null), "cuLaunchKernel");
    }

    /** Blocks for a grid-stride loop over {@code n} items: enough to fill the device, no more than needed. */
    int gridStrideBlocks(long n, int threadsPerBlock) {
        long needed = (n + threadsPerBlock - 1) / threadsPerBlock;
        long fill = (long) info.multiprocessors() * 8;
        return (int) Math.max(1, Math.min(needed, fill));
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        JCudaDriver.cuCtxSetCurrent(context);
        JCudaDriver.cuStreamSynchronize(stream);
        for (CUmodule m : modules.values()) JCudaDriver.cuModuleUnload(m);
        modules.clear();
        functions.clear();
        JCudaDriver.cuStreamDestroy(stream);
        JCudaDriver.cuCtxSetCurrent(null);
        JCudaDriver.cuDevicePrimaryCtxRelease(device);
    }

    private void bind() {
        if (closed) throw new IllegalStateException("this CudaContext is closed");
        check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    private static void checkRange(String op, int length, int offset, int count) {
        if (offset < 0 || count < 0 || offset > length - count) {
            throw new IndexOutOfBoundsException(op + ": offset " + offset + " and count " + count
                    + " do not fit an array of " + length);
        }
    }
}
