package dev.adjoint.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads the compiled kernels (fatbins) and their build manifest from this jar's resources.
 * Stateless: every call reads the resource again; callers that load a module keep the module.
 */
public final class CompiledKernels {
    /** Where {@code build-kernels.sh} puts its output, as a class-path resource directory. */
    public static final String RESOURCE_DIRECTORY = "dev/adjoint/cuda/";
    /** The manifest's resource name inside {@link #RESOURCE_DIRECTORY}. */
    public static final String MANIFEST = "kernels.manifest";

    private CompiledKernels() {}

    /** The fatbin of {@code module}: sm_90 machine code and compute_75 PTX (see the module README). */
    public static byte[] fatbin(KernelModule module) {
        return readResource(module.resourcePath());
    }

    /** How the committed kernels were built: nvcc version, flags and hashes. */
    public static KernelManifest manifest() {
        try (InputStream in = open(RESOURCE_DIRECTORY + MANIFEST)) {
            return KernelManifest.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE_DIRECTORY + MANIFEST, e);
        }
    }

    private static byte[] readResource(String path) {
        try (InputStream in = open(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel resource " + path, e);
        }
    }

    private static InputStream open(String path) throws IOException {
        InputStream in = CompiledKernels.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("resource " + path + " is missing from the class path"
                    + " (is adjoint-cuda-kernels on it, and were the kernels built?)");
        }
        return in;
    }
}
