package dev.adjoint.backend;

/**
 * Elementwise functions of a tensor {@code x} and a constant {@code c}; the {@code R} forms put the
 * constant on the left.
 */
public enum ScalarOp {
  /** {@code x + c} */
  ADD,
  /** {@code x - c} */
  SUB,
  /** {@code c - x} */
  RSUB,
  /** {@code x * c} */
  MUL,
  /** {@code x / c} */
  DIV,
  /** {@code c / x} */
  RDIV,
  /** {@code x ^ c} */
  POW
}
