package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.optim.Optimizers;
import dev.adjoint.tensor.TensorsOn;
import org.junit.jupiter.api.Test;

/**
 * A whole training run (generated gradient, gradient descent) on the emulated CUDA device against
 * the same run on the CPU: the loss curves agree step by step, the loss falls, and with a scope
 * per step the device memory in use is the same after every step. {@link GpuTrainingTest} runs
 * the same on a GPU.
 */
class DeviceTrainingTest {
    static final int STEPS = 40;
    static final double LEARNING_RATE = 0.5;
    static final double ADAM_LEARNING_RATE = 0.01;

    /** The curves agree within float32 rounding drift; the loss falls by a third; memory stays flat. */
    static void assertMatchesCpu(DeviceTraining.Curve cpu, DeviceTraining.Curve device) {
        for (int s = 0; s < STEPS; s++) {
            double a = cpu.losses()[s], b = device.losses()[s];
            assertTrue(Math.abs(a - b) <= 1e-4 * Math.abs(a), "step " + s + ": cpu loss " + a + ", device loss " + b);
        }
        assertTrue(cpu.losses()[STEPS - 1] < 0.67 * cpu.losses()[0],
                "the loss falls: " + cpu.losses()[0] + " -> " + cpu.losses()[STEPS - 1]);
        for (int s = 2; s < STEPS; s++) {
            assertEquals(device.bytesAfterStep()[1], device.bytesAfterStep()[s], "device bytes in use after step " + s);
        }
    }

    @Test
    void emulatedDeviceFollowsTheCpuLossCurveWithFlatMemory() {
        EmulatedCuda.Parts parts = EmulatedCuda.open(1L << 30, System::gc);
        DeviceTraining.Curve cpu = DeviceTraining.run(t -> t, STEPS, LEARNING_RATE, () -> 0);
        DeviceTraining.Curve device = DeviceTraining.run(t -> TensorsOn.backend(parts.backend(), t), STEPS, LEARNING_RATE,
                parts.pool()::bytesInUse);
        assertMatchesCpu(cpu, device);
        assertTrue(device.bytesAfterStep()[STEPS - 1] > 0, "the parameters and the batch stay on the device");
        long driverAllocations = parts.pool().driverAllocations();
        DeviceTraining.run(t -> TensorsOn.backend(parts.backend(), t), 3, LEARNING_RATE, parts.pool()::bytesInUse);
        assertTrue(parts.pool().driverAllocations() <= driverAllocations + 8,
                "a second run reuses the pool's blocks: " + driverAllocations + " then " + parts.pool().driverAllocations());
        parts.backend().close();
    }

    /** Adam (its moments on the device too, stepped by the fused launch) against Adam on the CPU. */
    @Test
    void adamOnTheEmulatedDeviceFollowsTheCpuLossCurveWithFlatMemory() {
        EmulatedCuda.Parts parts = EmulatedCuda.open(1L << 30, System::gc);
        DeviceTraining.Curve cpu = DeviceTraining.run(t -> t, STEPS, Optimizers.adam(ADAM_LEARNING_RATE), () -> 0);
        DeviceTraining.Curve device = DeviceTraining.run(t -> TensorsOn.backend(parts.backend(), t), STEPS,
                Optimizers.adam(ADAM_LEARNING_RATE), parts.pool()::bytesInUse);
        assertMatchesCpu(cpu, device);
        parts.backend().close();
    }
}
