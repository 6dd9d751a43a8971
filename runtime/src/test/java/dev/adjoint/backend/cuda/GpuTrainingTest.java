package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.adjoint.optim.GradientTransformation;
import dev.adjoint.optim.Optimizers;
import dev.adjoint.tensor.Device;
import dev.adjoint.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On a real GPU, through {@code Tensor.to(Device.cuda(0))} and the registered backend: a whole
 * training run follows the CPU's loss curve with flat device memory, tensors move both ways, and
 * {@code adam(lr)} moves all leaves in one fused launch with the CPU loop's bits.
 */
@Tag("gpu")
class GpuTrainingTest {

    private static CudaBackend backendOrSkip() {
        CudaAvailability availability = Cuda.availability();
        assumeTrue(availability.isAvailable(), availability::summary);
        return (CudaBackend) Tensor.zeros(1).to(Device.cuda(0)).storage().backend();
    }

    @Test
    void trainingOnTheGpuFollowsTheCpuLossCurve() {
        CudaBackend backend = backendOrSkip();
        DeviceTraining.Curve cpu = DeviceTraining.run(t -> t, DeviceTrainingTest.STEPS, DeviceTrainingTest.LEARNING_RATE, () -> 0);
        DeviceTraining.Curve gpu = DeviceTraining.run(t -> t.to(Device.cuda(0)), DeviceTrainingTest.STEPS,
                DeviceTrainingTest.LEARNING_RATE, backend.memory().pool()::bytesInUse);
        DeviceTrainingTest.assertMatchesCpu(cpu, gpu);
    }

    @Test
    void adamTrainingOnTheGpuFollowsTheCpuLossCurve() {
        CudaBackend backend = backendOrSkip();
        GradientTransformation adam = Optimizers.adam(DeviceTrainingTest.ADAM_LEARNING_RATE);
        DeviceTraining.Curve cpu = DeviceTraining.run(t -> t, DeviceTrainingTest.STEPS, adam, () -> 0);
        DeviceTraining.Curve gpu = DeviceTraining.run(t -> t.to(Device.cuda(0)), DeviceTrainingTest.STEPS, adam,
                backend.memory().pool()::bytesInUse);
        DeviceTrainingTest.assertMatchesCpu(cpu, gpu);
    }

    @Test
    void tensorsMoveToTheGpuAndBack() {
        backendOrSkip();
        float[] values = {1.5f, -2f, 3.25f, 0f, -0f, 7f};
        Tensor x = Tensor.of(values, 2, 3).to(Device.cuda(0));
        assertEquals(Device.cuda(0), x.device());
        Tensor y = x.mul(2).add(1).to(Device.CPU);
        assertEquals(Device.CPU, y.device());
        assertArrayEquals(new float[] {4, -3, 7.5f, 1, 1, 15}, y.toFloatArray());
        assertEquals(Device.cuda(0), Cuda.preferredDevice());
    }

    @Test
    void adamAndSgdMoveEveryLeafInOneLaunchWithTheCpuBits() {
        FusedOptimizerStepsTest.stepsMatchTheCpuBits(backendOrSkip(), Optimizers.adam(3e-3), null);
        FusedOptimizerStepsTest.stepsMatchTheCpuBits(backendOrSkip(), Optimizers.sgd(0.05, 0.9, true), null);
    }
}
