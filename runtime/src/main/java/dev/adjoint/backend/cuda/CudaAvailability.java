package dev.adjoint.backend.cuda;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether this process can run the project's CUDA kernels, and if not, why. Immutable: computed
 * once per process by {@link Cuda#availability()}.
 */
public final class CudaAvailability {
    private final CudaDeviceInfo device;
    private final String reason;

    private CudaAvailability(CudaDeviceInfo device, String reason) {
        this.device = device;
        this.reason = reason;
    }

    static CudaAvailability available(CudaDeviceInfo device) {
        return new CudaAvailability(Objects.requireNonNull(device), null);
    }

    static CudaAvailability unavailable(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an unavailable CUDA needs a reason");
        }
        return new CudaAvailability(null, reason);
    }

    public boolean isAvailable() {
        return device != null;
    }

    /** The device the kernels run on; empty when CUDA is unavailable. */
    public Optional<CudaDeviceInfo> device() {
        return Optional.ofNullable(device);
    }

    /** Why CUDA is unavailable; empty when it is available. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** The one line logged about it: {@code CUDA unavailable: <reason>; running on the CPU}, or the device used. */
    public String summary() {
        return isAvailable()
                ? "CUDA available: " + device + "; large array operations run on it"
                : "CUDA unavailable: " + reason + "; running on the CPU";
    }

    @Override
    public String toString() {
        return summary();
    }
}
