package dev.adjoint.examples.cli;

import java.util.Locale;

/** Where an example asks its array work to run ({@code --device}). */
public enum DeviceChoice {
  /** Everything on the CPU. */
  CPU,
  /** Large batched work on the GPU, as the runtime's device policy allows. */
  GPU,
  /** The GPU where one is present, the CPU otherwise (the runtime's default policy). */
  AUTO;

  /** The lower-case name the command line takes and the help shows. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
