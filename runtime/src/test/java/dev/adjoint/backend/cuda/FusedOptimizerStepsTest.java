package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.backend.FusedAdamStep;
import dev.adjoint.backend.FusedSgdStep;
import dev.adjoint.backend.Storage;
import dev.adjoint.backend.cpu.CpuBackend;
import dev.adjoint.optim.GradientTransformation;
import dev.adjoint.optim.OptState;
import dev.adjoint.optim.Optimizers;
import dev.adjoint.optim.Schedules;
import dev.adjoint.optim.Step;
import dev.adjoint.random.RandomArrays;
import dev.adjoint.random.RandomKey;
import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Device;
import dev.adjoint.tensor.Tensor;
import dev.adjoint.tensor.TensorsOn;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Optimizers.adam(lr)} and {@code sgd(lr[, momentum, nesterov])} on the (emulated) GPU:
 * every float32 leaf on the device moves in one {@code adam_apply_leaves_f32} or {@code
 * sgd_apply_leaves_f32} launch per step (one per 48 leaves), with exactly the bits of the CPU's
 * computation, and leaves the fused step cannot take (float64, CPU-resident) still move as
 * before. The kernels' own arithmetic is checked against the same formulas in the cuda-kernels
 * emulator.
 */
class FusedOptimizerStepsTest {
    private static final int[][] SHAPES = {{1023}, {17}, {1}, {3, 5}, {64, 4}, {2, 0}};

    private static List<Tensor> randomLeaves(RandomKey key, double scale) {
        RandomKey[] k = key.split(SHAPES.length);
        List<Tensor> leaves = new ArrayList<>();
        for (int i = 0; i < SHAPES.length; i++) {
            leaves.add(Tensor.of(RandomArrays.normal(k[i], SHAPES[i]), SHAPES[i]).mul(scale));
        }
        return leaves;
    }

