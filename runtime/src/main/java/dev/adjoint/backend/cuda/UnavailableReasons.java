package dev.adjoint.backend.cuda;

import dev.adjoint.cuda.KernelManifest;
import jcuda.driver.CUresult;

/** Turns the ways a CUDA probe can fail into one short sentence a user can act on. */
final class UnavailableReasons {
    private UnavailableReasons() {}

    /** JCuda's native library, or the driver library it links against, could not be loaded. */
    static String fromLinkageError(Throwable error) {
        String message = String.valueOf(error.getMessage());
        if (message.contains("libcuda.so")) {
            return "no CUDA driver is installed (libcuda.so.1 not found)";
        }
        if (message.contains("libnvcuda") || message.contains("nvcuda.dll")) {
            return "no CUDA driver is installed (nvcuda not found)";
        }
        return "JCuda's native library could not be loaded (" + firstLine(message) + ")";
    }

    /** {@code cuInit} returned an error. */
    static String fromInit(int result) {
        return switch (result) {
            case CUresult.CUDA_ERROR_NO_DEVICE -> "no CUDA device is visible (cuInit: CUDA_ERROR_NO_DEVICE)";
            case CUresult.CUDA_ERROR_STUB_LIBRARY -> "only the CUDA stub library is installed, no real driver"
                    + " (cuInit: CUDA_ERROR_STUB_LIBRARY)";
            default -> "the CUDA driver failed to initialize (cuInit: " + CUresult.stringFor(result) + ")";
        };
    }

    /** A device whose compute capability is older than the PTX target. */
    static String computeCapabilityTooOld(String deviceName, int major, int minor) {
        return deviceName + " has compute capability " + major + "." + minor
                + "; the kernels need 7.5 or newer";
    }

    /** The driver refused to load the kernels' fatbin. */
    static String moduleRefused(int result, int driverCudaVersion, KernelManifest manifest) {
        String driver = "the CUDA driver (for CUDA " + CudaDeviceInfo.cudaVersionText(driverCudaVersion) + ")";
        String code = CUresult.stringFor(result);
        String need = "they need a driver for CUDA " + manifest.requiredDriverCudaVersion()
                + " or newer, or rebuild them with your own nvcc: cuda-kernels/build-kernels.sh";
        return switch (result) {
            case CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION, CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU,
                 CUresult.CUDA_ERROR_INVALID_PTX, CUresult.CUDA_ERROR_INVALID_IMAGE ->
                    driver + " cannot load the kernels built by nvcc " + manifest.nvccVersion()
                            + " (" + code + "); " + need;
            default -> driver + " refused the kernels (cuModuleLoadData: " + code + ")";
        };
    }

    /** Any other driver call of the probe failed. */
    static String fromCall(String call, int result) {
        return "CUDA call " + call + " failed: " + CUresult.stringFor(result);
    }

    private static String firstLine(String s) {
        int newline = s.indexOf('\n');
        return newline < 0 ? s : s.substring(0, newline);
    }
}
