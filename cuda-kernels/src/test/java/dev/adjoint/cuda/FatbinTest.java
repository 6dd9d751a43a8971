package dev.adjoint.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** What each committed fatbin holds, read without cuobjdump or a GPU. */
class FatbinTest {

    @ParameterizedTest
    @EnumSource(KernelModule.class)
    void holdsSm90MachineCodeAndCompute75Ptx(KernelModule module) {
        Fatbin fatbin = Fatbin.parse(CompiledKernels.fatbin(module));
        assertTrue(fatbin.hasMachineCode(90), module + ": no sm_90 cubin in " + fatbin.entries());
        assertTrue(fatbin.hasPtx(75), module + ": no compute_75 PTX");
        assertEquals(2, fatbin.entries().size(), module + ": exactly the two targets of nvcc-flags.txt");
        for (Fatbin.Entry e : fatbin.entries()) {
            assertFalse(e.compressed(), module + ": entries are stored uncompressed");
        }
        Fatbin.Entry ptx = fatbin.entries().stream().filter(e -> e.kind() == Fatbin.Kind.PTX).findFirst().orElseThrow();
        assertTrue(ptx.ptxText().contains(".target sm_75"), "PTX targets sm_75");
        Fatbin.Entry elf = fatbin.entries().stream().filter(e -> e.kind() == Fatbin.Kind.ELF).findFirst().orElseThrow();
        assertEquals("\u007fELF", new String(elf.payload(), 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertFalse(fatbin.ptxKernelNames().isEmpty(), module + " defines kernels");
    }

    @Test
    void saxpyModuleDefinesItsKernel() {
        assertEquals(Set.of("saxpy_f32"), Fatbin.parse(CompiledKernels.fatbin(KernelModule.SAXPY)).ptxKernelNames());
    }

    @Test
    void rejectsBytesThatAreNoFatbin() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Fatbin.parse("not a fatbin at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains("not a fatbin"), e.getMessage());
    }

    @Test
    void rejectsATruncatedFatbin() {
        byte[] whole = CompiledKernels.fatbin(KernelModule.SAXPY);
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        assertThrows(IllegalArgumentException.class, () -> Fatbin.parse(cut));
    }
}
