package dev.adjoint.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.backend.Backend;
import dev.adjoint.backend.cuda.DeviceScope;
import dev.adjoint.backend.cuda.EmulatedCuda;
import org.junit.jupiter.api.Test;

/**
 * The dispatch policy, on the emulated CUDA device: operations run where their inputs live and
 * their results stay there; inputs on two devices are an error naming the operation and both
 * devices; {@code to} moves data both ways; a scope releases a step's device temporaries.
 */
class DevicePlacementTest {
  private final Backend cuda = EmulatedCuda.backend();

  private Tensor onDevice(Tensor t) {
    return TensorsOn.backend(cuda, t);
  }

  @Test
  void operationsRunWhereTheirInputsLive() {
    Tensor x = onDevice(Tensor.of(new float[] {1, -2, 3, -4, 5, -6}, 2, 3));
    Tensor w = onDevice(Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2));
    Tensor y = x.matmul(w).add(1).relu().sum(0);
    assertEquals(Device.cuda(0), y.device());
    assertSame(cuda, y.storage().backend());
    assertArrayEquals(new float[] {5, 2}, y.to(Device.CPU).toFloatArray());  // [[4, 1], [-10, -1]] + 1, relu, sum
    assertEquals(Device.CPU, y.to(Device.CPU).device());
    assertEquals("Tensor([5.0, 2.0], shape=[2], dtype=float32, device=cuda:0)", y.toString());
  }

  @Test
  void mixingDevicesNamesTheOperationAndTheDevices() {
    Tensor onGpu = onDevice(Tensor.ones(2, 2));
    Tensor onCpu = Tensor.ones(2, 2);
    IllegalArgumentException add = assertThrows(IllegalArgumentException.class, () -> onGpu.add(onCpu));
    assertEquals("add: operands are on devices cuda:0 and cpu; move one with to(Device)", add.getMessage());
    IllegalArgumentException matmul = assertThrows(IllegalArgumentException.class, () -> onCpu.matmul(onGpu));
    assertEquals("matmul: operands are on devices cpu and cuda:0; move one with to(Device)", matmul.getMessage());
    IllegalArgumentException backward = assertThrows(IllegalArgumentException.class,
        () -> BackwardOps.reluBackward(onGpu, onCpu));
    assertTrue(backward.getMessage().startsWith("reluBackward: operands are on devices cuda:0 and cpu"), backward.getMessage());
  }

  @Test
  void float64StaysOnTheCpuWithTheFixInTheMessage() {
    Tensor d = Tensor.of(new double[] {1, 2}, DType.FLOAT64);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> onDevice(d));
    assertEquals("to(cuda:0): a float64 tensor cannot move to cuda:0, whose kernels are float32; convert it with"
        + " astype(DType.FLOAT32) first", e.getMessage());
    IllegalArgumentException astype = assertThrows(IllegalArgumentException.class,
        () -> onDevice(Tensor.ones(2)).astype(DType.FLOAT64));
    assertTrue(astype.getMessage().startsWith("astype: cuda:0 holds float32 tensors only"), astype.getMessage());
  }

  @Test
  void aScopeReleasesTemporariesAndKeepsWhatItIsTold() {
    Tensor x = onDevice(Tensor.arange(6).reshape(2, 3));
    Tensor kept;
    Tensor temporary;
    try (DeviceScope scope = DeviceScope.open()) {
      temporary = x.mul(2);
      kept = scope.keep(temporary.add(1));
      assertEquals(1, scope.ownedCount());
    }
    assertArrayEquals(new float[] {1, 3, 5, 7, 9, 11}, kept.toFloatArray());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> temporary.exp());
    assertTrue(e.getMessage().startsWith("exp: this tensor's device memory was released when the DeviceScope"), e.getMessage());
    IllegalStateException read = assertThrows(IllegalStateException.class, temporary::toFloatArray);
    assertTrue(read.getMessage().startsWith("toFloatArray: "), read.getMessage());
  }

  @Test
  void cpuTensorsAreIgnoredByScopes() {
    Tensor cpu = Tensor.ones(3);
    try (DeviceScope scope = DeviceScope.open()) {
      Tensor made = cpu.add(1);
      scope.keep(made);
      scope.adopt(cpu);
      assertEquals(0, scope.ownedCount());
    }
    assertArrayEquals(new float[] {1, 1, 1}, cpu.toFloatArray());
  }
}
