package dev.adjoint.backend.cuda;

/**
 * Where a {@link DeviceMemoryPool} gets its memory: {@link CudaContext} on a GPU, a fake in tests.
 * Addresses are plain {@code long}s; allocations are at least 256-byte aligned.
 */
public interface DeviceAllocator {
    /**
     * Allocates {@code bytes} and returns the address.
     *
     * @throws OutOfDeviceMemoryException when the device has no room for it
     */
    long allocate(long bytes);

    /** Frees an address {@link #allocate} returned. */
    void free(long address);
}
