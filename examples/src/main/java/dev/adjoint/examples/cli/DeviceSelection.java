package dev.adjoint.examples.cli;

import dev.adjoint.tensor.Device;
import java.util.Objects;

/**
 * Where an example's tensors live, as {@code --device} decided: the device, and one line saying
 * why, which the example prints ({@code device: cpu (--device=auto found no GPU: ...)}).
 */
public record DeviceSelection(Device device, String why) {

  public DeviceSelection {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(why, "why");
  }

  /**
   * Resolves a {@code --device} choice. {@code cpu} never probes; {@code auto} takes the GPU if
   * {@code gpu} finds one, else the CPU; {@code gpu} takes the GPU or fails.
   *
   * @throws NoGpuException for {@code gpu} when the probe finds none, with the probe's reason
   */
  public static DeviceSelection resolve(DeviceChoice choice, GpuProbe gpu) {
    return switch (choice) {
      case CPU -> new DeviceSelection(Device.CPU, "--device=cpu");
      case GPU -> {
        GpuProbe.Status status = gpu.probe();
        if (!status.isAvailable()) {
          throw new NoGpuException(
              "--device=gpu, but no GPU can be used: " + status.unavailableReason()
                  + ". Use --device=cpu, or --device=auto to take a GPU only where there is one.");
        }
        yield new DeviceSelection(status.device(), "--device=gpu");
      }
      case AUTO -> {
        GpuProbe.Status status = gpu.probe();
        yield status.isAvailable()
            ? new DeviceSelection(status.device(), "--device=auto found a GPU")
            : new DeviceSelection(
                Device.CPU, "--device=auto found no GPU: " + status.unavailableReason());
      }
    };
  }

  /** The line an example prints: {@code device: cpu (--device=cpu)}. */
  public String summary() {
    return "device: " + device + " (" + why + ")";
  }

  /** {@code --device=gpu} on a machine without a usable GPU. */
  public static final class NoGpuException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoGpuException(String message) {
      super(message);
    }
  }
}
