package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The probe on whatever machine runs the tests: it answers without throwing, and where it says
 * "unavailable" (any machine without a usable driver, CI included) callers get the CPU path.
 */
class CudaFallbackTest {

    @Test
    void probeAnswersWithoutThrowingAndCachesItsAnswer() {
        CudaAvailability first = Cuda.availability();
        assertSame(first, Cuda.availability());
        assertEquals(first.isAvailable(), first.device().isPresent());
        assertEquals(!first.isAvailable(), first.reason().isPresent());
        if (!first.isAvailable()) {
            String reason = first.reason().orElseThrow();
            assertFalse(reason.isBlank());
            assertFalse(reason.contains("\n"), "one line: " + reason);
            assertEquals("CUDA unavailable: " + reason + "; running on the CPU", first.summary());
        }
    }

    @Test
    void withoutCudaCallersGetNoContextAndAClearError() {
        if (Cuda.isAvailable()) {
            try (CudaContext context = CudaContext.openIfAvailable().orElseThrow()) {
                assertTrue(context.device().computeMajor() * 10 + context.device().computeMinor() >= 75);
            }
            return;
        }
        assertEquals(Optional.empty(), CudaContext.openIfAvailable());
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, CudaContext::open);
        assertEquals(Cuda.availability().summary(), e.getMessage());
    }

    @Test
    void propertyTurnsCudaOff() {
        String before = System.getProperty(CudaProbe.DISABLE_PROPERTY);
        System.setProperty(CudaProbe.DISABLE_PROPERTY, "off");
        try {
            CudaAvailability off = CudaProbe.probe();
            assertFalse(off.isAvailable());
            assertEquals("CUDA unavailable: disabled by -Dadjoint.cuda=off; running on the CPU", off.summary());
        } finally {
            if (before == null) System.clearProperty(CudaProbe.DISABLE_PROPERTY);
            else System.setProperty(CudaProbe.DISABLE_PROPERTY, before);
        }
    }
}
