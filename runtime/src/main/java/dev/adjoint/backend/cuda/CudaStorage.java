package dev.adjoint.backend.cuda;

import dev.adjoint.backend.Backend;
import dev.adjoint.backend.Storage;
import dev.adjoint.tensor.DType;

/**
 * float32 elements in device memory, owned by a {@link CudaBackend}. Immutable like every
 * storage: kernels only ever write fresh ones. Its memory belongs to a {@link DeviceScope} or to
 * the garbage collector (see {@link DeviceMemory}); once released, any use names the operation
 * and says why.
 */
final class CudaStorage implements Storage {
    private final CudaBackend backend;
    private final int size;
    private final DeviceAllocation allocation;

    CudaStorage(CudaBackend backend, int size, DeviceAllocation allocation) {
        this.backend = backend;
        this.size = size;
        this.allocation = allocation;
        allocation.attach(this);
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public DType dtype() {
        return DType.FLOAT32;
    }

    @Override
    public int size() {
        return size;
    }

    DeviceAllocation allocation() {
        return allocation;
    }

    /** The device address, or an error naming {@code op} if the memory was released. */
    long address(String op) {
        return allocation.address(op);
    }

    @Override
    public String toString() {
        return "CudaStorage[" + size + " floats on " + backend.device() + (allocation.isReleased() ? ", released]" : "]");
    }
}
