package dev.adjoint.backend.cuda;

import dev.adjoint.random.RandomArrays;
import dev.adjoint.random.RandomKey;
import dev.adjoint.tensor.Device;
import dev.adjoint.tensor.Tensor;
import java.util.Arrays;

/**
 * Times one training step of {@link MlpBench} (forward, processor-generated backward, Adam as
 * optax.adam computes it, written with tensor operations), batch 1024, float32, for
 * {@code cuda-kernels/bench/gpu-bench.sh}, which times the same step in JAX in the same run. Not a
 * test: run it on the GPU machine with the staged class path:
 *
 * <pre>  .gpu/java -cp ".gpu/tests/runtime:.gpu/lib/*" dev.adjoint.backend.cuda.MlpStepBenchmark [cuda|cpu] [batch] [steps] [warmup]</pre>
 *
 * Each step runs in a {@link DeviceScope} that adopts the previous parameters and optimizer state
 * and keeps the new ones, and ends by reading the loss (which waits for the device). After the
 * warm-up, each step's wall time is recorded; the median and the 10th and 90th percentiles are
 * printed as {@code impl,device,batch,median_ms,p10_ms,p90_ms,steps,first_loss,last_loss}.
 */
public final class MlpStepBenchmark {
    private static final float LEARNING_RATE = 1e-3f, BETA1 = 0.9f, BETA2 = 0.999f, EPS = 1e-8f;

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
        Tensor[] m = zerosLike(params.leaves());
        Tensor[] v = zerosLike(params.leaves());
        double[] ms = new double[steps];
        double first = Double.NaN, last = Double.NaN;
        for (int s = 0; s < warmup + steps; s++) {
            long start = System.nanoTime();
            double loss;
            try (DeviceScope scope = DeviceScope.open()) {
                scope.adopt(params.leaves());
                scope.adopt(m);
                scope.adopt(v);
                MlpBenchGrad.LossValueAndGrad vg = MlpBenchGrad.lossValueAndGrad(params, x, y);
                Tensor[] p = params.leaves(), g = vg.grad().leaves();
                int t = s + 1;
                float c1 = (float) (1 / (1 - Math.pow(BETA1, t))), c2 = (float) (1 / (1 - Math.pow(BETA2, t)));
                for (int i = 0; i < p.length; i++) {
                    m[i] = m[i].mul(BETA1).add(g[i].mul(1 - BETA1));
                    v[i] = v[i].mul(BETA2).add(g[i].square().mul(1 - BETA2));
                    Tensor update = m[i].mul(c1).div(v[i].mul(c2).sqrt().add(EPS));
                    p[i] = p[i].sub(update.mul(LEARNING_RATE));
                }
                params = MlpBench.Params.of(p);
                scope.keep(p);
                scope.keep(m);
                scope.keep(v);
                loss = vg.value().item();  // waits for the step's work
            }
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

    private static Tensor[] zerosLike(Tensor[] leaves) {
        Tensor[] z = new Tensor[leaves.length];
        for (int i = 0; i < z.length; i++) z[i] = Tensor.zerosLike(leaves[i]);
        return z;
    }
}
