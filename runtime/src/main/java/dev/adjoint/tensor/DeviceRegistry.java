package dev.adjoint.tensor;

import dev.adjoint.backend.Backend;
import dev.adjoint.backend.BackendProvider;
import dev.adjoint.backend.cpu.CpuBackend;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the backend of a device: the CPU's directly, others through {@link BackendProvider}
 * services, each opened once and kept (a cache of immutable objects).
 */
final class DeviceRegistry {
  private DeviceRegistry() {}

  private static final Map<Device, Backend> OPENED = new ConcurrentHashMap<>();

  static Backend backend(Device device) {
    if (device.kind() == Device.Kind.CPU) {
      return CpuBackend.INSTANCE;
    }
    return OPENED.computeIfAbsent(device, DeviceRegistry::open);
  }

  private static Backend open(Device device) {
    for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
      if (provider.kind() == device.kind()) {
        return provider.open(device.ordinal());
      }
    }
    throw new IllegalStateException(
        "to: no backend for device " + device + " is on the class path (no BackendProvider for "
            + device.kind() + ")");
  }
}
