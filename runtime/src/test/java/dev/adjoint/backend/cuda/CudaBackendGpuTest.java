package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.adjoint.backend.Backend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * Every backend method on the real GPU against the CPU backend ({@link BackendConformance}),
 * through a backend of its own that poisons each result before computing it. Skipped without a
 * usable CUDA driver.
 */
@Tag("gpu")
class CudaBackendGpuTest extends BackendConformance {
    private static CudaBackend backend;

    @BeforeAll
    static void open() {
        CudaAvailability availability = Cuda.availability();
        assumeTrue(availability.isAvailable(), availability::summary);
        backend = CudaBackendProvider.openDevice0(true);
    }

    @AfterAll
    static void close() {
        if (backend != null) backend.close();
    }

    @Override
    Backend device() {
        return backend;
    }
}
