package dev.adjoint.backend.cuda;

import jcuda.driver.CUdeviceptr;

/**
 * Converts between JCuda's {@link CUdeviceptr} objects and the plain {@code long} device
 * addresses the rest of the backend passes around (cheap to store, compare and offset).
 */
final class DevicePointers {
    private DevicePointers() {}

    /** A {@code CUdeviceptr} naming {@code address}, for a driver call. */
    static CUdeviceptr of(long address) {
        return new CUdeviceptr().withByteOffset(address);
    }

    /** A {@code CUdeviceptr} whose address can be read back after the driver filled it in. */
    static final class Out extends CUdeviceptr {
        long address() {
            return getNativePointer() + getByteOffset();
        }
    }
}
