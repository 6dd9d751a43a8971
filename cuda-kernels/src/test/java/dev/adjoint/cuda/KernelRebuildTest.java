package dev.adjoint.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs only where nvcc is installed: rebuilds every kernel into a temporary directory and requires
 * the committed output to be byte for byte what the committed sources compile to.
 *
 * <p>Bytes are compared only when the local nvcc has the manifest's exact version: nvcc's output
 * is deterministic for one version (it does not depend on paths or time), but another version
 * writes different PTX and machine code from the same source, so a mismatch would say nothing
 * about the sources. Then the test skips, naming both versions; the hash check in
 * {@link KernelManifestTest} still catches sources edited without a rebuild.
 */
class KernelRebuildTest {
    private static final Pattern NVCC_VERSION = Pattern.compile(", V(\\d[\\d.]*)\\s*$", Pattern.MULTILINE);

    @Test
    void committedKernelsAreWhatTheSourcesCompileTo(@TempDir Path out) throws Exception {
        assumeFalse(Boolean.getBoolean("adjoint.kernels.rebuiltByThisBuild"),
                "this build (-Dnvcc) has just regenerated the kernels from these sources");
        String local = localNvccVersion();
        assumeTrue(local != null, "nvcc is not on the PATH: cannot rebuild the kernels here");
        String committed = CompiledKernels.manifest().nvccVersion();
        assumeTrue(local.equals(committed), "committed kernels were built by nvcc " + committed
                + " and this machine has nvcc " + local + "; output differs between versions, so only"
                + " the source-hash check applies here");

        Process build = new ProcessBuilder("bash",
                KernelSources.moduleDirectory().resolve("build-kernels.sh").toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(build.waitFor(10, TimeUnit.MINUTES), "build-kernels.sh did not finish");
        assertEquals(0, build.exitValue(), "build-kernels.sh failed:\n" + log);

        Path committedDir = KernelSources.committedOutputDirectory();
        assertEquals(names(committedDir), names(out), "rebuilt files differ from the committed ones");
        for (String name : names(out)) {
            assertArrayEquals(Files.readAllBytes(committedDir.resolve(name)), Files.readAllBytes(out.resolve(name)),
                    name + " is not what the committed sources compile to;"
                            + " run cuda-kernels/build-kernels.sh and commit its output");
        }
    }

    private static List<String> names(Path dir) {
        return KernelSources.list(dir).stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
    }

    /** The local nvcc's version ({@code 13.0.88}), or null where nvcc cannot be run. */
    private static String localNvccVersion() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("nvcc", "--version").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) return null;
            Matcher m = NVCC_VERSION.matcher(text);
            return m.find() ? m.group(1) : null;
        } catch (IOException notInstalled) {
            return null;
        }
    }
}
