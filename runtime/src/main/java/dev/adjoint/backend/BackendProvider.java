package dev.adjoint.backend;

import dev.adjoint.tensor.Device;

/**
 * Service interface through which device backends other than the CPU's are found
 * ({@link java.util.ServiceLoader}, registered in {@code META-INF/services}). The tensor layer
 * asks for a backend the first time a tensor moves to one of its devices, and keeps it.
 */
public interface BackendProvider {

  /** The kind of device this provider serves. */
  Device.Kind kind();

  /**
   * Opens the backend of one device.
   *
   * @throws IllegalStateException naming why the device cannot be used (no driver, no such
   *     ordinal)
   */
  Backend open(int ordinal);
}
