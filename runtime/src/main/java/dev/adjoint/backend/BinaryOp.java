package dev.adjoint.backend;

/** Elementwise functions of two broadcast tensors. */
public enum BinaryOp {
  ADD, SUB, MUL, DIV
}
