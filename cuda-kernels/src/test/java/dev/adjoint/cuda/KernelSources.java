package dev.adjoint.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The module's checked-in build inputs, read the way build-kernels.sh reads them. */
final class KernelSources {
    private KernelSources() {}

    /** The cuda-kernels module directory (Surefire sets {@code basedir}). */
    static Path moduleDirectory() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    }

    static Path sourceDirectory() {
        return moduleDirectory().resolve("src/main/cuda");
    }

    static Path committedOutputDirectory() {
        return moduleDirectory().resolve("src/main/resources").resolve(CompiledKernels.RESOURCE_DIRECTORY);
    }

    /** File name to SHA-256 of every {@code .cu} and {@code .cuh} file. */
    static SortedMap<String, String> sourceHashes() {
        SortedMap<String, String> hashes = new TreeMap<>();
        for (Path p : list(sourceDirectory())) {
            String name = p.getFileName().toString();
            if (name.endsWith(".cu") || name.endsWith(".cuh")) {
                hashes.put(name, sha256(p));
            }
        }
        return hashes;
    }

    /** File stems of the {@code .cu} files: one module each. */
    static List<String> moduleStems() {
        return list(sourceDirectory()).stream()
                .map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".cu"))
                .map(n -> n.substring(0, n.length() - 3))
                .sorted()
                .collect(Collectors.toList());
    }

    /** nvcc-flags.txt without comments and blank lines, joined by single spaces. */
    static String flags() {
        try {
            return Files.readAllLines(moduleDirectory().resolve("nvcc-flags.txt")).stream()
                    .map(line -> line.replaceAll("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .collect(Collectors.joining(" "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) {
        try {
            return sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
