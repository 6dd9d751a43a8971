package dev.adjoint.backend.cuda;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;

import dev.adjoint.cuda.CompiledKernels;
import dev.adjoint.cuda.KernelModule;
import java.nio.charset.StandardCharsets;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * Finds out whether the kernels can run here: loads the driver through JCuda, looks at device 0,
 * and loads the smallest kernel module into its primary context (so that a driver too old for
 * the PTX is found now, not at the first launch). Never throws; leaves nothing loaded or retained.
 */
final class CudaProbe {
    /** {@code -Dadjoint.cuda=off} keeps everything on the CPU, even with a GPU present. */
    static final String DISABLE_PROPERTY = "adjoint.cuda";

    private CudaProbe() {}

    static CudaAvailability probe() {
        if ("off".equalsIgnoreCase(System.getProperty(DISABLE_PROPERTY, ""))) {
            return CudaAvailability.unavailable("disabled by -D" + DISABLE_PROPERTY + "=off");
        }
        try {
            return probeDriver();
        } catch (LinkageError e) {
            // UnsatisfiedLinkError: no libcuda.so.1, or JCuda's natives missing for this platform
            return CudaAvailability.unavailable(UnavailableReasons.fromLinkageError(e));
        } catch (RuntimeException e) {
            // jcuda.CudaException or a resource problem: still an answer, never a crash
            return CudaAvailability.unavailable("the CUDA probe failed (" + e + ")");
        }
    }

    private static CudaAvailability probeDriver() {
        int result = JCudaDriver.cuInit(0);
        if (result != CUresult.CUDA_SUCCESS) {
            return CudaAvailability.unavailable(UnavailableReasons.fromInit(result));
        }
        int[] value = new int[1];
        result = JCudaDriver.cuDriverGetVersion(value);
        if (result != CUresult.CUDA_SUCCESS) return failed("cuDriverGetVersion", result);
        int driverVersion = value[0];
        result = JCudaDriver.cuDeviceGetCount(value);
        if (result != CUresult.CUDA_SUCCESS) return failed("cuDeviceGetCount", result);
        if (value[0] == 0) return CudaAvailability.unavailable("the CUDA driver sees no device");

        CUdevice device = new CUdevice();
        result = JCudaDriver.cuDeviceGet(device, 0);
        if (result != CUresult.CUDA_SUCCESS) return failed("cuDeviceGet", result);
        byte[] nameBytes = new byte[256];
        result = JCudaDriver.cuDeviceGetName(nameBytes, nameBytes.length, device);
        if (result != CUresult.CUDA_SUCCESS) return failed("cuDeviceGetName", result);
        String name = cString(nameBytes);
        int major = attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        int minor = attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        int sms = attribute(device, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        if (major < 0 || minor < 0 || sms < 0) return failed("cuDeviceGetAttribute", CUresult.CUDA_ERROR_UNKNOWN);
        if (major * 10 + minor < 75) {
            return CudaAvailability.unavailable(UnavailableReasons.computeCapabilityTooOld(name, major, minor));
        }

        String refusal = loadProbeModule(device, driverVersion);
        if (refusal != null) return CudaAvailability.unavailable(refusal);
        return CudaAvailability.available(new CudaDeviceInfo(name, major, minor, sms, driverVersion));
    }

    /** Loads and unloads the saxpy module; returns why it failed, or null. */
    private static String loadProbeModule(CUdevice device, int driverVersion) {
        CUcontext context = new CUcontext();
        int result = JCudaDriver.cuDevicePrimaryCtxRetain(context, device);
        if (result != CUresult.CUDA_SUCCESS) return UnavailableReasons.fromCall("cuDevicePrimaryCtxRetain", result);
        try {
            result = JCudaDriver.cuCtxSetCurrent(context);
            if (result != CUresult.CUDA_SUCCESS) return UnavailableReasons.fromCall("cuCtxSetCurrent", result);
            CUmodule module = new CUmodule();
            result = JCudaDriver.cuModuleLoadData(module, CompiledKernels.fatbin(KernelModule.SAXPY));
            if (result != CUresult.CUDA_SUCCESS) {
                return UnavailableReasons.moduleRefused(result, driverVersion, CompiledKernels.manifest());
            }
            JCudaDriver.cuModuleUnload(module);
            return null;
        } finally {
            JCudaDriver.cuCtxSetCurrent(null);
            JCudaDriver.cuDevicePrimaryCtxRelease(device);
        }
    }

    private static int attribute(CUdevice device, int attribute) {
        int[] value = new int[1];
        return JCudaDriver.cuDeviceGetAttribute(value, attribute, device) == CUresult.CUDA_SUCCESS ? value[0] : -1;
    }

    private static CudaAvailability failed(String call, int result) {
        return CudaAvailability.unavailable(UnavailableReasons.fromCall(call, result));
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) end++;
        return new String(bytes, 0, end, StandardCharsets.US_ASCII).strip();
    }
}
