package dev.adjoint.backend.cuda;

import dev.adjoint.backend.Backend;
import dev.adjoint.backend.BackendProvider;
import dev.adjoint.tensor.Device;
import java.util.function.Supplier;

/**
 * Opens the {@link CudaBackend} when a tensor first moves to {@code cuda:0} (found by
 * {@link java.util.ServiceLoader}; the tensor layer keeps the backend for the life of the process).
 *
 * <p>Policy: without a usable GPU, {@code to(cuda:0)} fails with the probe's reason (the same
 * reason the probe logged once as {@code CUDA unavailable: ...; running on the CPU}); nothing
 * moves silently. Code that should run anywhere asks {@link Cuda#preferredDevice()} where to put
 * its tensors. Only device 0 of those the driver shows is served ({@code CUDA_VISIBLE_DEVICES}
 * chooses which GPU that is).
 */
public final class CudaBackendProvider implements BackendProvider {

    /** For {@link java.util.ServiceLoader}. */
    public CudaBackendProvider() {}

    @Override
    public Device.Kind kind() {
        return Device.Kind.CUDA;
    }

    @Override
    public Backend open(int ordinal) {
        return open(ordinal, Cuda.availability(), () -> openDevice0(false));
    }

    /** The policy, apart from the driver: refuse with the reason, or open through {@code opener}. */
    static Backend open(int ordinal, CudaAvailability availability, Supplier<Backend> opener) {
        Device device = Device.cuda(ordinal);
        if (!availability.isAvailable()) {
            throw new IllegalStateException("to(" + device + "): CUDA is unavailable: " + availability.reason().orElseThrow()
                    + "; tensors stay on the CPU (Cuda.preferredDevice() chooses the CPU here)");
        }
        if (ordinal != 0) {
            throw new IllegalStateException("to(" + device + "): only cuda:0 is served, device 0 of those the driver"
                    + " shows (" + availability.device().orElseThrow().name() + "); choose another GPU with"
                    + " CUDA_VISIBLE_DEVICES");
        }
        return opener.get();
    }

    /** A backend on device 0 with its own context, stream and pool; {@code poisonResults} for tests. */
    static CudaBackend openDevice0(boolean poisonResults) {
        CudaContext context = CudaContext.open();
        try {
            DeviceMemoryPool pool = new DeviceMemoryPool(context);
            return new CudaBackend(Device.cuda(0), new JCudaOps(context, pool), new DeviceMemory(pool), poisonResults,
                    context.device().toString(), context);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }
}
