package dev.adjoint.backend;

/** Elementwise functions of one tensor. Each also has a fused backward kernel. */
public enum UnaryOp {
  NEG, EXP, LOG, TANH, SIGMOID, RELU, SOFTPLUS, SQRT, SQUARE, ABS
}
