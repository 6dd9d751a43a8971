package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.cuda.CompiledKernels;
import dev.adjoint.cuda.KernelManifest;
import jcuda.driver.CUresult;
import org.junit.jupiter.api.Test;

/** The sentences a user reads when CUDA cannot be used: each failure mode, without a GPU. */
class UnavailableReasonsTest {
    private final KernelManifest manifest = CompiledKernels.manifest();

    @Test
    void missingDriverLibraryIsNamed() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver-12.6.0\"\n"
                + "/tmp/libJCudaDriver.so: libcuda.so.1: cannot open shared object file: No such file or directory");
        assertEquals("no CUDA driver is installed (libcuda.so.1 not found)", UnavailableReasons.fromLinkageError(e));
    }

    @Test
    void otherNativeLoadFailuresKeepTheirFirstLine() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("no JCudaDriver in java.library.path\nmore detail");
        assertEquals("JCuda's native library could not be loaded (no JCudaDriver in java.library.path)",
                UnavailableReasons.fromLinkageError(e));
    }

    @Test
    void noDeviceAtInit() {
        assertEquals("no CUDA device is visible (cuInit: CUDA_ERROR_NO_DEVICE)",
                UnavailableReasons.fromInit(CUresult.CUDA_ERROR_NO_DEVICE));
    }

    @Test
    void driverTooOldForThePtxSaysWhatToDo() {
        String reason = UnavailableReasons.moduleRefused(CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION, 12040, manifest);
        assertTrue(reason.startsWith("the CUDA driver (for CUDA 12.4) cannot load the kernels built by nvcc "
                + manifest.nvccVersion() + " (CUDA_ERROR_UNSUPPORTED_PTX_VERSION)"), reason);
        assertTrue(reason.contains("need a driver for CUDA " + manifest.requiredDriverCudaVersion() + " or newer"), reason);
        assertTrue(reason.contains("cuda-kernels/build-kernels.sh"), reason);
    }

    @Test
    void otherModuleLoadFailuresNameTheCall() {
        assertEquals("the CUDA driver (for CUDA 13.0) refused the kernels (cuModuleLoadData: CUDA_ERROR_OUT_OF_MEMORY)",
                UnavailableReasons.moduleRefused(CUresult.CUDA_ERROR_OUT_OF_MEMORY, 13000, manifest));
    }

    @Test
    void oldGpuIsNamedWithItsComputeCapability() {
        assertEquals("Tesla P100 has compute capability 6.0; the kernels need 7.5 or newer",
                UnavailableReasons.computeCapabilityTooOld("Tesla P100", 6, 0));
    }

    @Test
    void unavailableSummaryIsTheOneLineUsersSee() {
        assertEquals("CUDA unavailable: no CUDA device is visible; running on the CPU",
                CudaAvailability.unavailable("no CUDA device is visible").summary());
    }
}