    private static List<Tensor> onDevice(CudaBackend backend, List<Tensor> leaves) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : leaves) out.add(TensorsOn.backend(backend, t));
        return out;
    }

    /** The optimizers whose step is fused on a GPU, named for the test report. */
    static Stream<Arguments> fusedOptimizers() {
        return Stream.of(
                Arguments.of("adam(3e-3)", Optimizers.adam(3e-3)),
                Arguments.of("sgd(0.05)", Optimizers.sgd(0.05)),
                Arguments.of("sgd(0.05, 0.9, false)", Optimizers.sgd(0.05, 0.9, false)),
                Arguments.of("sgd(0.05, 0.9, true)", Optimizers.sgd(0.05, 0.9, true)),
                Arguments.of("adam(cosineDecay(3e-3, 3))", Optimizers.adam(Schedules.cosineDecay(3e-3, 3))),
                Arguments.of("sgd(linear(0.05, 0.01, 4), 0.9, false)",
                        Optimizers.sgd(Schedules.linear(0.05, 0.01, 4), 0.9, false)),
                Arguments.of("adamw(3e-3)", Optimizers.adamw(3e-3)),
                Arguments.of("adamw(cosineDecay, decay 0.1, matrices only)", Optimizers.adamw(
                        Schedules.cosineDecay(3e-3, 3), 0.9, 0.999, 1e-8, 0.1, leaf -> leaf.rank() == 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fusedOptimizers")
    void onTheDeviceEveryLeafMovesInOneLaunchWithTheCpuBits(String name, GradientTransformation optimizer) {
        EmulatedCuda.Parts parts = EmulatedCuda.open(1L << 30, System::gc);
        stepsMatchTheCpuBits(parts.backend(), optimizer, () -> parts.ops().launches);
        parts.backend().close();
    }

    /**
     * Four steps of {@code optimizer} on {@code backend} and on the CPU, from the same leaves and
     * gradients: every parameter equal to the bit after every step, each step one launch where
     * {@code launches} counts them (null: not counted, as on a real GPU; GpuTrainingTest).
     */
    static void stepsMatchTheCpuBits(CudaBackend backend, GradientTransformation adam, LongSupplier launches) {
        List<Tensor> cpu = randomLeaves(RandomKey.of(1), 1);
        List<Tensor> gpu = onDevice(backend, cpu);
        OptState<List<Tensor>> cpuState = adam.init(cpu);
        OptState<List<Tensor>> gpuState = adam.init(gpu);
        for (int step = 1; step <= 4; step++) {
            List<Tensor> grads = randomLeaves(RandomKey.of(100 + step), step);
            List<Tensor> deviceGrads = onDevice(backend, grads);
            long before = launches == null ? 0 : launches.getAsLong();
            Step<List<Tensor>> g = adam.apply(gpu, deviceGrads, gpuState);
            if (launches != null) {
                assertEquals(1, launches.getAsLong() - before, "one launch moves all " + SHAPES.length + " leaves");
            }
            Step<List<Tensor>> c = adam.apply(cpu, grads, cpuState);
            for (int i = 0; i < SHAPES.length; i++) {
                Tensor moved = g.params().get(i);
                assertEquals(backend.device(), moved.device(), "leaf " + i + " stays on the device");
                assertArrayEquals(c.params().get(i).shape(), moved.shape());
                assertBitsEqual(c.params().get(i).toFloatArray(), moved.toFloatArray(), "step " + step + " leaf " + i);
            }
            cpu = c.params();
            gpu = g.params();
            cpuState = c.state();
            gpuState = g.state();
        }
    }

    /** 50 leaves: two launches (48 + 2), and leaves of the second table land where they belong. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fusedOptimizers")
    void moreLeavesThanOneTableHoldsTakeALaunchPerTable(String name, GradientTransformation adam) {
        EmulatedCuda.Parts parts = EmulatedCuda.open(1L << 30, System::gc);
        RandomKey[] keys = RandomKey.of(7).split(100);
        List<Tensor> cpu = new ArrayList<>();
        List<Tensor> grads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            cpu.add(Tensor.of(RandomArrays.normal(keys[i], i + 1), i + 1));
            grads.add(Tensor.of(RandomArrays.normal(keys[50 + i], i + 1), i + 1));
        }
        List<Tensor> gpu = onDevice(parts.backend(), cpu);
        long before = parts.ops().launches;
        Step<List<Tensor>> g = adam.apply(gpu, onDevice(parts.backend(), grads), adam.init(gpu));
        assertEquals(2, parts.ops().launches - before);
        Step<List<Tensor>> c = adam.apply(cpu, grads, adam.init(cpu));
        for (int i = 0; i < 50; i++) {
            assertBitsEqual(c.params().get(i).toFloatArray(), g.params().get(i).toFloatArray(), "leaf " + i);
        }
        parts.backend().close();
    }

    /**
     * A float64 leaf and a CPU leaf in the same tree: they move as before (Adam fuses the device's
     * float32 leaves still; SGD then runs its stages on every leaf), all with the CPU's bits.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fusedOptimizers")
    void leavesTheFusedStepCannotTakeMoveAsBefore(String name, GradientTransformation adam) {
        EmulatedCuda.Parts parts = EmulatedCuda.open(1L << 30, System::gc);
        List<Tensor> cpu = randomLeaves(RandomKey.of(3), 1);
        List<Tensor> grads = randomLeaves(RandomKey.of(4), 1);
        List<Tensor> mixed = onDevice(parts.backend(), cpu);
        List<Tensor> mixedGrads = onDevice(parts.backend(), grads);
        mixed.set(1, cpu.get(1));  // stays on the CPU
        mixedGrads.set(1, grads.get(1));
        mixed.set(2, cpu.get(2).astype(DType.FLOAT64));  // float64, on the CPU
        mixedGrads.set(2, grads.get(2).astype(DType.FLOAT64));
        Step<List<Tensor>> m = adam.apply(mixed, mixedGrads, adam.init(mixed));
        Step<List<Tensor>> c = adam.apply(cpu, grads, adam.init(cpu));
        for (int i = 0; i < SHAPES.length; i++) {
            if (i == 2) {
                assertEquals(DType.FLOAT64, m.params().get(i).dtype());
                continue;
            }
            assertEquals(i == 1 ? Device.CPU : Device.cuda(0), m.params().get(i).device());
            assertBitsEqual(c.params().get(i).toFloatArray(), m.params().get(i).toFloatArray(), "leaf " + i);
        }
        parts.backend().close();
    }

    @Test
    void theInputsAreLeftUnchanged() {
        EmulatedCuda.Parts parts = EmulatedCuda.open(1L << 30, System::gc);
        List<Tensor> cpu = randomLeaves(RandomKey.of(5), 1);
        List<Tensor> gpu = onDevice(parts.backend(), cpu);
        GradientTransformation adam = Optimizers.adam(0.1);
        OptState<List<Tensor>> state = adam.init(gpu);
        adam.apply(gpu, onDevice(parts.backend(), randomLeaves(RandomKey.of(6), 1)), state);
        for (int i = 0; i < SHAPES.length; i++) {
            assertBitsEqual(cpu.get(i).toFloatArray(), gpu.get(i).toFloatArray(), "leaf " + i);
        }
        parts.backend().close();
    }

    @Test
    void mismatchedLeavesAreRefusedWithTheirSizes() {
        EmulatedCuda.Parts parts = EmulatedCuda.open(1L << 20, System::gc);
        CudaBackend b = parts.backend();
        Storage three = b.fromArray(new float[3]);
        Storage four = b.fromArray(new float[4]);
        FusedAdamStep step = new FusedAdamStep(0.9f, 0.999f, 0.1f, 0.001f, 0.1f, 0.001f, 1e-8f, -0.01f, 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.adamApply(new Storage[] {three}, new Storage[] {four}, new Storage[] {three},
                        new Storage[] {three}, null, step));
        assertTrue(e.getMessage().contains("leaf 0 has 3 parameters but 4 gradients"), e.getMessage());
        Storage onCpu = CpuBackend.INSTANCE.fromArray(new float[3]);
        e = assertThrows(IllegalArgumentException.class,
                () -> b.adamApply(new Storage[] {three}, new Storage[] {onCpu}, new Storage[] {three},
                        new Storage[] {three}, null, step));
        assertTrue(e.getMessage().startsWith("adamApply: storage") && e.getMessage().contains("cuda:0"), e.getMessage());
        parts.backend().close();
    }

    @Test
    void theCpuBackendDeclinesSoItsOwnLoopRuns() {
        Storage s = CpuBackend.INSTANCE.fromArray(new float[2]);
        Storage[] one = {s};
        assertNull(CpuBackend.INSTANCE.adamApply(one, one, one, one, null,
                new FusedAdamStep(0.9f, 0.999f, 0.1f, 0.001f, 0.1f, 0.001f, 1e-8f, -0.01f, 0f)));
        assertNull(CpuBackend.INSTANCE.sgdApply(one, one, null, new FusedSgdStep(0.9f, -0.01f, false)));
    }

    @Test
    void theTableHoldsThePointersAndLengthsAsTheKernelReadsThem() {
        LeafTable t = new LeafTable("adamApply", LeafTable.AdamField.values().length,
                new FusedAdamStep(1, 2, 3, 4, 5, 6, 7, 8, 9).words());
        t.add(0x7000_0000_0100L, 0x7fff_ffff_fff0L, 3, 4, 5, 6, 0xFFFF_FFFF_0000_0007L, 1, 1L << 33);
        assertEquals(0x7000_0000_0100L, t.field(0, LeafTable.AdamField.P_OUT.ordinal()));
        assertEquals(0x7fff_ffff_fff0L, t.field(0, LeafTable.AdamField.M_OUT.ordinal()));
        assertEquals(0xFFFF_FFFF_0000_0007L, t.field(0, LeafTable.AdamField.V.ordinal()));
        assertEquals(1L << 33, t.length(0));
        assertEquals(0x100, t.words()[0]);
        assertEquals(0x7000, t.words()[1]);
        assertEquals(1L << 33, t.longest());
        assertEquals(8f, Float.intBitsToFloat(t.constants()[7]), "the learning-rate factor");
        assertEquals(9f, Float.intBitsToFloat(t.constants()[8]), "the weight decay is the constants' last word");
        assertEquals(1, t.field(0, LeafTable.AdamField.DECAYED.ordinal()));
        assertThrows(IllegalArgumentException.class, () -> t.add(1, 2, 3), "a leaf of the wrong width");
        assertThrows(IllegalArgumentException.class, () -> t.add(0, 0, 0, 0, 0, 0, 0, 0, -1), "a negative length");
        for (int i = 1; i < LeafTable.MAX_LEAVES; i++) t.add(0, 0, 0, 0, 0, 0, 0, 0, 1);
        assertTrue(t.isFull());
        assertThrows(IllegalStateException.class, () -> t.add(0, 0, 0, 0, 0, 0, 0, 0, 1));
    }

    private static void assertBitsEqual(float[] expected, float[] actual, String where) {
        assertEquals(expected.length, actual.length, where);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    where + " element " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }
}
