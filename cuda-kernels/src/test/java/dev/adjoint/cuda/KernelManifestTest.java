package dev.adjoint.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Needs no nvcc: the committed kernels must have been built from exactly the committed sources and
 * flags. A source or flag edited without running build-kernels.sh fails here, on every machine.
 */
class KernelManifestTest {
    private static final String REBUILD = " Run cuda-kernels/build-kernels.sh and commit its output.";
    private final KernelManifest manifest = CompiledKernels.manifest();

    @Test
    void everySourceHashMatchesTheManifest() {
        SortedMap<String, String> actual = KernelSources.sourceHashes();
        SortedMap<String, String> recorded = manifest.sourceSha256();
        TreeSet<String> names = new TreeSet<>(actual.keySet());
        names.addAll(recorded.keySet());
        List<String> stale = names.stream()
                .filter(name -> !actual.getOrDefault(name, "(missing)").equals(recorded.getOrDefault(name, "(not built)")))
                .collect(Collectors.toList());
        assertTrue(stale.isEmpty(),
                "CUDA sources changed since the kernels were built: " + stale + "." + REBUILD);
    }

    @Test
    void flagsMatchTheManifest() {
        assertEquals(KernelSources.flags(), manifest.nvccFlags(),
                "nvcc-flags.txt changed since the kernels were built." + REBUILD);
    }

    @Test
    void everyModuleHasItsFatbinWithTheRecordedHash() {
        assertEquals(KernelSources.moduleStems(), List.copyOf(manifest.moduleSha256().keySet()),
                "modules in the manifest differ from the .cu files." + REBUILD);
        for (Map.Entry<String, String> m : manifest.moduleSha256().entrySet()) {
            String actual = KernelSources.sha256(KernelSources.committedOutputDirectory().resolve(m.getKey() + ".fatbin"));
            assertEquals(m.getValue(), actual, m.getKey() + ".fatbin is not the file build-kernels.sh wrote." + REBUILD);
        }
    }

    @Test
    void theModuleEnumNamesExactlyTheBuiltModules() {
        List<String> declared = Arrays.stream(KernelModule.values()).map(KernelModule::fileStem).sorted()
                .collect(Collectors.toList());
        assertEquals(List.copyOf(manifest.moduleSha256().keySet()), declared,
                "KernelModule must list one constant per .cu file");
        for (KernelModule module : KernelModule.values()) {
            assertEquals(manifest.moduleSha256().get(module.fileStem()),
                    KernelSources.sha256(CompiledKernels.fatbin(module)),
                    "class-path copy of " + module.resourcePath());
        }
    }

    @Test
    void noKernelSpillsRegisters() throws IOException {
        String report = java.nio.file.Files.readString(
                KernelSources.committedOutputDirectory().resolve("ptxas-report.txt"));
        Matcher m = Pattern.compile("(\\d+) bytes spill (stores|loads)").matcher(report);
        int lines = 0;
        while (m.find()) {
            lines++;
            assertEquals("0", m.group(1), "a kernel spills registers to local memory:\n" + report);
        }
        assertTrue(lines >= 2 * KernelModule.values().length, "the report covers every kernel:\n" + report);
    }

    @Test
    void requiredDriverVersionIsNvccsMajorMinor() throws IOException {
        String text = "nvcc.version=13.0.88\nnvcc.flags=-O3\nsource.a.cu=ab\nmodule.a=cd\n";
        KernelManifest m = KernelManifest.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
        assertEquals("13.0", m.requiredDriverCudaVersion());
        assertEquals(Map.of("a.cu", "ab"), m.sourceSha256());
        assertEquals(Map.of("a", "cd"), m.moduleSha256());
    }
}
