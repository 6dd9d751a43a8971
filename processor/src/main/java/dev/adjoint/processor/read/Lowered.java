package dev.adjoint.processor.read;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import java.util.List;

/**
 * An expression read from source: the statements that must run first (the side effects Java
 * evaluates inside it, in order) and the side-effect-free value that remains.
 */
record Lowered(List<Stmt> before, Expr value) {
  Lowered {
    before = List.copyOf(before);
  }

  static Lowered of(Expr value) {
    return new Lowered(List.of(), value);
  }

  boolean hasEffects() {
    return !before.isEmpty();
  }
}
