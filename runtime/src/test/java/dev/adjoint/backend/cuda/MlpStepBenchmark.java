package dev.adjoint.backend.cuda;

import dev.adjoint.optim.GradientTransformation;
import dev.adjoint.optim.OptState;
import dev.adjoint.optim.Optimizers;
import dev.adjoint.random.RandomArrays;
import dev.adjoint.random.RandomKey;
import dev.adjoint.tensor.Device;
import dev.adjoint.tensor.Tensor;
import java.util.Arrays;

/**
 * Times one training step of {@link MlpBench} (forward, processor-generated backward,
 * {@code Optimizers.adam(1e-3)}, which on the GPU moves all six leaves in one fused launch), batch
 * 1024, float32, for
 * {@code cuda-kernels/bench/gpu-bench.sh}, which times the same step in JAX in the same run. Not a
 * test: run it on the GPU machine with the staged class path:
 *
 * <pre>  .gpu/java -cp ".gpu/tests/runtime:.gpu/lib/*" dev.adjoint.backend.cuda.MlpStepBenchmark [cuda|cpu] [batch] [steps] [warmup]</pre>
 *
 * Each step runs in a {@link DeviceScope} that adopts the previous parameters and optimizer state
 * ({@code OptState.tensors()}) and keeps the new ones, and ends by reading the loss (which waits for the device). After the
 * warm-up, each step's wall time is recorded; the median and the 10th and 90th percentiles are
 * printed as {@code impl,device,batch,median_ms,p10_ms,p90_ms,steps,first_loss,last_loss}.
 */
public final class MlpStepBenchmark {
    private static final double LEARNING_RATE = 1e-3;

    private MlpStepBenchmark() {}

    public static void main(String[] args) {
        Device device = args.length > 0 && args[0].equals("cpu") ? Device.CPU : Device.cuda(0);
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        RandomKey[] k = RandomKey.of(0).split(3);
        MlpBench.Params params = place(MlpBench.init(k[0]), device);
        Tensor x = Tensor.of(RandomArrays.normal(k[1], batch, 784), batch, 784).to(device);
        int[] labels = new int[batch];
        float[] u = RandomArrays.uniform(k[2], batch);
        for (int i = 0; i < batch; i++) labels[i] = Math.min(9, (int) (u[i] * 10));
        Tensor y = Tensor.oneHot(labels, 10).to(device);
        GradientTransformation adam = Optimizers.adam(LEARNING_RATE);
        OptState<MlpBench.Params> state = adam.init(params);
        double[] ms = new double[steps];
        double first = Double.NaN, last = Double.NaN;
        for (int s = 0; s < warmup + steps; s++) {
            long start = System.nanoTime();
            MlpBench.Trained trained = MlpBench.step(adam, params, state, x, y);
            params = trained.params();
            state = trained.state();
            double loss = trained.loss().item();  // waits for the step's work
            long end = System.nanoTime();
            if (s == 0) first = loss;
            last = loss;
            if (s >= warmup) ms[s - warmup] = (end - start) / 1e6;
        }
        Arrays.sort(ms);
        System.out.println("impl,device,batch,median_ms,p10_ms,p90_ms,steps,first_loss,last_loss");
        System.out.printf("adjoint,%s,%d,%.4f,%.4f,%.4f,%d,%.5f,%.5f%n", device, batch, ms[steps / 2], ms[steps / 10],
                ms[steps * 9 / 10], steps, first, last);
    }

    private static MlpBench.Params place(MlpBench.Params p, Device device) {
        Tensor[] leaves = p.leaves();
        for (int i = 0; i < leaves.length; i++) leaves[i] = leaves[i].to(device);
        return MlpBench.Params.of(leaves);
    }
}
