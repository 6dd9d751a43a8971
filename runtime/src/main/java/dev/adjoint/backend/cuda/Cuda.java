package dev.adjoint.backend.cuda;

import dev.adjoint.tensor.Device;
import java.util.logging.Logger;

/**
 * Whether the project's CUDA kernels can run in this process.
 *
 * <p>The answer is found on first use (never at class loading of other classes), kept for the
 * life of the process, and logged once as a single line: either the device used, or
 * {@code CUDA unavailable: <reason>; running on the CPU}. That cached, immutable answer is the
 * only process-wide state of the CUDA backend; contexts, streams, modules and memory belong to a
 * {@link CudaContext} its owner opens and closes.
 *
 * <p>{@code -Dadjoint.cuda=off} makes the answer "unavailable" on any machine.
 */
public final class Cuda {
    private static final LazyAvailability AVAILABILITY =
            new LazyAvailability(CudaProbe::probe, Logger.getLogger(Cuda.class.getPackageName()));

    private Cuda() {}

    /** Probes once (driver, device 0, kernel module load) and returns the cached answer. Never throws. */
    public static CudaAvailability availability() {
        return AVAILABILITY.get();
    }

    /** Whether the kernels can run here (probing on first use). */
    public static boolean isAvailable() {
        return availability().isAvailable();
    }

    /**
     * Where tensors should go by default: {@code cuda:0} when the kernels can run here, else the
     * CPU (the probe has then logged its one line saying why). A training loop moves its
     * parameters and batches there once with {@code Tensor.to} and keeps them there;
     * {@code -Dadjoint.cuda=off} makes this the CPU on any machine.
     */
    public static Device preferredDevice() {
        return isAvailable() ? Device.cuda(0) : Device.CPU;
    }
}
