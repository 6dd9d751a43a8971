package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.optim.GradientTransformation;
import dev.adjoint.optim.OptState;
import dev.adjoint.optim.Optimizers;
import dev.adjoint.random.RandomArrays;
import dev.adjoint.random.RandomKey;
import dev.adjoint.tensor.Device;
import dev.adjoint.tensor.Tensor;
import dev.adjoint.tensor.TensorsOn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The profiler {@link MlpStepProfile} runs on a GPU, checked on the emulated device with a timer
 * that counts: every kernel call of an MLP step is recorded once under its kind, the step computes
 * exactly what it computes unprofiled, and the table's sums add up.
 */
class ProfilingCudaOpsTest {
    private static final int BATCH = 8;

    private static float stepLoss(CudaOps ops, EmulatedCudaOps memory) {
        CudaBackend backend = new CudaBackend(Device.cuda(0), ops, new DeviceMemory(new DeviceMemoryPool(memory)), false,
                "emulated", null);
        RandomKey[] k = RandomKey.of(0).split(3);
        Tensor[] leaves = MlpBench.init(k[0]).leaves();
        for (int i = 0; i < leaves.length; i++) leaves[i] = TensorsOn.backend(backend, leaves[i]);
        MlpBench.Params params = MlpBench.Params.of(leaves);
        Tensor x = TensorsOn.backend(backend, Tensor.of(RandomArrays.normal(k[1], BATCH, 784), BATCH, 784));
        Tensor y = TensorsOn.backend(backend, Tensor.oneHot(new int[] {1, 7, 3, 0, 9, 2, 2, 5}, 10));
        GradientTransformation adam = Optimizers.adam(1e-3);
        OptState<MlpBench.Params> state = adam.init(params);
        MlpBench.Trained first = MlpBench.step(adam, params, state, x, y);
        MlpBench.Trained second = MlpBench.step(adam, first.params(), first.state(), x, y);
        float loss = (float) second.loss().item();
        backend.close();
        return loss;
    }

    @Test
    void everyCallIsTimedOnceAndTheStepIsUnchanged() {
        EmulatedCudaOps plain = new EmulatedCudaOps(1L << 30);
        float expected = stepLoss(plain, plain);
        EmulatedCudaOps emulated = new EmulatedCudaOps(1L << 30);
        ProfilingCudaOps profiled = new ProfilingCudaOps(emulated, call -> {
            call.run();
            return 1f;
        });
        float loss = stepLoss(profiled, emulated);
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(loss), "the profiled steps' loss");
        Map<String, ProfilingCudaOps.Entry> entries = profiled.entries();
        long kernels = entries.entrySet().stream()
                .filter(e -> !List.of("upload", "download", "copy", "fill").contains(e.getKey()))
                .mapToLong(e -> e.getValue().calls).sum();
        assertEquals(emulated.launches, kernels, "each kernel call recorded once");
        assertTrue(entries.containsKey("adam (6 leaves)"), entries.keySet().toString());
        assertTrue(entries.containsKey("softmax cross-entropy backward"), entries.keySet().toString());
        for (ProfilingCudaOps.Entry e : entries.values()) {
            assertEquals(e.calls, e.millis, 0, "one timed millisecond per call");
        }
        List<String> table = MlpStepProfile.table(entries, 2);
        long all = entries.values().stream().mapToLong(e -> e.calls).sum();
        assertEquals(String.format(java.util.Locale.ROOT, "all device calls,%.2f,%.2f", all / 2.0, all * 1000 / 2.0),
                table.get(table.size() - 1));
    }
}
