package dev.adjoint.backend.cuda;

import dev.adjoint.optim.GradientTransformation;
import dev.adjoint.optim.OptState;
import dev.adjoint.optim.Optimizers;
import dev.adjoint.random.RandomArrays;
import dev.adjoint.random.RandomKey;
import dev.adjoint.tensor.Device;
import dev.adjoint.tensor.Tensor;
import dev.adjoint.tensor.TensorsOn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where one GPU training step of the benchmark MLP ({@link MlpStepBenchmark}'s step) spends its
 * device time, kernel call by kernel call, for {@code cuda-kernels/bench/gpu-bench.sh}: the sum of
 * the kernels' times is what the issue compares the step's wall time with (a launch-bound step
 * should come close to it). Not a test: run on the GPU machine with the staged class path:
 *
 * <pre>  .gpu/java -cp ".gpu/tests/runtime:.gpu/lib/*" dev.adjoint.backend.cuda.MlpStepProfile [steps]</pre>
 *
 * Every call goes through {@link ProfilingCudaOps} with device events around it; a 64 MB fill is
 * queued first each time, so the GPU is still busy with it while the host records the start event,
 * launches and records the stop event: the events then bracket the kernel, not the host's launch.
 * After three warm-up steps, prints {@code call,calls_per_step,us_per_step}, the most expensive
 * first, and a last row {@code all device calls} with the sums (kernels, device copies and fills,
 * and the loss's read-back).
 */
public final class MlpStepProfile {
    private static final int BATCH = 1024;
    private static final int BUSY_FLOATS = 1 << 24;

    private MlpStepProfile() {}

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        try (CudaContext context = CudaContext.open(); DeviceMemoryPool pool = new DeviceMemoryPool(context)) {
            System.err.println("device: " + context.device());
            DeviceBlock busy = pool.acquireFloats(BUSY_FLOATS);
            ProfilingCudaOps ops = new ProfilingCudaOps(new JCudaOps(context, pool), call -> {
                context.fill32(busy.address(), 0, BUSY_FLOATS);
                return context.elapsedMillis(call);
            });
            CudaBackend backend = new CudaBackend(Device.cuda(0), ops, new DeviceMemory(pool), false,
                    "profiled " + context.device(), null);
            RandomKey[] k = RandomKey.of(0).split(3);
            Tensor[] leaves = MlpBench.init(k[0]).leaves();
            for (int i = 0; i < leaves.length; i++) leaves[i] = TensorsOn.backend(backend, leaves[i]);
            MlpBench.Params params = MlpBench.Params.of(leaves);
            Tensor x = TensorsOn.backend(backend, Tensor.of(RandomArrays.normal(k[1], BATCH, 784), BATCH, 784));
            int[] labels = new int[BATCH];
            for (int i = 0; i < BATCH; i++) labels[i] = i % 10;
            Tensor y = TensorsOn.backend(backend, Tensor.oneHot(labels, 10));
            GradientTransformation adam = Optimizers.adam(1e-3);
            OptState<MlpBench.Params> state = adam.init(params);
            for (int s = 0; s < 3 + steps; s++) {
                if (s == 3) ops.reset();  // module loads and first-use costs stay out
                MlpBench.Trained trained = MlpBench.step(adam, params, state, x, y);
                params = trained.params();
                state = trained.state();
                trained.loss().item();
            }
            System.out.println("call,calls_per_step,us_per_step");
            for (String row : table(ops.entries(), steps)) System.out.println(row);
            backend.close();
            busy.close();
        }
    }

    /** The rows, most expensive first, then the sums. */
    static List<String> table(Map<String, ProfilingCudaOps.Entry> entries, int steps) {
        List<Map.Entry<String, ProfilingCudaOps.Entry>> sorted = new ArrayList<>(entries.entrySet());
        sorted.sort((a, b) -> Double.compare(b.getValue().millis, a.getValue().millis));
        List<String> rows = new ArrayList<>();
        double totalMs = 0;
        long totalCalls = 0;
        for (Map.Entry<String, ProfilingCudaOps.Entry> e : sorted) {
            ProfilingCudaOps.Entry v = e.getValue();
            rows.add(String.format(java.util.Locale.ROOT, "%s,%.2f,%.2f", e.getKey(), (double) v.calls / steps,
                    v.millis * 1000 / steps));
            totalMs += v.millis;
            totalCalls += v.calls;
        }
        rows.add(String.format(java.util.Locale.ROOT, "all device calls,%.2f,%.2f", (double) totalCalls / steps,
                totalMs * 1000 / steps));
        return rows;
    }
}
