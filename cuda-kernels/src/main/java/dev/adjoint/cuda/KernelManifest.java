package dev.adjoint.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@code build-kernels.sh} recorded about the committed kernels: the nvcc version and flags,
 * and the SHA-256 of every source file and every fatbin. Tests compare it with the sources, so a
 * kernel edited without rebuilding fails the build.
 *
 * @param nvccVersion    e.g. {@code 13.0.88}
 * @param nvccFlags      the flags from {@code nvcc-flags.txt}, comments removed, joined by spaces
 * @param sourceSha256   source file name ({@code saxpy.cu}, {@code common.cuh}) to its hash
 * @param moduleSha256   module file stem ({@code saxpy}) to the hash of its fatbin
 */
public record KernelManifest(String nvccVersion, String nvccFlags,
                             SortedMap<String, String> sourceSha256,
                             SortedMap<String, String> moduleSha256) {

    public KernelManifest {
        sourceSha256 = Collections.unmodifiableSortedMap(new TreeMap<>(sourceSha256));
        moduleSha256 = Collections.unmodifiableSortedMap(new TreeMap<>(moduleSha256));
    }

    /** Parses the manifest's {@code key=value} lines. */
    public static KernelManifest parse(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        String version = require(p, "nvcc.version");
        String flags = require(p, "nvcc.flags");
        SortedMap<String, String> sources = new TreeMap<>();
        SortedMap<String, String> modules = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("source.")) {
                sources.put(key.substring("source.".length()), p.getProperty(key));
            } else if (key.startsWith("module.")) {
                modules.put(key.substring("module.".length()), p.getProperty(key));
            }
        }
        return new KernelManifest(version, flags, sources, modules);
    }

    /**
     * The CUDA version a driver must support to load the PTX, {@code major.minor} of nvcc's
     * version: PTX from nvcc 13.0 needs a CUDA 13.0 driver (R580 or newer).
     */
    public String requiredDriverCudaVersion() {
        String[] parts = nvccVersion.split("\\.");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : nvccVersion;
    }

    private static String require(Properties p, String key) throws IOException {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IOException("kernel manifest lacks '" + key + "'");
        }
        return value.trim();
    }
}
