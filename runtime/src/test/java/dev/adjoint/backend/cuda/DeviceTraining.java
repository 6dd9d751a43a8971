package dev.adjoint.backend.cuda;

import dev.adjoint.optim.GradientTransformation;
import dev.adjoint.optim.OptState;
import dev.adjoint.optim.Optimizers;
import dev.adjoint.optim.Step;
import dev.adjoint.random.RandomArrays;
import dev.adjoint.random.RandomKey;
import dev.adjoint.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * One training run of {@link TinyMlp} by gradient descent or another optimizer, through the
 * processor-generated gradient, with its parameters and batch on whatever device {@code place} puts them: the CPU
 * run is the reference for the device runs. Each step runs in a {@link DeviceScope} that adopts
 * the previous parameters (and optimizer state) and keeps the new ones, so device memory is flat from step to step.
 */
final class DeviceTraining {
    static final int IN = 20, HIDDEN = 33, CLASSES = 5, BATCH = 64;

    private DeviceTraining() {}

    /** The loss before each step, and the device memory in use (bytes) after each. */
    record Curve(double[] losses, long[] bytesAfterStep) {}

    static Curve run(UnaryOperator<Tensor> place, int steps, double learningRate, java.util.function.LongSupplier bytesInUse) {
        return run(place, steps, Optimizers.sgd(learningRate), bytesInUse);
    }

    /**
     * The run with {@code optimizer}; each step's scope also adopts the optimizer's state and keeps
     * the next one ({@link OptState#tensors()}), so Adam's moments stay on the device with flat memory.
     */
    static Curve run(UnaryOperator<Tensor> place, int steps, GradientTransformation optimizer,
                     java.util.function.LongSupplier bytesInUse) {
        RandomKey key = RandomKey.of(2024);
        RandomKey[] k = key.split(3);
        TinyMlp.Params params = TinyMlp.init(k[0], IN, HIDDEN, CLASSES).map(place);
        Tensor x = place.apply(Tensor.of(RandomArrays.normal(k[1], BATCH, IN), BATCH, IN));
        int[] labels = new int[BATCH];
        float[] u = RandomArrays.uniform(k[2], BATCH);
        for (int i = 0; i < BATCH; i++) labels[i] = Math.min(CLASSES - 1, (int) (u[i] * CLASSES));
        Tensor y = place.apply(Tensor.oneHot(labels, CLASSES));
        OptState<TinyMlp.Params> state = optimizer.init(params);
        double[] losses = new double[steps];
        long[] bytes = new long[steps];
        for (int s = 0; s < steps; s++) {
            try (DeviceScope scope = DeviceScope.open()) {
                scope.adopt(params.leaves());
                scope.adoptAll(state.tensors());
                TinyMlpGrad.LossValueAndGrad vg = TinyMlpGrad.lossValueAndGrad(params, x, y);
                losses[s] = vg.value();
                Step<TinyMlp.Params> next = optimizer.apply(params, vg.grad(), state);
                params = next.params();
                state = next.state();
                scope.keep(params.leaves());
                scope.keepAll(state.tensors());
            }
            bytes[s] = bytesInUse.getAsLong();
        }
        return new Curve(losses, bytes);
    }
}
