package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Pos;

/** Something a transform cannot differentiate; reported as a compile error at {@link #pos()}. */
public final class UnsupportedTransform extends RuntimeException {
  private final transient Pos pos;

  public UnsupportedTransform(Pos pos, String message) {
    super(message, null, false, false);
    this.pos = pos;
  }

  public Pos pos() {
    return pos;
  }
}
