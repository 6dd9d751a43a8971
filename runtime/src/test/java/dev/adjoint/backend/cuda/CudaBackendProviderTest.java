package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.backend.Backend;
import dev.adjoint.backend.BackendProvider;
import dev.adjoint.tensor.Device;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The placement policy apart from the driver: availability decides, the reason is passed on, nothing opens twice. */
class CudaBackendProviderTest {
    private static final CudaDeviceInfo H100 = new CudaDeviceInfo("NVIDIA H100 80GB HBM3", 9, 0, 132, 13000);

    @Test
    void registeredForServiceLoaderAsTheCudaProvider() {
        long cuda = ServiceLoader.load(BackendProvider.class).stream()
                .filter(p -> p.type() == CudaBackendProvider.class).count();
        assertEquals(1, cuda);
        assertEquals(Device.Kind.CUDA, new CudaBackendProvider().kind());
    }

    @Test
    void withoutADriverOpeningFailsWithTheProbesReasonAndOpensNothing() {
        AtomicInteger opened = new AtomicInteger();
        Supplier<Backend> opener = () -> {
            opened.incrementAndGet();
            return EmulatedCuda.backend();
        };
        CudaAvailability none = CudaAvailability.unavailable("no CUDA driver is installed (libcuda.so.1 not found)");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CudaBackendProvider.open(0, none, opener));
        assertEquals("to(cuda:0): CUDA is unavailable: no CUDA driver is installed (libcuda.so.1 not found);"
                + " tensors stay on the CPU (Cuda.preferredDevice() chooses the CPU here)", e.getMessage());
        assertEquals(0, opened.get());
    }

    @Test
    void onlyDeviceZeroIsServed() {
        CudaAvailability available = CudaAvailability.available(H100);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CudaBackendProvider.open(1, available, EmulatedCuda::backend));
        assertTrue(e.getMessage().startsWith("to(cuda:1): only cuda:0 is served") && e.getMessage().contains("CUDA_VISIBLE_DEVICES"),
                e.getMessage());
    }

    @Test
    void withADeviceTheOpenerRuns() {
        Backend emulated = EmulatedCuda.backend();
        assertSame(emulated, CudaBackendProvider.open(0, CudaAvailability.available(H100), () -> emulated));
        assertEquals(Device.cuda(0), emulated.device());
    }

    @Test
    void preferredDeviceFollowsTheProbe() {
        assertEquals(Cuda.isAvailable() ? Device.cuda(0) : Device.CPU, Cuda.preferredDevice());
    }
}
