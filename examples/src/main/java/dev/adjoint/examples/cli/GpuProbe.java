package dev.adjoint.examples.cli;

import dev.adjoint.tensor.Device;
import dev.adjoint.tensor.Tensor;

/**
 * Finds out whether tensors can be put on a GPU in this process, for {@code --device}.
 *
 * <p>{@link #cuda()} asks the runtime the way a program would use the GPU: it moves a one-element
 * tensor to {@code cuda:0}. That goes through the runtime's {@code BackendProvider} services, so
 * the answer is "no backend on the class path" until a CUDA backend is there, the provider's own
 * reason (no driver, no device) where one is there but cannot open the device, and the device
 * once it can. Nothing here knows about CUDA beyond the device's name, so this code stays as it
 * is when the backend lands. Tests pass their own probe.
 */
@FunctionalInterface
public interface GpuProbe {

  /** Whether a GPU is usable now. Never throws. */
  Status probe();

  /** What a probe found: a usable device, or the reason there is none. */
  record Status(Device device, String unavailableReason) {

    /** Exactly one of the two is given. */
    public Status {
      if ((device == null) == (unavailableReason == null)) {
        throw new IllegalArgumentException(
            "GpuProbe.Status: give a device or a reason, not both or neither");
      }
    }

    /** A GPU that tensors can be moved to. */
    public static Status available(Device device) {
      return new Status(device, null);
    }

    /** No usable GPU, for the given reason (shown to the user). */
    public static Status unavailable(String reason) {
      return new Status(null, reason);
    }

    public boolean isAvailable() {
      return device != null;
    }
  }

  /** The first CUDA device, probed by moving a one-element tensor to it. */
  static GpuProbe cuda() {
    return () -> {
      Device gpu = Device.cuda(0);
      try {
        Tensor.zeros(1).to(gpu);
        return Status.available(gpu);
      } catch (RuntimeException e) {
        // BackendProvider.open reports an unusable device as IllegalStateException; a backend
        // that throws something else still means "no GPU here", so the probe never fails
        return Status.unavailable(String.valueOf(e.getMessage()));
      }
    };
  }
}
