package dev.adjoint.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.tensor.Device;
import org.junit.jupiter.api.Test;

class DeviceSelectionTest {
  private static final GpuProbe HAS_GPU = () -> GpuProbe.Status.available(Device.cuda(0));
  private static final GpuProbe NO_GPU = () -> GpuProbe.Status.unavailable("no driver");
  private static final GpuProbe MUST_NOT_PROBE = () -> {
    throw new AssertionError("--device=cpu probed for a GPU");
  };

  @Test
  void cpuNeverProbes() {
    DeviceSelection s = DeviceSelection.resolve(DeviceChoice.CPU, MUST_NOT_PROBE);
    assertEquals(Device.CPU, s.device());
    assertEquals("device: cpu (--device=cpu)", s.summary());
  }

  @Test
  void autoTakesTheGpuWhereThereIsOne() {
    DeviceSelection s = DeviceSelection.resolve(DeviceChoice.AUTO, HAS_GPU);
    assertEquals(Device.cuda(0), s.device());
    assertEquals("device: cuda:0 (--device=auto found a GPU)", s.summary());
  }

  @Test
  void autoFallsBackToTheCpuAndSaysWhy() {
    DeviceSelection s = DeviceSelection.resolve(DeviceChoice.AUTO, NO_GPU);
    assertEquals(Device.CPU, s.device());
    assertEquals("device: cpu (--device=auto found no GPU: no driver)", s.summary());
  }

  @Test
  void gpuTakesTheGpu() {
    assertEquals(Device.cuda(0), DeviceSelection.resolve(DeviceChoice.GPU, HAS_GPU).device());
  }

  @Test
  void gpuWithoutOneFailsNamingTheReason() {
    DeviceSelection.NoGpuException e = assertThrows(DeviceSelection.NoGpuException.class,
        () -> DeviceSelection.resolve(DeviceChoice.GPU, NO_GPU));
    assertEquals("--device=gpu, but no GPU can be used: no driver. Use --device=cpu, or"
        + " --device=auto to take a GPU only where there is one.", e.getMessage());
  }

  @Test
  void theRuntimeProbeAnswersWithoutThrowing() {
    GpuProbe.Status status = GpuProbe.cuda().probe();
    if (status.isAvailable()) {
      assertEquals(Device.cuda(0), status.device());
    } else {
      // without a CUDA backend on the class path, the runtime says so
      assertFalse(status.unavailableReason().isBlank());
      assertTrue(status.unavailableReason().contains("cuda:0"), status.unavailableReason());
    }
  }

  @Test
  void statusHoldsExactlyOneOfDeviceAndReason() {
    assertThrows(IllegalArgumentException.class, () -> new GpuProbe.Status(null, null));
    assertThrows(IllegalArgumentException.class, () -> new GpuProbe.Status(Device.cuda(0), "x"));
  }
}
