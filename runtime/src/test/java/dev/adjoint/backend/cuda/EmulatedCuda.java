package dev.adjoint.backend.cuda;

import dev.adjoint.backend.Backend;
import dev.adjoint.tensor.Device;

/**
 * A {@link CudaBackend} over {@link EmulatedCudaOps}: the real backend, pool and ownership code on
 * an emulated device, for tests anywhere (also those of other packages, through {@link #backend()}).
 */
public final class EmulatedCuda {
    private EmulatedCuda() {}

    /** A fresh emulated {@code cuda:0} with 1 GiB, poisoning every result before computing it. */
    public static Backend backend() {
        return open(1L << 30, System::gc).backend();
    }

    /** A backend with its emulated device and memory, for tests that look inside. */
    record Parts(CudaBackend backend, EmulatedCudaOps ops, DeviceMemory memory, DeviceMemoryPool pool) {}

    static Parts open(long capacityBytes, Runnable requestCollection) {
        EmulatedCudaOps ops = new EmulatedCudaOps(capacityBytes);
        DeviceMemoryPool pool = new DeviceMemoryPool(ops);
        DeviceMemory memory = new DeviceMemory(pool, requestCollection);
        CudaBackend backend = new CudaBackend(Device.cuda(0), ops, memory, true, "emulated device", null);
        return new Parts(backend, ops, memory, pool);
    }
}
