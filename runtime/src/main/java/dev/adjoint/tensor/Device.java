package dev.adjoint.tensor;

/**
 * Where a tensor's storage lives. Operations run on the device of their inputs; inputs on
 * different devices are an error (move one with {@link Tensor#to(Device)}).
 *
 * @param kind the kind of device
 * @param ordinal which device of that kind, from 0 (always 0 for the CPU)
 */
public record Device(Kind kind, int ordinal) {

  /** Kinds of device a backend can serve. */
  public enum Kind {
    /** Host memory, computed by the pure-Java CPU backend. */
    CPU,
    /** An NVIDIA GPU, computed by the CUDA backend. */
    CUDA
  }

  /** The host. */
  public static final Device CPU = new Device(Kind.CPU, 0);

  /** Validates the ordinal. */
  public Device {
    if (kind == null) {
      throw new IllegalArgumentException("Device: kind must not be null");
    }
    if (ordinal < 0 || (kind == Kind.CPU && ordinal != 0)) {
      throw new IllegalArgumentException("Device: invalid ordinal " + ordinal + " for " + kind);
    }
  }

  /** The CUDA device with the given ordinal. */
  public static Device cuda(int ordinal) {
    return new Device(Kind.CUDA, ordinal);
  }

  /** {@code cpu} or {@code cuda:N}. */
  @Override
  public String toString() {
    return kind == Kind.CPU ? "cpu" : "cuda:" + ordinal;
  }
}
