package dev.adjoint.backend.cuda;

/**
 * The GPU the runtime uses (device 0 of those the driver shows; {@code CUDA_VISIBLE_DEVICES}
 * chooses which that is).
 *
 * @param name                 e.g. {@code NVIDIA H100 80GB HBM3}
 * @param computeMajor         compute capability, major part
 * @param computeMinor         compute capability, minor part
 * @param multiprocessors      number of streaming multiprocessors
 * @param driverCudaVersion    the newest CUDA version the driver supports, as the driver encodes
 *                             it ({@code 13000} for 13.0)
 */
public record CudaDeviceInfo(String name, int computeMajor, int computeMinor, int multiprocessors,
                             int driverCudaVersion) {

    /** {@code 13000} as {@code 13.0}. */
    public static String cudaVersionText(int encoded) {
        return (encoded / 1000) + "." + (encoded % 1000) / 10;
    }

    @Override
    public String toString() {
        return name + " (compute capability " + computeMajor + "." + computeMinor + ", "
                + multiprocessors + " multiprocessors, driver for CUDA " + cudaVersionText(driverCudaVersion) + ")";
    }
}
