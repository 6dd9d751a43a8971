package dev.adjoint.backend.cuda;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a probe the first time its answer is asked for, keeps the (immutable) answer, and logs
 * its one-line summary exactly once. Thread-safe.
 */
final class LazyAvailability {
    private final Supplier<CudaAvailability> probe;
    private final Logger logger;
    private volatile CudaAvailability result;

    LazyAvailability(Supplier<CudaAvailability> probe, Logger logger) {
        this.probe = Objects.requireNonNull(probe);
        this.logger = Objects.requireNonNull(logger);
    }

    CudaAvailability get() {
        CudaAvailability r = result;
        if (r != null) return r;
        synchronized (this) {
            if (result == null) {
                CudaAvailability computed = Objects.requireNonNull(probe.get(), "probe answered null");
                logger.logp(Level.INFO, Cuda.class.getName(), "availability", computed.summary());
                result = computed;
            }
            return result;
        }
    }
}
