package dev.adjoint.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every kernel on the CPU: src/test/emulator compiles the CUDA sources as C++ against a
 * small emulation of CUDA's thread model (a block's threads are OS threads, __syncthreads a
 * barrier, warp shuffles a slot exchange) and checks them against plain C++ references. This
 * checks the kernels' logic (indexing, bounds, barriers, reduction order, formulas) where no GPU
 * is; it says nothing about speed, and the GPU-tagged tests in runtime remain the real check.
 * Needs g++ (C++20); skipped where there is none.
 */
class KernelEmulationTest {

    @Test
    void everyKernelMatchesItsReferenceInTheEmulator(@TempDir Path dir) throws Exception {
        assumeTrue(canRun("g++", "--version"), "g++ is not on the PATH: cannot build the kernel emulator");
        Path emulator = KernelSources.moduleDirectory().resolve("src/test/emulator");
        Path binary = dir.resolve("emulate_kernels");
        String compile = run(List.of("g++", "-std=c++20", "-O1", "-ffp-contract=off", "-pthread", "-Wno-unknown-pragmas",
                "-include", emulator.resolve("cuda_emulator.h").toString(), "-x", "c++",
                emulator.resolve("emulate_kernels.cpp").toString(), "-o", binary.toString()), 0);
        String output = run(List.of(binary.toString()), -1);
        String[] lines = output.strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.matches("\\d+ passed, 0 failed"), "emulated kernels failed:\n" + output + compile);
        assertTrue(Integer.parseInt(last.split(" ")[0]) > 250, "the emulator ran its checks: " + last);
    }

    /** Runs a command; returns its output; expects exit code `expect` (-1: any). */
    private static String run(List<String> command, int expect) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
        if (expect >= 0) assertEquals(expect, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    private static boolean canRun(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
